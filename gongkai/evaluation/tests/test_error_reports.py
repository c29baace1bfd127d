"""信息有误 / 我要纠错: due in working days, answered by the unit, followed by code, corrected."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.evaluation import actions, reads
from gongkai.evaluation.models import ErrorReport, Finding, ReportStatus
from gongkai.publishing import actions as publishing_actions

from .conftest import TODAY, signed_in

D = dt.date


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        (D(2026, 7, 15), 3, D(2026, 7, 20)),  # Wednesday: Thu, Fri, Mon
        (D(2026, 7, 17), 3, D(2026, 7, 22)),  # Friday: the weekend is not counted
        (D(2026, 7, 18), 3, D(2026, 7, 22)),  # Saturday: day 1 is the first working day after
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # over National Day: 10-9 and the worked 10-10
        (D(2026, 7, 15), 5, D(2026, 7, 22)),  # a county with its own limit
    ],
)
def test_an_error_report_is_due_in_working_days(settings, public, received, days, due):
    settings.ERROR_REPORT_WORKING_DAYS_BY_COUNTY = {public.unit.county.org_code: days}
    report = actions.report_error(
        public, description="联系电话有误", contact="", today=received, now=timezone.now()
    )
    assert report.due_on == due


def test_a_villager_reports_an_error_and_follows_it_by_code(world, public):
    client = Client()
    form = client.get(public.get_absolute_url() + "report-error/")
    assert "3个工作日内" in form.content.decode()
    sent = client.post(
        public.get_absolute_url() + "report-error/",
        {"description": "公示的项目面积应为1200亩，不是120亩。", "contact": "13907380000"},
        follow=True,
    )
    report = ErrorReport.objects.get()
    page = sent.content.decode()
    assert report.tracking_code in page
    assert "核实中" in page
    assert "13907380000" not in page  # the contact is for the unit only
    assert report.unit == world.township
    assert report.version == public.current
    assert AuditEvent.objects.filter(action="error_report:received").count() == 1
    # Anyone with the code reads the status; a wrong code is a 404.
    lookup = Client().get("/error-reports/", {"code": report.tracking_code.lower()})
    assert lookup.status_code == 302
    assert Client().get(lookup["Location"]).status_code == 200
    assert Client().get("/error-reports/JCNOTACODE/").status_code == 404


def test_the_units_handler_answers_and_the_correction_is_linked_when_published(world, public):
    report = actions.report_error(
        public, description="项目面积应为1200亩。", contact="", today=TODAY, now=timezone.now()
    )
    clerk = signed_in(world.clerk)
    inbox = clerk.get("/staff/evaluation/").content.decode()
    assert report.tracking_code in inbox
    # Another township's clerk does not see it and may not answer it.
    other = signed_in(world.other_clerk)
    assert report.tracking_code not in other.get("/staff/evaluation/").content.decode()
    assert other.get(f"/staff/evaluation/error-reports/{report.pk}/").status_code == 403
    answered = clerk.post(
        f"/staff/evaluation/error-reports/{report.pk}/",
        {"finding": Finding.VALID, "answer": "经核实，面积为1200亩，已更正。"},
    )
    assert answered.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ANSWERED
    assert report.awaiting_correction
    status = Client().get(f"/error-reports/{report.tracking_code}/").content.decode()
    assert "经核实，面积为1200亩，已更正。" in status
    assert "更正版本尚未发布" in status
    # The clerk writes the correction as a new version; publishing it links the report.
    publishing_actions.edit(
        public, by=world.clerk, today=TODAY, summary="项目面积1200亩。", change_reason="纠错更正"
    )
    version = world.publish(public)
    report.refresh_from_db()
    assert report.correction == version
    assert AuditEvent.objects.filter(action="error_report:corrected").count() == 1
    status = Client().get(f"/error-reports/{report.tracking_code}/").content.decode()
    assert f"第{version.number}版" in status


def test_an_answer_after_the_due_date_counts_as_late(world, public):
    report = actions.report_error(
        public, description="错别字", contact="", today=TODAY, now=timezone.now()
    )
    actions.answer_report(
        report, by=world.clerk, finding=Finding.INVALID, answer="经核实无误。", today=D(2026, 8, 3)
    )
    found = reads.results(world.township, 2026)
    assert (found.error_reports, found.answered, found.answered_on_time) == (1, 1, 0)


def test_a_report_is_answered_once(world, public):
    report = actions.report_error(
        public, description="错别字", contact="", today=TODAY, now=timezone.now()
    )
    actions.answer_report(
        report, by=world.clerk, finding=Finding.INVALID, answer="经核实无误。", today=TODAY
    )
    with pytest.raises(Exception, match="已经答复"):
        actions.answer_report(
            report, by=world.clerk, finding=Finding.VALID, answer="改了", today=TODAY
        )
