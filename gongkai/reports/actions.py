"""Every change to an annual report, a review case or a report deadline: audited, one transaction.

`by=None` is the system itself (the demo loader); the web pages always pass the signed-in user,
whose permissions are checked here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import access, audit
from gongkai.core.access import Perm
from gongkai.core.models import Membership, Role, Unit, UnitKind, User
from gongkai.publishing import actions as publishing
from gongkai.publishing.privacy import KINDS

from . import checks, column, compute, layout
from .models import (
    AnnualReport,
    ReportDeadline,
    ReportingRule,
    ReviewCase,
    Status,
    ensure_transition,
    is_reporter,
    stored,
)

CASE_FIELDS = ("kind", "reference", "subject", "filed_on", "result", "decided_on")


class AlreadyPublished(ValidationError):
    """A second click on publish: shown as information, not as an error."""


def _locked(report: AnnualReport) -> AnnualReport:
    return (
        AnnualReport.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=report.pk)
    )


def _apply_records(report: AnnualReport) -> list[str]:
    """Write the counts from the records into every cell not entered by hand; the changed keys."""
    counted = compute.from_records(report.unit, report.year)
    changed = []
    for key, value in counted.values.items():
        if key in report.entered:
            continue
        if report.values.get(key) != stored(value):
            report.values[key] = stored(value)
            changed.append(key)
    for key in counted.by_hand:
        report.values.setdefault(key, stored(layout.CELLS[key].parse(0)))
    report.refreshed_at = timezone.now()
    return changed


@transaction.atomic
def open_report(unit: Unit, year: int, *, by: User | None, today: dt.date) -> AnnualReport:
    """The unit's report on `year`: created, and filled from the records, on first opening."""
    access.require_unless_system(by, Perm.WRITE_REPORT, unit)
    if not is_reporter(unit):
        raise ValidationError(
            _(
                "Only townships write an annual report here; a township's offices are counted "
                "in their township's report unless the county decides they report separately."
            )
        )
    if year > today.year:
        raise ValidationError(_("A report can be opened only for this year or an earlier one."))
    if year < 2008:
        raise ValidationError(_("There are no annual reports before 2008."))
    report = AnnualReport.objects.filter(unit=unit, year=year).first()
    if report is not None:
        return report
    author = by or _system_author(unit)
    report = AnnualReport(unit=unit, year=year, created_by=author, edited_by=author)
    _apply_records(report)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Opened at the same moment by someone else (or a double click): theirs is the report.
        return AnnualReport.objects.get(unit=unit, year=year)
    audit.record("annual_report:opened", actor=by, unit=unit, target=report, year=year)
    return report


def _system_author(unit: Unit) -> User:
    """For the demo loader: the unit's first clerk stands as the author."""
    return _system_member(unit, Role.CLERK)


def _system_member(unit: Unit, role: Role) -> User:
    membership = Membership.objects.filter(unit=unit, role=role).select_related("user").first()
    if membership is None:
        raise ValidationError(_("The unit has no %(role)s to act for it.") % {"role": role.label})
    return membership.user


@transaction.atomic
def refresh(report: AnnualReport, *, by: User | None) -> list[str]:
    """Count the tables again from the records; cells entered by hand are kept."""
    report = _locked(report)
    access.require_unless_system(by, Perm.WRITE_REPORT, report.unit)
    ensure_transition(report, Status.DRAFT)
    changed = _apply_records(report)
    if by is not None:
        report.edited_by = by
    report.save(update_fields=["values", "refreshed_at", "edited_by", "edited_at"])
    audit.record(
        "annual_report:refreshed", actor=by, unit=report.unit, target=report, changed=changed
    )
    return changed


