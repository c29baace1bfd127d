"""Named reads: what may be rated, what the public sees, and the figures per unit and year."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q

from gongkai.core.models import Unit, UnitKind
from gongkai.publishing.models import Audience, Publication, Status

from .models import (
    ASPECTS,
    ErrorReport,
    Evaluation,
    EvaluationRound,
    Rating,
    RatingQuerySet,
    ReportStatus,
    RoundStatus,
    Verdict,
)


def ratable_publications():
    """Public, published and not withdrawn: internal, draft and withdrawn ones cannot be rated."""
    return Publication.objects.public().exclude(status=Status.WITHDRAWN)


def is_ratable(publication: Publication) -> bool:
    return ratable_publications().filter(pk=publication.pk).exists()


def shows_as_ratable(publication: Publication) -> bool:
    """`is_ratable`, from the fields of a publication just read (no query): whether its page
    offers the rating form; the rating action checks again with `is_ratable`."""
    return (
        publication.current_id is not None
        and publication.audience == Audience.PUBLIC
        and publication.status != Status.WITHDRAWN
    )


def ratable_publication(index_no: str) -> Publication | None:
    code, _slash, rest = (index_no or "").partition("/")
    return (
        ratable_publications()
        .select_related("unit", "unit__parent", "current", "item")
        .filter(index_no=f"{code.upper()}/{rest}")
        .first()
    )


def shown_comments_of(publication: Publication) -> RatingQuerySet:
    return Rating.objects.filter(publication=publication.pk).shown()[:20]


def shown_comments(publication: Publication) -> list[Rating]:
    return list(shown_comments_of(publication))


def report_by_code(code: str) -> ErrorReport | None:
    return (
        ErrorReport.objects.select_related("publication", "unit", "correction", "version")
        .filter(tracking_code=(code or "").strip().upper())
        .first()
    )


@dataclass
class Results:
    """The public's verdict on one unit in one year, and the evaluators' average scores."""

    unit: Unit
    year: int
    satisfied: int = 0
    basically_satisfied: int = 0
    dissatisfied: int = 0
    error_reports: int = 0
    answered: int = 0
    answered_on_time: int = 0
    comments: list[Rating] = field(default_factory=list)
    reports: list[ErrorReport] = field(default_factory=list)
    evaluations: int = 0
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def ratings(self) -> int:
        return self.satisfied + self.basically_satisfied + self.dissatisfied

    @property
    def satisfaction_rate(self) -> float | None:
        """满意率: satisfied and basically satisfied over all ratings, in per cent."""
        if not self.ratings:
            return None
        return round(100 * (self.satisfied + self.basically_satisfied) / self.ratings, 1)

    @property
    def average_score(self) -> float | None:
        if not self.scores:
            return None
        return round(sum(self.scores.values()) / len(self.scores), 1)

    def counts(self) -> dict[str, int]:
        return {
            "satisfied": self.satisfied,
            "basically_satisfied": self.basically_satisfied,
            "dissatisfied": self.dissatisfied,
            "error_reports": self.error_reports,
            "answered_on_time": self.answered_on_time,
        }


def results(unit: Unit, year: int, *, details: bool = True) -> Results:
    """Counts of the unit's publications and replies in the year; with `details`, the
    approved comments and the answered error reports too."""
    found = Results(unit=unit, year=year)
    verdicts = (
        Rating.objects.filter(unit=unit).of_year(year).values("verdict").annotate(n=Count("pk"))
    )
    for row in verdicts:
        setattr(found, Verdict(row["verdict"]).name.lower(), row["n"])
    reports = ErrorReport.objects.filter(unit=unit).of_year(year)
    totals = reports.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(status=ReportStatus.ANSWERED)),
    )
    found.error_reports = totals["total"]
    found.answered = totals["answered"]
    found.answered_on_time = reports.answered_on_time().count()
    evaluations = Evaluation.objects.filter(
        unit=unit, round__year=year, round__status=RoundStatus.CLOSED
    )
    averages = evaluations.aggregate(n=Count("pk"), **{name: Avg(name) for name in ASPECTS})
    found.evaluations = averages.pop("n")
    if found.evaluations:
        found.scores = {name: round(value, 1) for name, value in averages.items()}
    if details:
        found.comments = list(
            Rating.objects.filter(unit=unit)
            .of_year(year)
            .shown()
            .select_related("publication__current")[:50]
        )
        found.reports = list(
            reports.filter(status=ReportStatus.ANSWERED)
            .select_related("publication__current", "correction")
            .order_by("-received_at")[:50]
        )
    return found


def county_results(county: Unit, year: int) -> list[Results]:
    """Every township and office of the county, in tree order (the XLSX export)."""
    units = Unit.objects.subtree(county).filter(kind__in=[UnitKind.TOWNSHIP, UnitKind.OFFICE])
    return [results(unit, year, details=False) for unit in units.order_by("path")]


def open_round_for(county: Unit) -> EvaluationRound | None:
    return EvaluationRound.objects.filter(county=county, status=RoundStatus.OPEN).first()
