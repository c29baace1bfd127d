"""The indicator layer: one function per indicator, measured from the platform's own records.

Each function takes a unit, a year and `as_of` (the last day counted: the year's end for a
past year, today for the current one) and returns how many findings it makes and the records
behind them, each with a link, so that every point lost can be traced to its record. No
function writes anything or asks the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q
from django.urls import reverse
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


Measure = Callable[[Unit, int, dt.date], Found]


@dataclass(frozen=True)
class Definition:
    key: str
    label: object
    group: str
    measure: Measure
    deduction: Decimal
    cap: Decimal | None


def as_of(year: int, today: dt.date) -> dt.date:
    """The last day a year's assessment counts: its end, or today while it runs."""
    return min(today, dt.date(year, 12, 31))


def _obligation_url(obligation: Obligation) -> str:
    path = reverse("obligations:unit", kwargs={"org_code": obligation.unit.org_code})
    return f"{path}?year={obligation.period_start.year}#obligation-{obligation.pk}"


def _obligation_label(obligation: Obligation) -> str:
    return f"{obligation.item.level2} · {obligation.period_label} · {obligation.due_on:%Y-%m-%d}"


def overdue_obligations(unit: Unit, year: int, day: dt.date) -> Found:
    """Obligations of the year past their due date and not published by `day`. A waiver (no
    such matter in the period) is never a failure, whenever it was recorded."""
    found = (
        Obligation.objects.filter(unit=unit, period_start__year=year)
        .overdue(day)
        .select_related("unit", "item")
        .order_by("due_on", "pk")
    )
    return Found([Record(_obligation_url(o), _obligation_label(o)) for o in found])


def late_obligations(unit: Unit, year: int, day: dt.date) -> Found:
    """Obligations of the year published after their due date (by `day`)."""
    found = (
        Obligation.objects.filter(
            unit=unit,
            period_start__year=year,
            published_on__gt=F("due_on"),
            published_on__lte=day,
            waived_at__isnull=True,
        )
        .select_related("unit", "item")
        .order_by("due_on", "pk")
    )
    return Found([Record(_obligation_url(o), _obligation_label(o)) for o in found])


def _publication_record(publication: Publication, note: str = "") -> Record:
    title = publication.current.title if publication.current else str(publication)
    label = f"{publication.index_no or ''} {title}".strip()
    if note:
        label = f"{label}（{note}）"
    return Record(reverse("publishing:detail", kwargs={"pk": publication.pk}), label)


def late_publications(unit: Unit, year: int, day: dt.date) -> Found:
    """Versions published in the year more than 20 working days after the information changed."""
    reviews = (
        Review.objects.filter(
            published_late=True,
            version__publication__unit=unit,
            version__published_at__year=year,
            version__published_at__date__lte=day,
        )
        .select_related("version__publication__current")
        .order_by("version__published_at", "pk")
    )
    return Found([_publication_record(r.version.publication) for r in reviews])


def _published_by(unit: Unit, day: dt.date):
    return (
        Publication.objects.published()
        .filter(unit=unit, current__published_at__date__lte=day)
        .select_related("current", "item")
        .order_by("first_published_at", "pk")
    )


def metadata_errors(unit: Unit, year: int, day: dt.date) -> Found:
    """Publications of the year with a missing 文号 where the item needs one (a decided or
    approved document), a missing 成文日期, or a validity that does not add up."""
    records = []
    for publication in _published_by(unit, day).filter(first_published_at__year=year):
        version = publication.current
        if publication.item.approval in (Approval.COLLECTIVE, Approval.CONGRESS):
            if not version.doc_no:
                records.append(_publication_record(publication, gettext("no document number")))
        if version.written_on is None:
            records.append(_publication_record(publication, gettext("no date written")))
        if version.validity != Validity.VALID and (
            version.validity_changed_on is None
            or (version.written_on and version.validity_changed_on < version.written_on)
        ):
            records.append(_publication_record(publication, gettext("invalid validity")))
    return Found(records)


def incomplete_service_matters(unit: Unit, year: int, day: dt.date) -> Found:
    """Service matters on show by `day` whose publication leaves one of the six elements empty."""
    records = []
    for publication in _published_by(unit, day).filter(item__service_guide=True):
        if any(not (getattr(publication.current, name) or "").strip() for name in SIX_ELEMENTS):
            records.append(_publication_record(publication))
    return Found(records)


def stale_columns(unit: Unit, year: int, day: dt.date) -> Found:
    """Adopted public columns with nothing published, or nothing for longer than their cadence."""
    url = reverse("obligations:stale", kwargs={"org_code": unit.org_code})
    return Found(
        [
            Record(f"{url}#item-{stale.item.pk}", stale.item.level2)
            for stale in obligation_reads.stale_columns(Unit.objects.filter(pk=unit.pk), today=day)
        ]
    )


