"""The indicator layer: one function per indicator, measured from the platform's own records.

Each function takes the units to measure (a county's, all at once: a few queries for the
county, not for each unit), a year and `as_of` (the last day counted: the year's end for a
past year, today for the current one) and returns, for each unit by its id, how many
findings it makes and the records behind them, each with a link, so that every point lost
can be traced to its record. `measure` gives one unit's. No function writes anything or asks
the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import Approval
from gongkai.core.models import Unit, UnitKind
from gongkai.evaluation.models import ErrorReport, Rating, Verdict
from gongkai.evaluation.models import Finding as ReportFinding
from gongkai.info_requests import outcomes
from gongkai.info_requests.models import InfoRequest, reply_overdue_condition
from gongkai.obligations import reads as obligation_reads
from gongkai.obligations.models import Obligation
from gongkai.publishing.models import Publication, Review, Validity
from gongkai.reports import actions as report_actions
from gongkai.reports.models import AnnualReport, CaseResult, ReviewCase
from gongkai.reports.models import Status as ReportStatus
from gongkai.villages import reads as village_reads

from .models import INDICATOR_LABELS, Incident, IndicatorGroup

# The six elements (六要素) a service matter's publication must carry.
SIX_ELEMENTS = ("basis", "duty", "conditions", "procedure", "discipline", "result")


@dataclass(frozen=True)
class Record:
    url: str
    label: str


@dataclass
class Found:
    records: list[Record] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.records)


FoundByUnit = dict[int, Found]
MeasureMany = Callable[[list[Unit], int, dt.date], FoundByUnit]


@dataclass(frozen=True)
class Definition:
    """An indicator; `measure` measures many units at once (a county's, in a few queries)
    and gives each unit's Found by its id."""

    key: str
    label: object
    group: str
    measure: MeasureMany
    deduction: Decimal
    cap: Decimal | None


def as_of(year: int, today: dt.date) -> dt.date:
    """The last day a year's assessment counts: its end, or today while it runs."""
    return min(today, dt.date(year, 12, 31))


def _grouped(units: list[Unit], pairs) -> FoundByUnit:
    """Every unit's Found, from (unit id, record) pairs in the order of the records."""
    found: FoundByUnit = {unit.pk: Found() for unit in units}
    for unit_id, record in pairs:
        found[unit_id].records.append(record)
    return found


def _ids(units: list[Unit]) -> list[int]:
    return [unit.pk for unit in units]


def _obligation_record(obligation: Obligation, paths: dict[int, str]) -> Record:
    unit = obligation.unit
    if unit.pk not in paths:
        paths[unit.pk] = reverse("obligations:unit", kwargs={"org_code": unit.org_code})
    return Record(
        f"{paths[unit.pk]}?year={obligation.period_start.year}#obligation-{obligation.pk}",
        f"{obligation.item.level2} · {obligation.period_label} · {obligation.due_on:%Y-%m-%d}",
    )


def overdue_obligations(units: list[Unit], year: int, day: dt.date) -> FoundByUnit:
    """Obligations of the year past their due date and not published by `day`. A waiver (no
    such matter in the period) is never a failure, whenever it was recorded."""
    found = (
        Obligation.objects.filter(unit__in=_ids(units), period_start__year=year)
        .overdue(day)
        .select_related("unit", "item")
        .order_by("due_on", "pk")
    )
    paths: dict[int, str] = {}
    return _grouped(units, ((o.unit_id, _obligation_record(o, paths)) for o in found))


def late_obligations(units: list[Unit], year: int, day: dt.date) -> FoundByUnit:
    """Obligations of the year published after their due date (by `day`)."""
    found = (
        Obligation.objects.filter(
            unit__in=_ids(units),
            period_start__year=year,
            published_on__gt=F("due_on"),
            published_on__lte=day,
            waived_at__isnull=True,
        )
        .select_related("unit", "item")
        .order_by("due_on", "pk")
    )
    paths: dict[int, str] = {}
    return _grouped(units, ((o.unit_id, _obligation_record(o, paths)) for o in found))


def _publication_record(publication: Publication, note: str = "") -> Record:
    title = publication.current.title if publication.current else str(publication)
    label = f"{publication.index_no or ''} {title}".strip()
    if note:
        label = f"{label}（{note}）"
    return Record(reverse("publishing:detail", kwargs={"pk": publication.pk}), label)


def late_publications(units: list[Unit], year: int, day: dt.date) -> FoundByUnit:
    """Versions published in the year more than 20 working days after the information changed."""
    reviews = (
        Review.objects.filter(
            published_late=True,
            version__publication__unit__in=_ids(units),
            version__published_at__year=year,
            version__published_at__lt=_end_of(day),
        )
        .select_related("version__publication__current")
        .order_by("version__published_at", "pk")
    )
    return _grouped(
        units,
        (
            (r.version.publication.unit_id, _publication_record(r.version.publication))
            for r in reviews
        ),
    )


def _end_of(day: dt.date) -> dt.datetime:
    """The first moment after the local `day`: `published_at < _end_of(day)` is `__date__lte`
    without converting every row's time in the database."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _published_by(units: list[Unit], day: dt.date):
    return (
        Publication.objects.published()
        .filter(unit__in=_ids(units), current__published_at__lt=_end_of(day))
        .select_related("current", "item")
        .order_by("first_published_at", "pk")
    )


# The publications `_metadata_errors` may find something in, so that the database leaves out
# the others (most of them); `_metadata_errors` decides.
_MAY_HAVE_METADATA_ERRORS = (
    Q(item__approval__in=(Approval.COLLECTIVE, Approval.CONGRESS), current__doc_no="")
    | Q(current__written_on__isnull=True)
    | ~Q(current__validity=Validity.VALID)
)


def _metadata_errors(publication: Publication) -> Iterator[Record]:
    version = publication.current
    if version is None:  # never so for a published publication
        return
    if publication.item.approval in (Approval.COLLECTIVE, Approval.CONGRESS):
        if not version.doc_no:
            yield _publication_record(publication, gettext("no document number"))
    if version.written_on is None:
        yield _publication_record(publication, gettext("no date written"))
    if version.validity != Validity.VALID and (
        version.validity_changed_on is None
        or (version.written_on and version.validity_changed_on < version.written_on)
    ):
        yield _publication_record(publication, gettext("invalid validity"))


def metadata_errors(units: list[Unit], year: int, day: dt.date) -> FoundByUnit:
    """Publications of the year with a missing 文号 where the item needs one (a decided or
    approved document), a missing 成文日期, or a validity that does not add up."""
    return _grouped(
        units,
        (
            (publication.unit_id, record)
            for publication in _published_by(units, day)
            .filter(first_published_at__year=year)
            .filter(_MAY_HAVE_METADATA_ERRORS)
            for record in _metadata_errors(publication)
        ),
    )


def incomplete_service_matters(units: list[Unit], year: int, day: dt.date) -> FoundByUnit:
    """Service matters on show by `day` whose publication leaves one of the six elements empty."""
    return _grouped(
        units,
        (
            (publication.unit_id, _publication_record(publication))
            for publication in _published_by(units, day).filter(item__service_guide=True)
            if any(not (getattr(publication.current, name) or "").strip() for name in SIX_ELEMENTS)
        ),
    )


def stale_columns(units: list[Unit], year: int, day: dt.date) -> FoundByUnit:
    """Adopted public columns with nothing published, or nothing for longer than their cadence."""
    urls = {
        unit.pk: reverse("obligations:stale", kwargs={"org_code": unit.org_code}) for unit in units
    }
    stale = obligation_reads.stale_columns(Unit.objects.filter(pk__in=_ids(units)), today=day)
    return _grouped(
        units,
        ((s.unit.pk, Record(f"{urls[s.unit.pk]}#item-{s.item.pk}", s.item.level2)) for s in stale),
    )


def overdue_replies(units: list[Unit], year: int, day: dt.date) -> FoundByUnit:
    """Applications due in the year and answered after the statutory deadline, or not at all."""
    found = (
        InfoRequest.objects.filter(unit__in=_ids(units), due_on__year=year, due_on__lt=day)
        .filter(
            Q(replied_on__gt=F("due_on"))
            | (Q(replied_on__isnull=True) & reply_overdue_condition(day))
        )
        .exclude(outcome=outcomes.FEE_UNPAID_KEY)
        .order_by("due_on", "pk")
    )
    return _grouped(
        units,
        (
            (r.unit_id, Record(r.get_absolute_url(), f"{r.tracking_code} · {r.due_on:%Y-%m-%d}"))
            for r in found
        ),
    )


def corrected_on_review(units: list[Unit], year: int, day: dt.date) -> FoundByUnit:
    """Review and court cases decided in the year that corrected the unit (纠错)."""
    urls = {unit.pk: reverse("reports:cases", kwargs={"org_code": unit.org_code}) for unit in units}
    found = ReviewCase.objects.filter(
        unit__in=_ids(units),
        result=CaseResult.CORRECTED,
        decided_on__year=year,
        decided_on__lte=day,
    ).order_by("decided_on", "pk")
    return _grouped(
        units,
        (
            (c.unit_id, Record(f"{urls[c.unit_id]}#case-{c.pk}", f"{c.reference} {c.subject}"))
            for c in found
        ),
    )


def _rating_url(rating: Rating) -> str:
    if rating.info_request is not None:
        return f"{rating.info_request.get_absolute_url()}#rating-{rating.pk}"
    return reverse("publishing:detail", kwargs={"pk": rating.publication_id}) + (
        f"#rating-{rating.pk}"
    )


def dissatisfied_ratings(units: list[Unit], year: int, day: dt.date) -> FoundByUnit:
    """The public's “dissatisfied” verdicts on the unit's publications and replies."""
    found = (
        Rating.objects.filter(
            unit__in=_ids(units),
            verdict=Verdict.DISSATISFIED,
            rated_on__year=year,
            rated_on__lte=day,
        )
        .select_related("info_request")
        .order_by("rated_on", "pk")
    )
    return _grouped(
        units,
        (
            (
                r.unit_id,
                Record(_rating_url(r), f"{r.rated_on:%Y-%m-%d} {(r.comment or '')[:40]}".strip()),
            )
            for r in found
        ),
    )


def confirmed_errors(units: list[Unit], year: int, day: dt.date) -> FoundByUnit:
    """Error reports from the public that the unit found right: its information was wrong."""
    found = ErrorReport.objects.filter(
        unit__in=_ids(units),
        finding=ReportFinding.VALID,
        received_on__year=year,
        received_on__lte=day,
    ).order_by("received_on", "pk")
    return _grouped(
        units,
        (
            (
                r.unit_id,
                Record(
                    reverse("evaluation:answer", kwargs={"pk": r.pk}),
                    f"{r.tracking_code} {r.description[:40]}",
                ),
            )
            for r in found
        ),
    )


def _last_reports(units: list[Unit], year: int) -> dict[int, AnnualReport]:
    """Each unit's report of the year before (one a unit and year)."""
    return {
        report.unit_id: report
        for report in AnnualReport.objects.filter(unit__in=_ids(units), year=year - 1)
    }


def _report_url(unit: Unit, year: int) -> str:
    return reverse("reports:detail", kwargs={"org_code": unit.org_code, "year": year - 1})


def _annual_report_late(unit: Unit, report: AnnualReport | None, year: int, day: dt.date) -> Found:
    deadline = dt.date(year, 1, 31)
    if unit.kind != UnitKind.TOWNSHIP or day <= deadline:
        return Found()
    published = report.published_at.date() if report and report.published_at else None
    if published is not None and published <= deadline:
        return Found()
    if published is not None and published > day:
        published = None
    label = gettext("Annual report %(year)s") % {"year": year - 1}
    note = (
        gettext("published on %(day)s") % {"day": f"{published:%Y-%m-%d}"}
        if published
        else gettext("not published")
    )
    return Found([Record(_report_url(unit, year), f"{label}（{note}）")])


def annual_report_late(units: list[Unit], year: int, day: dt.date) -> FoundByUnit:
    """The previous year's annual report not published by 31 January (a township's own)."""
    reports = _last_reports(units, year)
    return {unit.pk: _annual_report_late(unit, reports.get(unit.pk), year, day) for unit in units}


def _annual_report_inconsistent(
    unit: Unit, report: AnnualReport | None, year: int, day: dt.date
) -> Found:
    if unit.kind != UnitKind.TOWNSHIP or report is None:
        return Found()
    if report.status != ReportStatus.PUBLISHED or report.published_at is None:
        return Found()
    if report.published_at.date() > day:
        return Found()
    url = _report_url(unit, year)
    return Found(
        [Record(f"{url}#table-{f.table}", f.message) for f in report_actions.failures(report)]
    )


def annual_report_inconsistent(units: list[Unit], year: int, day: dt.date) -> FoundByUnit:
    """The checks the previous year's published annual report fails."""
    reports = _last_reports(units, year)
    return {
        unit.pk: _annual_report_inconsistent(unit, reports.get(unit.pk), year, day)
        for unit in units
    }


def leaks(units: list[Unit], year: int, day: dt.date) -> FoundByUnit:
    """Leaks of state secrets or personal information the supervisor recorded for the year."""
    urls = {
        unit.pk: reverse("assessment:incidents", kwargs={"org_code": unit.org_code})
        for unit in units
    }
    found = Incident.objects.filter(
        unit__in=_ids(units), occurred_on__year=year, occurred_on__lte=day
    ).order_by("occurred_on", "pk")
    return _grouped(
        units,
        (
            (
                i.unit_id,
                Record(
                    f"{urls[i.unit_id]}#incident-{i.pk}",
                    f"{i.occurred_on:%Y-%m-%d} {i.get_kind_display()}",
                ),
            )
            for i in found
        ),
    )


def _unexplained_village_differences(unit: Unit, year: int, day: dt.date) -> Found:
    if unit.kind not in (UnitKind.TOWNSHIP, UnitKind.VILLAGE):
        return Found()  # other units have no cross-check differences
    found = village_reads.unexplained(unit, year, as_of=day)
    township = unit if unit.kind == UnitKind.TOWNSHIP else unit.parent
    if township is None:
        return Found()
    url = reverse("villages:reconciliation", kwargs={"org_code": township.org_code})
    return Found([Record(f"{url}?period={u.period}", u.label) for u in found])


def unexplained_village_differences(units: list[Unit], year: int, day: dt.date) -> FoundByUnit:
    """Differences between the township's records and its villages' statements (村务对应)
    left neither explained nor corrected by `day`: they count against the township (and,
    were villages assessed, the village)."""
    return {unit.pk: _unexplained_village_differences(unit, year, day) for unit in units}


def _d(value: str) -> Decimal:
    return Decimal(value)


DEFINITIONS = [
    Definition(
        "late_publications",
        _("Publications after the 20 working days"),
        IndicatorGroup.DECISION,
        late_publications,
        _d("1.0"),
        _d("10.0"),
    ),
    Definition(
        "metadata_errors",
        _("Metadata errors (文号, 成文日期, validity)"),
        IndicatorGroup.DECISION,
        metadata_errors,
        _d("1.0"),
        _d("10.0"),
    ),
    Definition(
        "incomplete_service_matters",
        _("Service matters without all six elements"),
        IndicatorGroup.SERVICE,
        incomplete_service_matters,
        _d("2.0"),
        _d("10.0"),
    ),
    Definition(
        "stale_columns",
        _("Stale or empty columns"),
        IndicatorGroup.SERVICE,
        stale_columns,
        _d("0.5"),
        _d("5.0"),
    ),
    Definition(
        "overdue_obligations",
        _("Disclosure obligations overdue"),
        IndicatorGroup.RESULTS,
        overdue_obligations,
        _d("2.0"),
        _d("20.0"),
    ),
    Definition(
        "late_obligations",
        _("Disclosure obligations met late"),
        IndicatorGroup.RESULTS,
        late_obligations,
        _d("0.5"),
        _d("10.0"),
    ),
    Definition(
        "overdue_replies",
        _("Applications answered late"),
        IndicatorGroup.APPLICATIONS,
        overdue_replies,
        _d("6.0"),
        _d("18.0"),
    ),
    Definition(
        "corrected_on_review",
        _("Replies corrected on review or in court"),
        IndicatorGroup.APPLICATIONS,
        corrected_on_review,
        _d("3.0"),
        _d("12.0"),
    ),
    Definition(
        "dissatisfied_ratings",
        _("Dissatisfied ratings from the public"),
        IndicatorGroup.PLATFORM,
        dissatisfied_ratings,
        _d("0.5"),
        _d("5.0"),
    ),
    Definition(
        "confirmed_errors",
        _("Errors reported by the public and confirmed"),
        IndicatorGroup.PLATFORM,
        confirmed_errors,
        _d("0.5"),
        _d("5.0"),
    ),
    Definition(
        "annual_report_late",
        _("Annual report not published by 31 January"),
        IndicatorGroup.PLATFORM,
        annual_report_late,
        _d("5.0"),
        _d("5.0"),
    ),
    Definition(
        "annual_report_inconsistent",
        _("Annual report checks failed"),
        IndicatorGroup.PLATFORM,
        annual_report_inconsistent,
        _d("1.0"),
        _d("5.0"),
    ),
    # Added after the first schemes: counties that had a scheme get it in a new version (a
    # data migration), so that results computed and published under the old one stay as
    # they were.
    Definition(
        "unexplained_village_differences",
        _("Differences with the villages' accounts left unexplained"),
        IndicatorGroup.RESULTS,
        unexplained_village_differences,
        _d("1.0"),
        _d("5.0"),
    ),
]

# One leak and the unit loses every point (一票否决).
VETO = Definition(
    "leaks",
    _("Leaks of state secrets or personal information"),
    IndicatorGroup.PLATFORM,
    leaks,
    _d("0.0"),
    None,
)
DEFINITIONS.append(VETO)

REGISTRY: dict[str, Definition] = {d.key: d for d in DEFINITIONS}
INDICATOR_LABELS.update({d.key: d.label for d in DEFINITIONS})


def measure(key: str, unit: Unit, year: int, day: dt.date) -> Found:
    return REGISTRY[key].measure([unit], year, day)[unit.pk]


def measure_all(key: str, units: list[Unit], year: int, day: dt.date) -> FoundByUnit:
    """One indicator for every unit: the same Found for each as `measure` unit by unit."""
    return REGISTRY[key].measure(units, year, day)
