"""Named reads: a county's scheme, the scores of a year (stored or live), orders, records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from gongkai.core.models import Unit, UnitKind

from . import indicators, scoring
from .models import (
    AccountabilityRecord,
    AssessmentResult,
    AssessmentScheme,
    IndicatorGroup,
    RectificationOrder,
    ResultStatus,
)

ASSESSED_KINDS = (UnitKind.TOWNSHIP, UnitKind.OFFICE)


def latest_scheme(county: Unit) -> AssessmentScheme | None:
    return (
        AssessmentScheme.objects.filter(county=county)
        .prefetch_related("indicators", "weights")
        .order_by("-version")
        .first()
    )


def assessed_units(county: Unit) -> QuerySet:
    return Unit.objects.subtree(county).filter(kind__in=ASSESSED_KINDS).order_by("path")


@dataclass
class Point:
    indicator: str
    label: str
    group: str
    count: int
    deduction: Decimal
    records: list[dict[str, str]]

    def as_json(self) -> dict:
        return {
            "indicator": self.indicator,
            "count": self.count,
            "deduction": str(self.deduction),
            "records": self.records,
        }


@dataclass
class GroupLoss:
    """The points a unit lost in one group, capped at the group's weight."""

    group: str
    label: str
    weight: Decimal | None
    deduction: Decimal

    def as_json(self) -> dict:
        return {
            "group": self.group,
            "weight": None if self.weight is None else str(self.weight),
            "deduction": str(self.deduction),
        }


@dataclass
class UnitScore:
    unit: Unit
    score: Decimal
    rank: int = 0
    vetoed: bool = False
    points: list[Point] = field(default_factory=list)
    groups: list[GroupLoss] = field(default_factory=list)

    def group(self, value: str) -> GroupLoss | None:
        return next((g for g in self.groups if g.group == value), None)

    @property
    def lost(self) -> list[Point]:
        return [p for p in self.points if p.count]


@dataclass
class Standing:
    """A county's scores for a year, from a stored result or computed live."""

    county: Unit
    year: int
    scheme: AssessmentScheme
    rows: list[UnitScore]
    result: AssessmentResult | None = None
    as_of: dt.date | None = None

    @property
    def live(self) -> bool:
        return self.result is None

    @property
    def published(self) -> bool:
        return self.result is not None and self.result.is_published

    def of_kind(self, kind: str) -> list[UnitScore]:
        return [row for row in self.rows if row.unit.kind == kind]

    def of_unit(self, unit: Unit) -> UnitScore | None:
        return next((row for row in self.rows if row.unit.pk == unit.pk), None)


def rules_of(scheme: AssessmentScheme) -> list[scoring.Rule]:
    return [
        scoring.Rule(i.key, i.deduction, i.cap, i.veto, i.group)
        for i in scheme.indicators.all()
        if i.key in indicators.REGISTRY
    ]


def weights_of(scheme: AssessmentScheme) -> dict[str, Decimal]:
    """Each group's weight in the scheme version: the most points the group can lose."""
    return {w.group: w.weight for w in scheme.weights.all()}


def group_losses(
    rules: list[scoring.Rule], lost: dict[str, Decimal], weights: dict[str, Decimal]
) -> list[GroupLoss]:
    """Every group, in the order of the index, with its weight and the points lost in it."""
    capped = scoring.groups(rules, lost, weights)
    return [
        GroupLoss(value, str(label), weights.get(value), capped.get(value, scoring.ZERO))
        for value, label in IndicatorGroup.choices
    ]


def compute(county: Unit, year: int, scheme: AssessmentScheme, *, today: dt.date) -> Standing:
    """Measure every assessed unit of the county and score it under `scheme`."""
    day = indicators.as_of(year, today)
    rules = rules_of(scheme)
    weights = weights_of(scheme)
    labels = {i.key: (i.label, i.group) for i in scheme.indicators.all()}
    rows = []
    units = list(assessed_units(county))
    # Each indicator measures all the county's units at once: a few queries per indicator,
    # not per unit.
    measured = {r.key: indicators.measure_all(r.key, units, year, day) for r in rules}
    for unit in units:
        found = {r.key: measured[r.key][unit.pk] for r in rules}
        counts = {key: f.count for key, f in found.items()}
        total, lost, vetoed = scoring.score(
            rules, counts, full_score=scheme.full_score, weights=weights
        )
        points = [
            Point(
                r.key,
                labels[r.key][0],
                labels[r.key][1],
                counts[r.key],
                lost[r.key],
                [{"url": rec.url, "label": rec.label} for rec in found[r.key].records],
            )
            for r in rules
        ]
        groups = group_losses(rules, lost, weights)
        rows.append(UnitScore(unit, total, vetoed=vetoed, points=points, groups=groups))
    _rank(rows)
    return Standing(county, year, scheme, rows, as_of=day)


def _rank(rows: list[UnitScore]) -> None:
    """Townships are ranked among townships, offices among offices."""
    for kind in ASSESSED_KINDS:
        same = {id(row): row.score for row in rows if row.unit.kind == kind}
        ranked = scoring.ranks(same)
        for row in rows:
            if id(row) in ranked:
                row.rank = ranked[id(row)]


def stored(result: AssessmentResult) -> Standing:
    scheme = result.scheme
    labels = {i.key: (i.label, i.group) for i in scheme.indicators.all()}
    rules = rules_of(scheme)
    weights = weights_of(scheme)
    rows = []
    for score in result.scores.select_related("unit").order_by("unit__path"):
        points = [
            Point(
                p["indicator"],
                labels.get(p["indicator"], (p["indicator"], ""))[0],
                labels.get(p["indicator"], (p["indicator"], ""))[1],
                p["count"],
                Decimal(p["deduction"]),
                p["records"],
            )
            for p in score.points
        ]
        lost = {p.indicator: p.deduction for p in points}
        groups = group_losses(rules, lost, weights)
        rows.append(UnitScore(score.unit, score.score, score.rank, score.vetoed, points, groups))
    return Standing(result.county, result.year, scheme, rows, result=result, as_of=result.as_of)


def result_of(county: Unit, year: int) -> AssessmentResult | None:
    return (
        AssessmentResult.objects.filter(county=county, year=year)
        .select_related("scheme", "county")
        .first()
    )


def standing(
    county: Unit, year: int, *, today: dt.date, drafts: bool, scheme: AssessmentScheme | None
) -> Standing | None:
    """The scores a reader sees: published ones to everyone; drafts (stored for a past year,
    live for the current one) only when `drafts`. A published result never changes here."""
    result = result_of(county, year)
    if result is not None and result.status == ResultStatus.PUBLISHED:
        return stored(result)
    if not drafts:
        return None
    if result is not None and year < today.year:
        return stored(result)
    if scheme is None or year > today.year:
        return None
    return compute(county, year, scheme, today=today)


def rectifications(units: QuerySet) -> QuerySet:
    return RectificationOrder.objects.filter(unit__in=units).select_related("unit", "issued_by")


def accountability(units: QuerySet) -> QuerySet:
    return AccountabilityRecord.objects.filter(unit__in=units).select_related("unit", "order")
