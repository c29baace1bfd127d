"""Opening, entering, publishing: the rules, the permissions and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.core.models import AuditEvent, Membership, Role
from gongkai.reports import actions, layout
from gongkai.reports.layout import t3
from gongkai.reports.models import AnnualReport, Status, default_due_on, due_on

from .factories import LONG_TEXT, TODAY, application, opened, world

pytestmark = pytest.mark.django_db


def test_only_a_clerk_of_the_unit_opens_its_report():
    w = world()
    with pytest.raises(PermissionDenied):
        actions.open_report(w.township, 2025, by=w.other_clerk, today=TODAY)
    with pytest.raises(PermissionDenied):
        actions.open_report(w.township, 2025, by=w.reviewer, today=TODAY)
    report = opened(w)
    assert AuditEvent.objects.for_target(report).filter(action="annual_report:opened").exists()
    assert opened(w).pk == report.pk  # opening again finds the same report


def test_a_future_year_or_a_village_cannot_be_opened():
    w = world()
    with pytest.raises(ValidationError):
        actions.open_report(w.township, TODAY.year + 1, by=w.clerk, today=TODAY)
    with pytest.raises(ValidationError):
        actions.open_report(w.county, 2025, by=None, today=TODAY)


def test_negative_counts_are_refused_and_nothing_is_saved():
    w = world()
    report = opened(w)
    values = {key: report.value(key) for key in layout.CELLS}
    values["t2_1_0_0"] = -3
    with pytest.raises(ValidationError):
        actions.save_values(report, by=w.clerk, values=values)
    report.refresh_from_db()
    assert report.entered == []


def test_publishing_a_report_that_fails_the_checks_is_blocked_with_the_failing_check_named():
    w = world()
    application(w.township, dt.date(2025, 3, 4), "disclosed", dt.date(2025, 3, 18))
    report = opened(w)
    values = {key: report.value(key) for key in layout.CELLS}
    values[t3(layout.T3_NEW, 0)] = 5  # deliberately inconsistent
    actions.save_values(report, by=w.clerk, values=values)
    with pytest.raises(ValidationError) as raised:
        actions.publish(report, by=w.reviewer, secrecy=actions.CONFIRMED)
    text = " ".join(raised.value.messages)
    assert "自然人" in text and "一 + 二" in text
    report.refresh_from_db()
    assert report.status == Status.DRAFT
    assert report.value(t3(layout.T3_NEW, 0)) == 5  # nothing lost


def test_a_reviewer_publishes_and_a_second_click_is_told_it_is_published():
    w = world()
    report = opened(w)
    with pytest.raises(PermissionDenied):
        actions.publish(report, by=w.clerk, secrecy=actions.CONFIRMED)
    with pytest.raises(PermissionDenied):
        actions.publish(report, by=w.other_reviewer, secrecy=actions.CONFIRMED)
    actions.publish(report, by=w.reviewer, secrecy=actions.CONFIRMED)
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED and report.published_by == w.reviewer
    with pytest.raises(actions.AlreadyPublished):
        actions.publish(report, by=w.reviewer, secrecy=actions.CONFIRMED)
    assert AuditEvent.objects.filter(action="annual_report:published").count() == 1


def test_a_published_report_no_longer_changes():
    w = world()
    report = opened(w)
    actions.publish(report, by=w.reviewer, secrecy=actions.CONFIRMED)
    with pytest.raises(ValidationError):
        actions.save_text(report, by=w.clerk, overview="改写")
    with pytest.raises(ValidationError):
        actions.refresh(report, by=w.clerk)


def test_text_copied_from_last_year_or_another_unit_is_found():
    w = world()
    last = opened(w, 2024)
    actions.save_text(last, by=w.clerk, overview=LONG_TEXT)
    other = actions.open_report(w.other, 2025, by=w.other_clerk, today=TODAY)
    actions.save_text(other, by=w.other_clerk, overview="白水乡" + LONG_TEXT[3:])
    report = actions.save_text(opened(w), by=w.clerk, overview=LONG_TEXT.replace("2025", "2026"))
    similar = {found.pk for found, _score in actions.similar_reports(report)}
    assert similar == {last.pk, other.pk}
    # A warning, not a block.
    actions.publish(report, by=w.reviewer, secrecy=actions.CONFIRMED)


def test_the_deadline_defaults_to_the_end_of_february_and_the_county_sets_it():
    w = world()
    assert default_due_on(2027) == dt.date(2028, 2, 29)
    assert due_on(w.township, 2025) == (dt.date(2026, 2, 28), False)
    with pytest.raises(PermissionDenied):
        actions.set_deadline(w.county, 2025, by=w.clerk, due_on=dt.date(2026, 2, 15))
    with pytest.raises(ValidationError):
        actions.set_deadline(w.county, 2025, by=w.supervisor, due_on=dt.date(2025, 12, 1))
    actions.set_deadline(w.county, 2025, by=w.supervisor, due_on=dt.date(2026, 2, 15))
    assert due_on(w.office, 2025) == (dt.date(2026, 2, 15), True)


def test_a_case_needs_its_result_and_decision_date_together():
    w = world()
    with pytest.raises(ValidationError):
        actions.record_case(
            w.township,
            by=w.clerk,
            kind="review",
            reference="示府复〔2025〕3号",
            subject="对答复不服",
            filed_on=dt.date(2025, 5, 1),
            result="upheld",
            decided_on=None,
        )
    with pytest.raises(ValidationError):
        actions.record_case(
            w.township,
            by=w.clerk,
            kind="review",
            reference="示府复〔2025〕3号",
            subject="对答复不服",
            filed_on=dt.date(2025, 5, 1),
            result="upheld",
            decided_on=dt.date(2025, 4, 1),
        )
    assert not AnnualReport.objects.exists()


def test_whoever_last_edited_the_report_cannot_publish_it():
    w = world()
    both = w.clerk
    Membership.objects.create(user=both, unit=w.township, role=Role.REVIEWER)
    report = actions.save_text(opened(w), by=both, overview="本年度工作情况。")
    with pytest.raises(PermissionDenied):
        actions.publish(report, by=both, secrecy=actions.CONFIRMED)
    actions.publish(report, by=w.reviewer, secrecy=actions.CONFIRMED)


def test_a_year_cannot_be_published_before_it_has_ended():
    w = world()
    report = opened(w, year=2026)
    on_new_years_eve = timezone.make_aware(dt.datetime(2026, 12, 31, 23, 0))
    with pytest.raises(ValidationError, match="2027-01-01") as refused:  # in any language
        actions.publish(
            report, by=w.reviewer, secrecy=actions.CONFIRMED, published_at=on_new_years_eve
        )
    assert refused.value.error_list[0].code == "too_early"
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_stale_counts_are_refused_until_counted_again():
    w = world()
    report = opened(w)
    # An application answered in 2025 is recorded after the tables were counted.
    application(w.township, dt.date(2025, 6, 2), "disclosed", dt.date(2025, 6, 5))
    with pytest.raises(ValidationError) as refused:
        actions.publish(report, by=w.reviewer, secrecy=actions.CONFIRMED)
    assert "（一）予以公开（自然人）" in refused.value.messages  # what changed, by cell
    actions.refresh(report, by=w.clerk)
    actions.publish(report, by=w.reviewer, secrecy=actions.CONFIRMED)
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