@transaction.atomic
def save_values(
    report: AnnualReport, *, by: User | None, values: dict[str, int | Decimal]
) -> AnnualReport:
    """Store the counts from the form. A count differing from the records is marked entered."""
    report = _locked(report)
    access.require_unless_system(by, Perm.WRITE_REPORT, report.unit)
    ensure_transition(report, Status.DRAFT)
    unknown = set(values) - set(layout.CELLS)
    if unknown:
        raise ValueError(f"not cells of the report: {sorted(unknown)}")
    parsed: dict[str, int | Decimal] = {}
    errors: dict[str, str] = {}
    for key, value in values.items():
        try:
            parsed[key] = layout.CELLS[key].parse(value)
        except (TypeError, ValueError, ArithmeticError):
            errors[key] = _("Enter a number of zero or more.")
            continue
        number = parsed[key]
        if (isinstance(number, Decimal) and not number.is_finite()) or number < 0:
            errors[key] = _("Enter a number of zero or more.")
    if errors:
        raise ValidationError(errors)
    counted = compute.from_records(report.unit, report.year)
    entered = set(report.entered)
    changed = []
    for key, value in parsed.items():
        by_hand = key in counted.by_hand or value != counted.values.get(key)
        if by_hand:
            entered.add(key)
        else:
            entered.discard(key)
        if report.values.get(key) != stored(value):
            changed.append(key)
        report.values[key] = stored(value)
    report.entered = sorted(entered)
    if by is not None:
        report.edited_by = by
    report.save(update_fields=["values", "entered", "edited_by", "edited_at"])
    audit.record(
        "annual_report:values_saved",
        actor=by,
        unit=report.unit,
        target=report,
        changed={key: report.values[key] for key in changed},
    )
    return report


@transaction.atomic
def restore_computed(report: AnnualReport, *, by: User | None) -> AnnualReport:
    """Forget the hand-entered overrides of cells the records can count."""
    report = _locked(report)
    access.require_unless_system(by, Perm.WRITE_REPORT, report.unit)
    ensure_transition(report, Status.DRAFT)
    counted = compute.from_records(report.unit, report.year)
    dropped = [key for key in report.entered if key in counted.values]
    report.entered = [key for key in report.entered if key not in counted.values]
    _apply_records(report)
    if by is not None:
        report.edited_by = by
    report.save(update_fields=["values", "entered", "refreshed_at", "edited_by", "edited_at"])
    audit.record("annual_report:restored", actor=by, unit=report.unit, target=report, cells=dropped)
    return report


@transaction.atomic
def save_text(report: AnnualReport, *, by: User | None, **sections: str) -> AnnualReport:
    report = _locked(report)
    access.require_unless_system(by, Perm.WRITE_REPORT, report.unit)
    ensure_transition(report, Status.DRAFT)
    unknown = set(sections) - set(layout.SECTION_FIELDS)
    if unknown:
        raise ValueError(f"not sections of the report: {sorted(unknown)}")
    changed = [name for name, text in sections.items() if getattr(report, name) != text]
    for name, text in sections.items():
        setattr(report, name, text.strip())
    if by is not None:
        report.edited_by = by
    report.save(update_fields=[*sections, "edited_by", "edited_at"])
    audit.record(
        "annual_report:text_saved", actor=by, unit=report.unit, target=report, sections=changed
    )
    return report


def stale_cells(report: AnnualReport) -> list[str]:
    """Counted cells whose records changed since the last count (cells entered by hand stay)."""
    counted = compute.from_records(report.unit, report.year)
    return [
        key
        for key, value in counted.values.items()
        if key not in report.entered and report.values.get(key) != stored(value)
    ]


def last_year_of(report: AnnualReport) -> AnnualReport | None:
    """Last year's published report of the unit: the figures this year's must carry on from."""
    return (
        AnnualReport.objects.published()
        .filter(unit_id=report.unit_id, year=report.year - 1)
        .first()
    )


_UNKNOWN = object()


def failures(report: AnnualReport, *, last_year: Any = _UNKNOWN) -> list[checks.Failure]:
    """The checks the report fails; `last_year` (a report or None) saves the query."""
    last = last_year_of(report) if last_year is _UNKNOWN else last_year
    return checks.run(report.values, last_year=last.values if last else None)


