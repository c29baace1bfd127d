"""The staff pages: ranking, drill-down, scorecard PDF and XLSX, the scheme, rectification
orders from a finding to their close, and accountability records kept from everyone else."""

from __future__ import annotations

import datetime as dt
import io

from django.utils.timezone import localdate

from gongkai.assessment import actions, reads
from gongkai.assessment.models import AccountabilityRecord, RectificationOrder
from gongkai.core.models import AuditEvent, Role
from gongkai.core.tests.factories import member

from .factories import YEAR


def test_the_supervisor_ranks_townships_and_offices_and_drills_down_to_the_record(w, client):
    late = w.application(due_on=dt.date(YEAR, 4, 1), replied_on=dt.date(YEAR, 4, 8))
    client.force_login(w.supervisor)
    page = client.get(f"/staff/assessment/?year={YEAR}").content.decode()
    assert "乡镇" in page and w.township.name in page and w.office.name in page
    unit_url = f"/staff/assessment/units/{w.township.org_code}/{YEAR}/"
    assert unit_url in page
    page = client.get(unit_url).content.decode()
    assert late.get_absolute_url() in page
    assert "依申请公开" in page  # the groups of the transparency index
    assert "权重20.0分，本类扣6.0分" in page  # the group's weight and the points lost in it
    assert f"/staff/assessment/rectification/new/{w.township.org_code}/" in page


def test_a_township_clerk_reads_only_the_own_scorecard(w, client):
    client.force_login(w.clerk)
    response = client.get(f"/staff/assessment/?year={YEAR}")
    assert response.status_code == 302
    assert response["Location"] == f"/staff/assessment/units/{w.township.org_code}/{YEAR}/"
    assert client.get(response["Location"]).status_code == 200
    assert client.get(f"/staff/assessment/units/{w.other.org_code}/{YEAR}/").status_code == 403


def test_the_scorecard_pdf_reads_back_with_the_score_and_the_points_lost(w, client):
    from pypdf import PdfReader

    w.application(due_on=dt.date(YEAR, 4, 1), replied_on=dt.date(YEAR, 4, 8))
    client.force_login(w.supervisor)
    response = client.get(f"/staff/assessment/units/{w.township.org_code}/{YEAR}/scorecard.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.pages[0].mediabox.width < 600  # A4: 595 points wide
    text = "".join(page.extract_text() for page in reader.pages)
    assert w.township.name in text
    assert "89.0" in text
    assert "依申请公开" in text
    assert "权重20.0分" in text


def test_the_ranking_downloads_as_xlsx(w, client):
    from openpyxl import load_workbook

    client.force_login(w.supervisor)
    response = client.get(f"/staff/assessment/ranking/{YEAR}.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert set(names) == {w.township.name, w.other.name, w.office.name}
    header = [cell.value for cell in sheet[1]]
    assert "依申请公开：扣分（权重20.0分）" in header


def test_the_county_administrator_saves_a_new_scheme_version(w, client):
    scheme = actions.ensure_scheme(w.county)
    data = {"full_score": "100.0", "note": "迟复扣分加重"}
    for i in scheme.indicators.all():
        data[f"{i.key}-deduction"] = "10.0" if i.key == "overdue_replies" else str(i.deduction)
        data[f"{i.key}-cap"] = "" if i.cap is None else str(i.cap)
    weights = {"decision": "20", "service": "20", "results": "25", "applications": "25"}
    data |= {f"weight-{group}": value for group, value in weights.items()}
    client.force_login(w.admin)
    # The page shows each group's weight to start from.
    assert 'name="weight-service" value="25.0"' in client.get("/staff/assessment/scheme/").text
    # Weights that do not add up to the full score are refused, and nothing is saved.
    data["weight-platform"] = "15"
    response = client.post("/staff/assessment/scheme/", data)
    assert response.status_code == 200
    assert "各类别权重合计为105.0分" in response.text
    assert reads.latest_scheme(w.county).version == 1
    data["weight-platform"] = "10"
    response = client.post("/staff/assessment/scheme/", data)
    assert response.status_code == 302
    latest = reads.latest_scheme(w.county)
    assert latest.version == 2
    assert latest.indicators.get(key="overdue_replies").deduction == 10
    assert reads.weights_of(latest) == {
        "decision": 20,
        "service": 20,
        "results": 25,
        "applications": 25,
        "platform": 10,
    }
    assert AuditEvent.objects.filter(action="assessment_scheme:versioned").count() == 1
    # A township's leader may read the scheme but not change it.
    client.force_login(w.leader)
    assert client.post("/staff/assessment/scheme/", data).status_code == 403


def test_a_rectification_order_from_a_finding_is_answered_and_closed(w, client):
    late = w.application(due_on=dt.date(YEAR, 4, 1), replied_on=dt.date(YEAR, 4, 8))
    today = localdate()
    client.force_login(w.supervisor)
    response = client.post(
        f"/staff/assessment/rectification/new/{w.township.org_code}/"
        f"?year={YEAR}&indicator=overdue_replies",
        {
            "finding": "申请答复超期",
            "record_url": late.get_absolute_url(),
            "instructions": "查明超期原因，完善登记和提醒制度。",
            "deadline": (today + dt.timedelta(days=20)).isoformat(),
        },
    )
    order = RectificationOrder.objects.get()
    assert response["Location"] == order.get_absolute_url()
    assert order.indicator == "overdue_replies" and order.year == YEAR

    client.force_login(w.clerk)
    publication = w.publication()
    client.post(
        order.get_absolute_url(),
        {"answer": "已完善申请登记台账。", "index_no": publication.index_no, "evidence_url": ""},
    )
    order.refresh_from_db()
    assert order.answered_at and order.evidence_publication == publication

    client.force_login(w.supervisor)
    client.post(order.get_absolute_url(), {"accept": "1", "remarks": "整改到位。"})
    order.refresh_from_db()
    assert order.closed_at is not None
    # Closed orders stay on record.
    page = client.get("/staff/assessment/rectification/").content.decode()
    assert "申请答复超期" in page
    actions_recorded = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"rectification:issued", "rectification:answered", "rectification:closed"} <= (
        actions_recorded
    )


def test_accountability_records_are_for_the_supervisor_and_the_units_leader_only(w, client):
    client.force_login(w.supervisor)
    url = f"/staff/assessment/accountability/{w.township.org_code}/"
    client.post(
        url,
        {
            "person": "李明",
            "position": "党政办主任",
            "finding": "依申请公开答复超期",
            "measure": "诫勉谈话",
            "decided_on": "2026-01-15",
        },
    )
    record = AccountabilityRecord.objects.get()
    assert record.person == "李明"
    client.force_login(w.leader)
    assert "李明" in client.get(url).content.decode()
    assert client.post(url, {"person": "x"}).status_code == 403
    for user in (w.clerk, w.admin, member(w.township, Role.UNIT_ADMIN), w.other_clerk):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    # Every reading is on record; the name never enters the audit log's text.
    assert AuditEvent.objects.filter(action="accountability:viewed").count() == 1
    assert not AuditEvent.objects.filter(target_repr__contains="李明").exists()
    assert not AuditEvent.objects.filter(data__icontains="李明").exists()