def overdue_replies(unit: Unit, year: int, day: dt.date) -> Found:
    """Applications due in the year and answered after the statutory deadline, or not at all."""
    found = (
        InfoRequest.objects.filter(unit=unit, due_on__year=year, due_on__lt=day)
        .filter(
            Q(replied_on__gt=F("due_on"))
            | (Q(replied_on__isnull=True) & reply_overdue_condition(day))
        )
        .exclude(outcome=outcomes.FEE_UNPAID_KEY)
        .order_by("due_on", "pk")
    )
    return Found(
        [Record(r.get_absolute_url(), f"{r.tracking_code} · {r.due_on:%Y-%m-%d}") for r in found]
    )


def corrected_on_review(unit: Unit, year: int, day: dt.date) -> Found:
    """Review and court cases decided in the year that corrected the unit (纠错)."""
    url = reverse("reports:cases", kwargs={"org_code": unit.org_code})
    found = ReviewCase.objects.filter(
        unit=unit, result=CaseResult.CORRECTED, decided_on__year=year, decided_on__lte=day
    ).order_by("decided_on", "pk")
    return Found([Record(f"{url}#case-{c.pk}", f"{c.reference} {c.subject}") for c in found])


def _rating_url(rating: Rating) -> str:
    if rating.info_request is not None:
        return f"{rating.info_request.get_absolute_url()}#rating-{rating.pk}"
    return reverse("publishing:detail", kwargs={"pk": rating.publication_id}) + (
        f"#rating-{rating.pk}"
    )


def dissatisfied_ratings(unit: Unit, year: int, day: dt.date) -> Found:
    """The public's “dissatisfied” verdicts on the unit's publications and replies."""
    found = (
        Rating.objects.filter(
            unit=unit, verdict=Verdict.DISSATISFIED, rated_on__year=year, rated_on__lte=day
        )
        .select_related("info_request")
        .order_by("rated_on", "pk")
    )
    return Found(
        [
            Record(_rating_url(r), f"{r.rated_on:%Y-%m-%d} {(r.comment or '')[:40]}".strip())
            for r in found
        ]
    )


def confirmed_errors(unit: Unit, year: int, day: dt.date) -> Found:
    """Error reports from the public that the unit found right: its information was wrong."""
    found = ErrorReport.objects.filter(
        unit=unit, finding=ReportFinding.VALID, received_on__year=year, received_on__lte=day
    ).order_by("received_on", "pk")
    return Found(
        [
            Record(
                reverse("evaluation:answer", kwargs={"pk": r.pk}),
                f"{r.tracking_code} {r.description[:40]}",
            )
            for r in found
        ]
    )


def _last_report(unit: Unit, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(unit=unit, year=year - 1).first()


def _report_url(unit: Unit, year: int) -> str:
    return reverse("reports:detail", kwargs={"org_code": unit.org_code, "year": year - 1})


def annual_report_late(unit: Unit, year: int, day: dt.date) -> Found:
    """The previous year's annual report not published by 31 January (a township's own)."""
    deadline = dt.date(year, 1, 31)
    if unit.kind != UnitKind.TOWNSHIP or day <= deadline:
        return Found()
    report = _last_report(unit, year)
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


def annual_report_inconsistent(unit: Unit, year: int, day: dt.date) -> Found:
    """The checks the previous year's published annual report fails."""
    report = _last_report(unit, year)
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


def leaks(unit: Unit, year: int, day: dt.date) -> Found:
    """Leaks of state secrets or personal information the supervisor recorded for the year."""
    url = reverse("assessment:incidents", kwargs={"org_code": unit.org_code})
    found = Incident.objects.filter(
        unit=unit, occurred_on__year=year, occurred_on__lte=day
    ).order_by("occurred_on", "pk")
    return Found(
        [
            Record(f"{url}#incident-{i.pk}", f"{i.occurred_on:%Y-%m-%d} {i.get_kind_display()}")
            for i in found
        ]
    )


def unexplained_village_differences(unit: Unit, year: int, day: dt.date) -> Found:
    """Differences between the township's records and its villages' statements (村务对应)
    left neither explained nor corrected by `day`: they count against the township (and,
    were villages assessed, the village)."""
    found = village_reads.unexplained(unit, year, as_of=day)
    township = unit if unit.kind == UnitKind.TOWNSHIP else unit.parent
    if township is None:
        return Found()
    url = reverse("villages:reconciliation", kwargs={"org_code": township.org_code})
    return Found([Record(f"{url}?period={u.period}", u.label) for u in found])


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
    return REGISTRY[key].measure(unit, year, day)
