"""A village's clerk writes a statement in the browser, imports the template, submits it; the
village supervision committee signs it off; the township's reviewer cannot; villagers see it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.core.models import Membership, Role
from gongkai.core.tests.factories import county, member, township, village
from gongkai.publishing import actions as publishing
from gongkai.villages import actions, catalog
from gongkai.villages.models import VillageStatement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PERIOD = f"{TODAY.year}-M{TODAY.month:02d}"
HEADER = "日期,科目,收支,金额（元）,往来单位,凭证号,对应乡镇事项"


@pytest.fixture
def people():
    root = county()
    town = township(root)
    home = village(town)
    return {
        "village": home,
        "township": town,
        "clerk": member(home, Role.CLERK),
        "committee": member(home, Role.VILLAGE_SUPERVISION),
        "township_reviewer": member(town, Role.REVIEWER),
    }


def test_a_new_village_adopts_the_village_items(people):
    keys = set(people["village"].adoptions.values_list("item__key", flat=True))
    assert {spec["key"] for spec in catalog.ITEMS} <= keys


def test_the_committee_belongs_to_a_village_only(people):
    with pytest.raises(ValidationError):
        Membership(
            user=people["clerk"], unit=people["township"], role=Role.VILLAGE_SUPERVISION
        ).full_clean()


def test_the_clerk_enters_imports_and_submits_and_the_committee_publishes(client, people):
    client.force_login(people["clerk"])
    answer = client.post(
        f"/staff/villages/{people['village'].org_code}/statements/new/",
        {"period": PERIOD, "opening_balance": "1000.00"},
    )
    statement = VillageStatement.objects.get(village=people["village"])
    assert (
        answer.status_code == 302
        and answer["Location"] == f"/staff/villages/statements/{statement.pk}/"
    )
    day = TODAY.replace(day=1).isoformat()
    added = client.post(
        f"/staff/villages/statements/{statement.pk}/lines/",
        {"date": day, "subject": "办公费", "kind": "expense", "amount": "120.00"},
    )
    assert added.status_code == 302 and statement.lines.count() == 1

    broken = SimpleUploadedFile("bad.csv", f"{HEADER}\n{day},办公费,支出,12a,,,\n".encode("gbk"))
    refused = client.post(f"/staff/villages/statements/{statement.pk}/import/", {"file": broken})
    assert refused.status_code == 400
    assert "第2行“金额（元）”列" in refused.content.decode()
    assert statement.lines.count() == 1  # nothing half-imported

    good = SimpleUploadedFile(
        "good.csv",
        f"{HEADER}\n{day},上级补助收入,收入,5000,镇财政所,记-01,代管资金\n{day},其他支出,支出,2600,村委会,记-02,\n".encode(),
    )
    imported = client.post(f"/staff/villages/statements/{statement.pk}/import/", {"file": good})
    assert imported.status_code == 302 and statement.lines.count() == 2

    page = client.get(f"/staff/villages/statements/{statement.pk}/").content.decode()
    assert "提请村务监督委员会重点审核" in page  # 2,600 of "other" above the 2,000 floor

    assert client.post(f"/staff/villages/statements/{statement.pk}/submit/").status_code == 302
    statement.refresh_from_db()
    publication = statement.publication
    assert publication is not None and publication.current is None
    assert not actions.is_editable(statement)

    # The township's reviewer is not the village's reviewer.
    with pytest.raises(PermissionDenied):
        publishing.approve(
            publication,
            by=people["township_reviewer"],
            today=TODAY,
            no_state_secret=True,
            no_superior_document=True,
            privacy_lawful=True,
        )
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

    client.logout()
    public = client.get(f"/disclosure/{people['village'].org_code}/").content.decode()
    assert "5000.00" in public and "其他支出" in public
    api = client.get(f"/api/v1/villages/{people['village'].org_code}/finance").json()
    assert (
        api["income"] == "5000.00" and api["expense"] == "2600.00" and api["balance"] == "3400.00"
    )


def test_a_returned_statement_can_be_corrected_and_submitted_again(people):
    clerk, committee = people["clerk"], people["committee"]
    statement = actions.create_statement(
        people["village"], by=clerk, period=PERIOD, opening_balance=Decimal("0"), today=TODAY
    )
    from gongkai.villages.imports import Line

    first = TODAY.replace(day=1)
    actions.add_line(statement, by=clerk, line=Line(first, "租赁收入", "income", Decimal("800")))
    statement = actions.submit(statement, by=clerk, today=TODAY)
    with pytest.raises(ValidationError):
        actions.add_line(statement, by=clerk, line=Line(first, "办公费", "expense", Decimal("50")))
    publishing.return_draft(statement.publication, by=committee, comments="请补充办公费支出。")
    statement = VillageStatement.objects.get(pk=statement.pk)
    actions.add_line(statement, by=clerk, line=Line(first, "办公费", "expense", Decimal("50")))
    statement = actions.submit(statement, by=clerk, today=TODAY)
    draft = statement.publication.draft
    assert draft.tables.get().rows[-1][1] == "办公费"


def test_a_statement_cannot_be_written_ahead_or_twice(people):
    clerk = people["clerk"]
    ahead = TODAY + dt.timedelta(days=40)
    with pytest.raises(ValidationError):
        actions.create_statement(
            people["village"],
            by=clerk,
            period=f"{ahead.year}-M{ahead.month:02d}",
            opening_balance=Decimal("0"),
            today=TODAY,
        )
    actions.create_statement(
        people["village"], by=clerk, period=PERIOD, opening_balance=Decimal("0"), today=TODAY
    )
    with pytest.raises(ValidationError):
        actions.create_statement(
            people["village"], by=clerk, period=PERIOD, opening_balance=Decimal("0"), today=TODAY
        )