def similar_reports(report: AnnualReport) -> list[tuple[AnnualReport, float]]:
    """Last year's report of the unit and this year's of other units that this text repeats."""
    others = AnnualReport.objects.filter(
        unit_id=report.unit_id, year=report.year - 1
    ) | AnnualReport.objects.filter(year=report.year).exclude(unit_id=report.unit_id)
    candidates = [(other, other.text()) for other in others.select_related("unit")]
    return checks.similar_to(report.text(), candidates)


@dataclass(frozen=True)
class SecrecyReview:
    """The secrecy review (保密审查) the publisher confirms, as for any publication."""

    no_state_secret: bool = False
    no_superior_document: bool = False
    privacy_lawful: bool = False


CONFIRMED = SecrecyReview(True, True, True)


@transaction.atomic
def publish(
    report: AnnualReport,
    *,
    by: User | None,
    secrecy: SecrecyReview,
    published_at: dt.datetime | None = None,
) -> AnnualReport:
    """Publish a report that passes the checks. A second click finds it published.

    The report goes out as a publication in the unit's annual-report column (catalog item
    R01) through the publishing workflow: drafted by its last editor, approved with the
    secrecy review and published by `by`, screened for personal information, sealed.
    `published_at` is for the demo's earlier reports; the staff pages always publish now.
    """
    report = _locked(report)
    access.require_unless_system(by, Perm.PUBLISH_REPORT, report.unit)
    if report.is_published:
        raise AlreadyPublished(
            _("This report was already published by %(who)s at %(when)s.")
            % {
                "who": report.published_by,
                "when": timezone.localtime(report.published_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="already_published",
        )
    ensure_transition(report, Status.PUBLISHED)
    when = published_at or timezone.now()
    # A year is reported on once it has ended (Art. 49-50): not before 1 January after it.
    can_from = dt.date(report.year + 1, 1, 1)
    if timezone.localtime(when).date() < can_from:
        raise ValidationError(
            _("The report on %(year)s can be published from %(day)s, once the year has ended.")
            % {"year": report.year, "day": can_from.isoformat()},
            code="too_early",
        )
    # No one both writes and approves (seed plan, 权力分解).
    if by is not None and by.pk == report.edited_by_id:
        raise PermissionDenied(
            _("You last edited this report; another reviewer of the unit must publish it.")
        )
    # Counted from the records again: a count made stale by later records never goes out
    # silently; the page lists what changed and the clerk counts again.
    changed = stale_cells(report)
    if changed:
        raise ValidationError(
            [_("The records changed since the tables were last counted; count them again:")]
            + [f"{layout.CELLS[key].row}（{layout.CELLS[key].column}）" for key in changed],
            code="stale",
        )
    found = failures(report)
    if found:
        raise ValidationError(
            [_("The report fails the consistency checks:")] + [f.message for f in found],
            code="checks",
        )
    publisher = by or _system_member(report.unit, Role.REVIEWER)
    report.publication = _publish_in_column(report, by=publisher, secrecy=secrecy, when=when)
    report.status = Status.PUBLISHED
    report.published_by = publisher
    report.published_at = when
    report.save(update_fields=["status", "published_by", "published_at", "publication"])
    audit.record(
        "annual_report:published",
        actor=by,
        unit=report.unit,
        target=report,
        year=report.year,
        similar=[other.pk for other, _score in similar_reports(report)],
    )
    return report


def _publish_in_column(
    report: AnnualReport, *, by: User, secrecy: SecrecyReview, when: dt.datetime
):
    """Draft, submit, approve and publish the report as a publication; refusals name the step."""
    today = timezone.localtime(when).date()
    author = report.edited_by
    item = column.item_for(report.unit, by=by)
    publication = publishing.create(
        unit=report.unit,
        item=item,
        by=author,
        audience="public",
        today=today,
        files=column.files(report),
        **column.content(report, today=today),
    )
    publishing.submit(publication, by=author, today=today)
    found = publishing.screen(publication.draft)
    if found:
        raise ValidationError(
            [_("The report contains possible personal information; correct its text first:")]
            + [
                f"{KINDS.get(finding.kind, finding.kind)}：{finding.value}（{finding.place}）"
                for finding in found
            ],
            code="privacy",
        )
    publishing.approve(
        publication,
        by=by,
        today=today,
        no_state_secret=secrecy.no_state_secret,
        no_superior_document=secrecy.no_superior_document,
        privacy_lawful=secrecy.privacy_lawful,
    )
    publishing.publish(
        publication,
        by=by,
        version_number=publication.draft.number,
        today=today,
        published_at=when if when < timezone.now() - dt.timedelta(minutes=1) else None,
    )
    publication.refresh_from_db()
    return publication


def _clean_case(case: ReviewCase) -> None:
    case.result = case.result or ""
    case.full_clean(exclude=["unit", "recorded_by"])


@transaction.atomic
def record_case(unit: Unit, *, by: User | None, **fields: Any) -> ReviewCase:
    access.require_unless_system(by, Perm.RECORD_CASES, unit)
    if not is_reporter(unit):
        raise ValidationError(
            _("Cases are recorded for the units that write an annual report (the township).")
        )
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ValueError(f"not case fields: {sorted(unknown)}")
    case = ReviewCase(unit=unit, recorded_by=by or _system_author(unit), **fields)
    _clean_case(case)
    case.save()
    audit.record("review_case:recorded", actor=by, unit=unit, target=case, kind=case.kind)
    return case


@transaction.atomic
def update_case(case: ReviewCase, *, by: User | None, **fields: Any) -> ReviewCase:
    case = ReviewCase.objects.select_for_update().get(pk=case.pk)
    access.require_unless_system(by, Perm.RECORD_CASES, case.unit)
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ValueError(f"not case fields: {sorted(unknown)}")
    before = {name: str(getattr(case, name)) for name in fields}
    for name, value in fields.items():
        setattr(case, name, value)
    _clean_case(case)
    case.save(update_fields=list(fields))
    audit.record(
        "review_case:updated",
        actor=by,
        unit=case.unit,
        target=case,
        before=before,
        after={name: str(getattr(case, name)) for name in fields},
    )
    return case


@transaction.atomic
def set_deadline(county: Unit, year: int, *, by: User | None, due_on: dt.date) -> ReportDeadline:
    access.require_unless_system(by, Perm.SUPERVISE, county)
    if county.kind != UnitKind.COUNTY:
        raise ValidationError(_("The county sets the deadline for its townships' reports."))
    if due_on <= dt.date(year, 12, 31):
        raise ValidationError(
            {"due_on": _("The deadline must fall after the end of the report year.")}
        )
    deadline, _created = ReportDeadline.objects.select_for_update().get_or_create(
        county=county, year=year, defaults={"due_on": due_on, "set_by": by or _any_user()}
    )
    before = deadline.due_on
    deadline.due_on = due_on
    if by is not None:
        deadline.set_by = by
    deadline.save()
    audit.record(
        "report_deadline:set",
        actor=by,
        unit=county,
        target=deadline,
        year=year,
        before=before.isoformat(),
        after=due_on.isoformat(),
    )
    return deadline


@transaction.atomic
def set_reporting_rule(county: Unit, *, by: User | None, offices_separately: bool) -> ReportingRule:
    """The county decides whether its townships' offices write annual reports of their own."""
    access.require_unless_system(by, Perm.SUPERVISE, county)
    if county.kind != UnitKind.COUNTY:
        raise ValidationError(_("The county decides how its townships report."))
    rule, _created = ReportingRule.objects.select_for_update().get_or_create(
        county=county,
        defaults={"offices_report_separately": offices_separately, "set_by": by or _any_user()},
    )
    before = rule.offices_report_separately if not _created else False
    rule.offices_report_separately = offices_separately
    if by is not None:
        rule.set_by = by
    rule.save()
    audit.record(
        "reporting_rule:set",
        actor=by,
        unit=county,
        target=rule,
        before=before,
        after=offices_separately,
    )
    return rule


def _any_user() -> User:
    return User.objects.order_by("pk").first()
