"""The to-do page per role, the heat map and its drill-down, exports, orders and the API."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.utils import timezone
from openpyxl import load_workbook

from gongkai.core import tokens
from gongkai.core.models import AuditEvent, Role, Unit
from gongkai.core.tests.factories import PASSWORD, member
from gongkai.core.workdays import WorkdayCalendar
from gongkai.obligations import actions, reads
from gongkai.obligations.models import Obligation, OversightOrder

D = dt.date
THIS_YEAR = timezone.localdate().year


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_the_clerk_lands_on_what_is_due_and_overdue(client, world):
    actions.materialise(world.township, THIS_YEAR, calendar=WorkdayCalendar.load())
    page = signed_in(client, world.clerk).get("/staff/").content.decode()
    assert "Disclosures due soon and overdue" in page or "即将到期和已逾期" in page
    overdue = Obligation.objects.filter(unit=world.township).overdue(timezone.localdate())
    assert overdue.exists()
    assert overdue.first().item.level2 in page
    assert world.township.name in page  # the units table is still there


def test_the_supervisor_sees_the_heat_map_drills_down_and_downloads_it(client, world):
    supervisor = member(world.county, Role.SUPERVISOR)
    for unit in (world.township, world.other_township, world.office):
        actions.materialise(unit, THIS_YEAR, calendar=WorkdayCalendar.load())
    client = signed_in(client, supervisor)
    page = client.get("/staff/").content.decode()
    assert 'class="table heat-map"' in page
    assert f"/staff/obligations/units/{world.township.org_code}/" in page
    drill = client.get(
        f"/staff/obligations/units/{world.township.org_code}/?year={THIS_YEAR}&status=overdue"
    )
    assert drill.status_code == 200
    rows = [o for o, status, _label in drill.context["obligations"]]
    assert rows and all(status == "overdue" for _o, status, _l in drill.context["obligations"])
    assert {o.unit for o in rows} == {world.township}
    book = load_workbook(
        io.BytesIO(client.get(f"/staff/obligations/heat-map.xlsx?year={THIS_YEAR}").content)
    )
    sheet = book.active
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert world.township.name in names
    listed = client.get(
        f"/staff/obligations/units/{world.township.org_code}/?year={THIS_YEAR}&format=xlsx"
    )
    rows_in_book = list(load_workbook(io.BytesIO(listed.content)).active.iter_rows(min_row=2))
    assert len(rows_in_book) == (
        Obligation.objects.filter(unit=world.township).of_year(THIS_YEAR).public().count()
    )


def test_a_clerk_cannot_see_the_heat_map_or_waive(client, world):
    actions.materialise(world.township, THIS_YEAR, calendar=WorkdayCalendar.load())
    client = signed_in(client, world.clerk)
    assert "heat-map" not in client.get("/staff/").content.decode()
    assert client.get("/staff/obligations/heat-map.xlsx").status_code == 403
    obligation = Obligation.objects.filter(unit=world.township).first()
    assert client.get(f"/staff/obligations/{obligation.pk}/waive/").status_code == 403


def test_a_leader_waives_from_the_page_and_the_public_sees_why(client, world):
    actions.materialise(world.township, THIS_YEAR, calendar=WorkdayCalendar.load())
    obligation = Obligation.objects.filter(unit=world.township, item__key="A08").first()
    client = signed_in(client, world.leader)
    response = client.post(
        f"/staff/obligations/{obligation.pk}/waive/", {"reason": "本季度无新增救助对象"}
    )
    assert response.status_code == 302
    listed = client.get(f"/api/v1/obligations?unit={world.township.org_code}&year={THIS_YEAR}")
    waived = [
        i
        for i in listed.json()["items"]
        if i["item_id"] == obligation.item_id and i["period"] == obligation.period
    ]
    assert waived[0]["status"] == "waived"
    client.logout()
    column = client.get(f"/disclosure/{world.township.org_code}/proactive/").content.decode()
    item_part = column.split(f'id="item-{obligation.item_id}"')[1].split("</li>\n          \n")[0]
    assert "本期无此事项" in item_part
    assert "本季度无新增救助对象" in item_part
    assert obligation.period_label in item_part
    item_page = client.get(
        f"/info/{world.township.org_code}/?item={obligation.item_id}"
    ).content.decode()
    assert "本期无此事项" in item_page and "本季度无新增救助对象" in item_page


def test_an_oversight_order_is_issued_answered_and_audited(client, world):
    supervisor = member(world.county, Role.SUPERVISOR)
    actions.materialise(world.township, THIS_YEAR, calendar=WorkdayCalendar.load())
    overdue = Obligation.objects.filter(unit=world.township).overdue(timezone.localdate()).first()
    client = signed_in(client, supervisor)
    deadline = timezone.localdate() + dt.timedelta(days=10)
    response = client.post(
        f"/staff/obligations/orders/new/{world.township.org_code}/?obligation={overdue.pk}",
        {"instructions": "请于期限内补充公开并说明逾期原因。", "deadline": deadline.isoformat()},
    )
    assert response.status_code == 302
    order = OversightOrder.objects.get()
    listed = client.get("/staff/obligations/orders/").content.decode()
    assert "请于期限内补充公开" in listed
    assert f"/staff/obligations/orders/{order.pk}/answer/" not in listed  # the unit answers
    client.logout()
    client = signed_in(client, world.clerk)
    listed = client.get("/staff/obligations/orders/").content.decode()
    assert f"/staff/obligations/orders/{order.pk}/answer/" in listed
    client.post(
        f"/staff/obligations/orders/{order.pk}/answer/",
        {"reason": "经核实，本期已在公开栏张贴，网站补录中。"},
    )
    order.refresh_from_db()
    assert order.closed_at is not None
    assert sorted(
        AuditEvent.objects.filter(action__startswith="oversight_order:").values_list(
            "action", flat=True
        )
    ) == ["oversight_order:answered", "oversight_order:issued"]


def test_stale_columns_list_empty_and_old_columns(client, world):
    client = signed_in(client, world.clerk)
    page = client.get(f"/staff/obligations/stale/{world.township.org_code}/")
    assert page.status_code == 200
    assert any(row.item.key == "T05" and row.last_published is None for row in page.context["rows"])


def test_a_quarterly_column_is_stale_by_the_countys_setting(client, world, settings):
    world.publish(world.draft("A08", topic="civil", period=f"{THIS_YEAR}-Q1"))
    township = Unit.objects.filter(pk=world.township.pk)
    in_100_days = timezone.localdate() + dt.timedelta(days=100)
    assert "A08" not in {row.item.key for row in reads.stale_columns(township, today=in_100_days)}
    settings.OBLIGATIONS_STALE_AFTER_DAYS = {"quarterly": 60}
    rows = reads.stale_columns(township, today=in_100_days)
    row = next(row for row in rows if row.item.key == "A08")
    assert (row.days, row.limit) == (100, 60)
    page = signed_in(client, world.clerk).get(
        f"/staff/obligations/stale/{world.township.org_code}/"
    )
    assert "366天" in page.content.decode()  # each column's limit is shown: a standing one


def test_the_api_lists_a_units_public_obligations_and_counts_that_agree(
    client, world, django_assert_max_num_queries
):
    for unit in (world.township, world.office, world.other_township):
        actions.materialise(unit, 2026, calendar=WorkdayCalendar.load())
    world.publish(world.draft("T05", topic="finance", period="2026-H1"), today=D(2026, 7, 15))
    with django_assert_max_num_queries(6):
        listed = client.get(f"/api/v1/obligations?unit={world.township.org_code}&year=2026")
    items = listed.json()["items"]
    assert listed.json()["next"] is None
    h1 = next(i for i in items if i["item"] == "T05" and i["period"] == "2026-H1")
    assert h1 == {
        "item": "T05",
        "item_id": h1["item_id"],
        "period": "2026-H1",
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "due_on": "2026-07-28",
        "due_on_provisional": False,
        "status": "met",
        "publication": h1["publication"],
        "published_on": "2026-07-15",
    }
    assert h1["publication"].startswith(world.township.org_code)
    assert not [i for i in items if i["item"] and i["item"].startswith("I")]  # internal hidden
    staff = signed_in(client, world.staff).get(
        f"/api/v1/obligations?unit={world.township.org_code}&year=2026"
    )
    assert [i for i in staff.json()["items"] if i["item"] and i["item"].startswith("I")]
    client.logout()
    summary = client.get(
        f"/api/v1/obligations/summary?unit={world.county.org_code}&year=2026"
    ).json()
    row = next(r for r in summary["items"] if r["unit"] == world.township.org_code)
    counted = {
        s: sum(1 for i in items if i["status"] == s)
        for s in ("open", "met", "late", "overdue", "waived")
    }
    assert row == {"unit": world.township.org_code, **counted}
    assert client.get("/api/v1/obligations?unit=NOPE&year=2026").status_code == 404


def test_the_draft_form_offers_the_open_periods_of_the_item(client, world):
    actions.materialise(world.township, THIS_YEAR, calendar=WorkdayCalendar.load())
    item = world.item("T05")
    page = signed_in(client, world.clerk).get(
        f"/staff/publications/new/{world.township.org_code}/?item={item.pk}"
    )
    html = page.content.decode()
    assert f'<option value="{THIS_YEAR}-H1">{THIS_YEAR}年上半年</option>' in html
    assert 'list="' in html


def test_a_clerk_records_a_matter_and_finds_its_disclosure_due_on_the_todo_page(client, world):
    client = signed_in(client, world.clerk)
    page = client.get("/staff/").content.decode()
    form_url = f"/staff/obligations/events/new/{world.township.org_code}/"
    assert form_url in page
    form = client.get(form_url)
    item = world.item("V05")
    assert item in form.context["form"].fields["item"].queryset
    assert world.item("T05") not in form.context["form"].fields["item"].queryset  # periodic
    today = timezone.localdate()
    response = client.post(
        form_url, {"item": item.pk, "on": today.isoformat(), "note": "第四批宅基地审批完成"}
    )
    assert response.status_code == 302
    due = WorkdayCalendar.load().deadline(today, 5).day
    todo = client.get(response["Location"]).content.decode()
    row = todo.split("第四批宅基地审批完成")[1].split("</tr>")[0]
    assert due.strftime("%Y-%m-%d") in row
    event = AuditEvent.objects.get(action="obligation:raised")
    assert event.actor == world.clerk
    # Another township's clerk cannot record for this one.
    client.logout()
    client = signed_in(client, world.other_clerk)
    assert client.get(form_url).status_code == 403


def test_an_office_system_records_a_decision_over_the_api_and_it_falls_due(client, world):
    _token, key = tokens.issue(world.clerk)
    url = "/api/v1/staff/obligations/events"
    today = timezone.localdate()
    body = {
        "unit": world.township.org_code,
        "item_id": world.item("V05").pk,
        "on": today.isoformat(),
        "note": "第五批宅基地审批完成",
    }
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    answer = client.post(url, json.dumps(body), content_type="application/json", **auth)
    assert answer.status_code == 201, answer.content
    due = WorkdayCalendar.load().deadline(today, 5)
    assert answer.json()["due_on"] == due.day.isoformat()
    assert answer.json()["status"] == "open"
    assert Obligation.objects.filter(trigger_note="第五批宅基地审批完成").exists()
    # A period item is refused, naming the field; another unit's clerk is refused.
    periodic = {**body, "item_id": world.item("T05").pk}
    refused = client.post(url, json.dumps(periodic), content_type="application/json", **auth)
    assert refused.status_code == 400 and "item" in refused.json()["fields"]
    old = {**body, "on": "1999-01-04"}
    refused = client.post(url, json.dumps(old), content_type="application/json", **auth)
    assert refused.status_code == 400 and "on" in refused.json()["fields"]
    _token, other = tokens.issue(world.other_clerk)
    refused = client.post(
        url, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Token {other}"
    )
    assert refused.status_code == 403
    unknown = {**body, "unit": "XXXXXXXXX"}
    assert (
        client.post(url, json.dumps(unknown), content_type="application/json", **auth).status_code
        == 404
    )
    assert client.post(url, json.dumps(body), content_type="application/json").status_code == 401
