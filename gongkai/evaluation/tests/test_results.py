"""The figures per unit and year: counts, satisfaction rate, answers; column, report, XLSX."""

from __future__ import annotations

import io

from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.evaluation import actions, clients, reads
from gongkai.evaluation.models import Finding
from gongkai.info_requests import actions as request_actions
from gongkai.info_requests.tests.factories import details
from gongkai.reports import starter
from gongkai.reports.models import AnnualReport

from .conftest import TODAY, signed_in


def rate(target, verdict: str, n: int, comment: str = "") -> None:
    label = actions.target_label(target)
    actions.rate(
        target,
        verdict=verdict,
        comment=comment,
        client_hash=clients.client_hash(f"cookie:{n:032x}", label, TODAY),
        today=TODAY,
    )


def replied(unit):
    req = request_actions.submit(unit=unit, today=TODAY, **details())
    request_actions.receive(req, by=None, date=TODAY, today=TODAY)
    request_actions.reply(
        req, by=None, date=TODAY, today=TODAY, outcome="予以公开", reasons="", where=""
    )
    # A reply goes out, and can be rated, only once it is signed off.
    request_actions.sign_off(req, by=None, date=TODAY, today=TODAY)
    req.refresh_from_db()
    return req


def test_figures_count_publications_and_replies_of_the_unit(world, public):
    for n, verdict in enumerate(["satisfied"] * 6 + ["basically_satisfied"] * 2 + ["dissatisfied"]):
        rate(public, verdict, n)
    req = replied(world.township)
    rate(req, "satisfied", 99)
    report = actions.report_error(
        public, description="面积有误", contact="", today=TODAY, now=timezone.now()
    )
    actions.answer_report(
        report, by=world.clerk, finding=Finding.VALID, answer="已更正。", today=TODAY
    )
    found = reads.results(world.township, 2026)
    assert found.counts() == {
        "satisfied": 7,
        "basically_satisfied": 2,
        "dissatisfied": 1,
        "error_reports": 1,
        "answered_on_time": 1,
    }
    assert found.satisfaction_rate == 90.0
    assert reads.results(world.township, 2025).ratings == 0
    assert reads.results(world.office, 2026).ratings == 0


def test_the_applicant_rates_the_reply_through_their_own_link(world):
    req = replied(world.township)
    status = Client().get(req.status_path(), follow=True).content.decode()
    assert "评价答复" in status
    rate_url = f"/applications/track/{req.tracking_code}/rate/?token={req.token}"
    client = Client()
    assert client.get(rate_url).status_code == 200
    assert client.post(rate_url, {"rating": "satisfied"}).status_code == 302
    assert client.post(rate_url, {"rating": "dissatisfied"}).status_code == 409
    # Without the secret token: nothing.
    assert Client().get(f"/applications/track/{req.tracking_code}/rate/?token=x").status_code == 404
    assert reads.results(world.township, 2026).satisfied == 1


def test_the_column_shows_the_units_figures(world, public):
    rate(public, "satisfied", 1)
    rate(public, "dissatisfied", 2)
    page = Client().get(f"/disclosure/{world.township.org_code}/").content.decode()
    assert "满意率" in page
    assert "50.0%" in page


def test_the_annual_report_offers_a_paragraph_for_section_five(world, public):
    for n in range(3):
        rate(public, "satisfied", n)
    rate(public, "dissatisfied", 9)
    report = AnnualReport.objects.create(
        unit=world.township, year=2026, created_by=world.clerk, edited_by=world.clerk
    )
    text = starter.offers(report)["problems"]
    assert "群众评价4次" in text
    assert "满意率75.0%" in text


def test_the_xlsx_export_reads_back(world, public, supervisor):
    rate(public, "satisfied", 1)
    rate(public, "basically_satisfied", 2)
    actions.report_error(public, description="错字", contact="", today=TODAY, now=timezone.now())
    response = signed_in(supervisor).get(
        f"/staff/evaluation/results/{world.county.org_code}/2026.xlsx"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("单位", "组织机构代码", "满意")
    by_code = {row[1]: row for row in rows[1:]}
    township = by_code[world.township.org_code]
    assert township[2:8] == (1, 1, 0, 100, 1, 0)
    assert world.office.org_code in by_code
    assert (
        signed_in(world.clerk)
        .get(f"/staff/evaluation/results/{world.county.org_code}/2026.xlsx")
        .status_code
        == 403
    )
    own = signed_in(world.clerk).get(
        f"/staff/evaluation/results/{world.township.org_code}/2026.xlsx"
    )
    assert own.status_code == 200
