"""The township's side of the cross-check: its clerk enters, imports and corrects its records
of what it paid to, or manages for, its villages; both sides explain the differences; a
published village statement is corrected (更正) as a new version."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from gongkai.core import tokens
from gongkai.core.models import AuditEvent, Role
from gongkai.core.tests.factories import county, member, township, village
from gongkai.publishing import actions as publishing
from gongkai.villages import actions
from gongkai.villages.imports import Line
from gongkai.villages.models import TownshipRecord

pytestmark = pytest.mark.django_db

PERIOD = "2026-M10"
DAY = dt.date(2026, 10, 5)
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def people():
    root = county()
    town = township(root, short_name="青山镇")
    home = village(town, name="青山镇青山村村民委员会", short_name="青山村")
    other = village(town, name="青山镇柳溪村村民委员会", short_name="柳溪村")
    return {
        "township": town,
        "village": home,
        "other": other,
        "township_clerk": member(town, Role.CLERK),
        "clerk": member(home, Role.CLERK),
        "committee": member(home, Role.VILLAGE_SUPERVISION),
    }


def _published(people, lines: list[Line]):
    statement = actions.create_statement(
        people["village"],
        by=people["clerk"],
        period=PERIOD,
        opening_balance=Decimal("0"),
        today=TODAY,
    )
    actions.import_lines(statement, by=people["clerk"], lines=lines, source="test.csv")
    return _sign_off(people, actions.submit(statement, by=people["clerk"], today=TODAY))


def _sign_off(people, statement):
    publication = statement.publication
    publishing.approve(
        publication,
        by=people["committee"],
        today=TODAY,
        no_state_secret=True,
        no_superior_document=True,
        privacy_lawful=True,
    )
    publication.refresh_from_db()
    publishing.publish(
        publication, by=people["committee"], version_number=publication.draft.number, today=TODAY
    )
    statement.refresh_from_db()
    return statement


def _funds(amount: str) -> Line:
    return Line(
        DAY, "上级补助收入", "income", Decimal(amount), "青山镇财政所", "记-01", "managed_funds"
    )


def _xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("乡镇涉村资金.xlsx", out.getvalue())


def _key(user) -> str:
    return tokens.issue(user, name="test")[1]


def test_the_township_clerk_enters_and_imports_its_records_and_the_cross_check_uses_them(
    client, people
):
    _published(people, [_funds("18000.00")])
    client.force_login(people["township_clerk"])
    url = f"/staff/villages/records/{people['township'].org_code}/"
    assert client.get(f"{url}?period={PERIOD}").status_code == 200
    added = client.post(
        f"{url}?period={PERIOD}",
        {
            "period": PERIOD,
            "village": people["village"].org_code,
            "matter": "managed_funds",
            "amount": "18000.00",
            "reference": "代管资金拨付单2026-10",
        },
    )
    assert added.status_code == 302
    page = client.get(
        f"/staff/villages/reconciliation/{people['township'].org_code}/?period={PERIOD}"
    )
    assert "无差异" in page.content.decode()

    # A broken file: every problem by row and column, and nothing replaced.
    broken = _xlsx(
        [
            ["村名", "对应乡镇事项", "金额（元）", "依据或凭证"],
            ["青山村", "代管资金", 18000, "拨付单"],
            ["白水村", "惠农补贴", 300, ""],
            ["柳溪村", "修路款", "abc", ""],
        ]
    )
    refused = client.post(f"{url}import/", {"period": PERIOD, "file": broken})
    body = refused.content.decode()
    assert refused.status_code == 400
    assert (
        "第3行“村名”列" in body
        and "第4行“对应乡镇事项”列" in body
        and "第4行“金额（元）”列" in body
    )
    assert TownshipRecord.objects.filter(township=people["township"]).count() == 1

    # A good file in GBK replaces the period's records: the cross-check sees the new figures.
    good = SimpleUploadedFile(
        "records.csv",
        "村名,对应乡镇事项,金额（元）,依据或凭证\n青山村,代管资金,19200.00,拨付单2026-10\n柳溪村,低保救助,3600,临时救助拨款\n".encode(
            "gbk"
        ),
    )
    imported = client.post(f"{url}import/", {"period": PERIOD, "file": good})
    assert imported.status_code == 302
    assert TownshipRecord.objects.filter(township=people["township"], period=PERIOD).count() == 2
    answer = client.get(
        f"/api/v1/staff/reconciliation?unit={people['township'].org_code}&period={PERIOD}",
        HTTP_AUTHORIZATION=f"Token {_key(people['township_clerk'])}",
    ).json()
    assert {(i["village"], i["matter"], i["status"]) for i in answer["items"]} == {
        (people["village"].org_code, "managed_funds", "amount_differs"),
        (people["other"].org_code, "relief", "missing_in_village"),
    }
    assert AuditEvent.objects.filter(action="township_record:imported").count() == 1


def test_a_village_clerk_cannot_enter_the_townships_records(client, people):
    client.force_login(people["clerk"])
    url = f"/staff/villages/records/{people['township'].org_code}/"
    assert client.get(url).status_code == 403
    answer = client.post(
        "/api/v1/staff/township-records",
        {
            "township": people["township"].org_code,
            "village": people["village"].org_code,
            "period": PERIOD,
            "matter": "subsidy",
            "amount": "300.00",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {_key(people['clerk'])}",
    )
    assert answer.status_code == 403
    assert not TownshipRecord.objects.exists()


def test_the_township_records_one_payment_over_the_api(client, people):
    answer = client.post(
        "/api/v1/staff/township-records",
        {
            "township": people["township"].org_code,
            "village": people["village"].org_code,
            "period": PERIOD,
            "matter": "subsidy",
            "amount": "3,000.50",
            "reference": "惠农补贴发放清册",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {_key(people['township_clerk'])}",
    )
    assert answer.status_code == 201
    assert answer.json()["amount"] == "3000.50"
    bad = client.post(
        "/api/v1/staff/township-records",
        {
            "township": people["township"].org_code,
            "village": people["village"].org_code,
            "period": PERIOD,
            "matter": "subsidy",
            "amount": "-1",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {_key(people['township_clerk'])}",
    )
    assert bad.status_code == 400


def test_both_sides_explain_and_the_township_corrects_its_record(client, people):
    _published(people, [_funds("16800.00")])
    record = actions.record_township_payment(
        people["township"],
        by=people["township_clerk"],
        village=people["village"],
        period=PERIOD,
        matter="managed_funds",
        amount=Decimal("18000.00"),
    )
    url = f"/staff/villages/reconciliation/{people['village'].org_code}/?period={PERIOD}"
    client.force_login(people["clerk"])
    client.post(
        url,
        {
            "village": people["village"].org_code,
            "matter": "managed_funds",
            "text": "1200元尚未到账。",
        },
    )
    client.force_login(people["township_clerk"])
    client.post(
        f"/staff/villages/reconciliation/{people['township'].org_code}/?period={PERIOD}",
        {
            "village": people["village"].org_code,
            "matter": "managed_funds",
            "text": "1200元于11月拨付。",
        },
    )
    answer = client.get(
        f"/api/v1/staff/reconciliation?unit={people['township'].org_code}&period={PERIOD}",
        HTTP_AUTHORIZATION=f"Token {_key(people['township_clerk'])}",
    ).json()
    (item,) = answer["items"]
    assert set(item) == {
        "village",
        "village_name",
        "matter",
        "matter_label",
        "township_amount",
        "village_amount",
        "status",
        "explanation",
    }
    assert item["status"] == "explained"
    assert "1200元尚未到账" in item["explanation"] and "1200元于11月拨付" in item["explanation"]

    # The township finds its own record wrong and corrects it: the difference is gone.
    corrected = client.post(
        f"/staff/villages/records/{people['township'].org_code}/{record.pk}/correct/",
        {"amount": "16800.00", "reference": "拨付单", "reason": "录入错误"},
    )
    assert corrected.status_code == 302
    assert reads_items(people) == []
    event = AuditEvent.objects.get(action="township_record:corrected")
    assert event.data["before"] == "18000.00" and event.data["reason"] == "录入错误"


def reads_items(people):
    from gongkai.villages import reads

    return reads.reconciliation(people["township"], PERIOD)


def test_a_published_statement_is_corrected_as_a_new_version(client, people):
    statement = _published(people, [_funds("16800.00")])
    client.force_login(people["clerk"])
    started = client.post(
        f"/staff/villages/statements/{statement.pk}/amend/",
        {"reason": "上级补助收入少记1200元，更正为18000元"},
    )
    assert started.status_code == 302
    statement.refresh_from_db()
    assert actions.is_editable(statement)
    actions.import_lines(
        statement, by=people["clerk"], lines=[_funds("18000.00")], source="fix.csv"
    )
    finance = f"/api/v1/villages/{people['village'].org_code}/finance"
    # Until the committee signs the correction off, the public sees what was published.
    assert client.get(finance).json()["income"] == "16800.00"
    statement = _sign_off(people, actions.submit(statement, by=people["clerk"], today=TODAY))
    data = client.get(finance).json()
    assert data["income"] == "18000.00" and data["version"] == 2
    assert data["change_reason"] == "上级补助收入少记1200元，更正为18000元"
    client.logout()
    page = client.get(f"/disclosure/{people['village'].org_code}/").content.decode()
    assert "18000.00" in page and "已被更正" in page, page[page.find("finance-h") :][:3000]
    old = client.get(f"{statement.publication.get_absolute_url()}v1/")
    assert old.status_code == 200 and "16800.00" in old.content.decode()


def _homestead_list(people, rows: str):
    from django.core.files.uploadedfile import SimpleUploadedFile as Upload

    from gongkai.publishing.demo import through_review
    from gongkai.villages import catalog

    publication = publishing.create(
        unit=people["village"],
        item=catalog.item(people["village"], catalog.HOMESTEAD),
        by=people["clerk"],
        audience="public",
        today=TODAY,
        files=publishing.Uploads(
            tables=[("宅基地审批结果", Upload("t.csv", rows.encode(), "text/csv"))]
        ),
        title="青山村2026年10月宅基地申请审批结果公示",
        summary="宅基地申请审批结果。",
        body="<p>现将审批结果公示如下。</p>",
        topic="land",
        written_on=dt.date(2026, 10, 16),
        publisher_name=people["village"].name,
    )
    through_review(
        publication,
        clerk=people["clerk"],
        reviewer=people["committee"],
        leader=None,
        approval="",
        today=TODAY,
        published_at=timezone.now(),
    )


def test_the_townships_homestead_approvals_are_checked_against_the_villages_list(people):
    _homestead_list(
        people,
        "申请人,村民小组,申请面积（平方米）,审批结果\n李*英,第二村民小组,120,同意\n"
        "王*明,第四村民小组,135,同意\n陈*生,第一村民小组,150,不同意\n",
    )
    record = actions.record_township_payment(
        people["township"],
        by=people["township_clerk"],
        village=people["village"],
        period=PERIOD,
        matter="homestead",
        amount=Decimal("3"),
        reference="宅基地审批批复2026-10",
    )
    (item,) = reads_items(people)
    assert (item.matter, item.township_amount, item.village_amount, item.status) == (
        "homestead",
        Decimal("3"),
        Decimal("2"),
        "amount_differs",
    )
    actions.correct_township_record(
        record, by=people["township_clerk"], amount=Decimal("2"), reference="", reason="多录一户"
    )
    assert reads_items(people) == []
    with pytest.raises(ValidationError):
        actions.record_township_payment(
            people["township"],
            by=people["township_clerk"],
            village=people["village"],
            period=PERIOD,
            matter="homestead",
            amount=Decimal("1.5"),
        )
    # A file names the matter 宅基地审批, in households.
    from gongkai.villages import imports

    rows = imports.records_from_rows(
        ["村名", "对应乡镇事项", "金额（元）"], [["青山村", "宅基地审批", "2"]], [people["village"]]
    )
    assert [(r.matter, r.amount) for r in rows] == [("homestead", Decimal("2.00"))]
    with pytest.raises(ValidationError) as refused:
        imports.records_from_rows(
            ["村名", "对应乡镇事项", "金额（元）"],
            [["青山村", "宅基地审批", "2.5"]],
            [people["village"]],
        )
    assert "第2行“金额（元）”列" in refused.value.messages[0]
