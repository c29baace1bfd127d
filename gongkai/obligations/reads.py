"""Named reads: what each person has to do, the heat map, the staleness of columns."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from gongkai.catalog.models import Adoption, CatalogItem, Group
from gongkai.core import access, periods
from gongkai.core.access import Perm
from gongkai.core.models import Unit, User
from gongkai.info_requests.models import InfoRequest
from gongkai.publishing.models import Finding, FindingState, Publication, Stage

from . import hooks, rules
from .models import Notification, Obligation, ObligationQuerySet, OversightOrder

DUE_SOON_DAYS = 14


def obligations_of(units: QuerySet, *, year: int, today: dt.date) -> ObligationQuerySet:
    return (
        Obligation.objects.filter(unit__in=units)
        .of_year(year)
        .with_status(today)
        .select_related("unit", "item", "publication")
        .in_order()
    )


def visible_obligations(
    user: User | None, unit: Unit, *, year: int, today: dt.date
) -> ObligationQuerySet:
    """A unit's obligations; those of internal items only for its own staff."""
    found = obligations_of(Unit.objects.filter(pk=unit.pk), year=year, today=today)
    if not access.can(user, Perm.READ_INTERNAL, unit):
        found = found.public()
    return found


def public_waivers(unit: Unit, *, years: tuple[int, ...]) -> dict[int, list[Obligation]]:
    """A unit's waived public obligations of some years, by item: 本期无此事项 and why."""
    found: dict[int, list[Obligation]] = defaultdict(list)
    waived = (
        Obligation.objects.filter(unit=unit, waived_at__isnull=False, period_start__year__in=years)
        .public()
        .only("item_id", "period", "source", "trigger_on", "trigger_note", "waiver_reason")
        .order_by("item_id", "-period_start", "-pk")
    )
    for obligation in waived:
        found[obligation.item_id].append(obligation)
    return dict(found)


def event_items(unit: Unit) -> QuerySet:
    """The unit's adopted items that fall due from an event: licences, penalties, temporary work."""
    adopted = CatalogItem.objects.filter(
        adoptions__unit=unit, is_active=True, mode="proactive"
    ).order_by("position", "pk")
    keep = [item.pk for item in adopted if rules.rule_of(_facts(item)) in rules.EVENT_RULES]
    return CatalogItem.objects.filter(pk__in=keep).order_by("position", "pk")


def open_periods(unit: Unit, item: CatalogItem, *, today: dt.date) -> list[periods.Period]:
    """The periods of an item the unit has not yet met, for the draft form to offer."""
    codes = (
        Obligation.objects.filter(unit=unit, item=item, source="period")
        .unfulfilled()
        .filter(period_start__lte=today)
        .order_by("period_start")
        .values_list("period", flat=True)
    )
    found = [periods.parse(code) for code in codes]
    if not found:
        kind = rules.period_kind(_facts(item))
        if kind is not None:
            current = periods.containing(kind, today)
            previous = periods.containing(kind, current.start - dt.timedelta(days=1))
            found = [previous, current]
    return found


def _facts(item: CatalogItem) -> rules.ItemFacts:
    return rules.ItemFacts(
        cadence=item.cadence,
        group=item.group,
        level1=item.level1,
        level2=item.level2,
        time_limit=item.time_limit,
        approval=item.approval,
    )


@dataclass
class Cell:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(rules.Status.ALL, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def colour(self) -> str:
        """The worst state present: overdue, then late, then met (waived counts as met)."""
        for state in (rules.Status.OVERDUE, rules.Status.LATE):
            if self.counts[state]:
                return state
        if self.counts[rules.Status.MET] or self.counts[rules.Status.WAIVED]:
            return rules.Status.MET
        return rules.Status.OPEN if self.total else "none"


@dataclass
class Extra:
    """One unit's figure in a column another app added (see `hooks`); None: not its concern."""

    value: int | None
    url: str


@dataclass
class HeatMap:
    groups: list[tuple[str, str]]
    rows: list[tuple[Unit, list[tuple[str, Cell]], Cell]]
    # The columns other apps added, and each row's figures in them.
    columns: list[tuple[str, str]] = field(default_factory=list)
    extras: list[list[Extra]] = field(default_factory=list)

    @property
    def full_rows(self) -> list[tuple[Unit, list[tuple[str, Cell]], Cell, list[Extra]]]:
        extras = self.extras or [[] for _row in self.rows]
        return [(*row, extra) for row, extra in zip(self.rows, extras, strict=True)]


def heat_map(units: QuerySet, *, year: int, today: dt.date) -> HeatMap:
    """Units × catalog groups, counted by status in one query."""
    groups = [(value, str(label)) for value, label in Group.choices]
    counted = (
        Obligation.objects.filter(unit__in=units)
        .of_year(year)
        .with_status(today)
        .values("unit_id", "item__group", "state")
        .annotate(n=Count("pk"))
    )
    cells: dict[tuple[int, str], Cell] = defaultdict(Cell)
    for row in counted:
        cells[(row["unit_id"], row["item__group"])].counts[row["state"]] += row["n"]
    rows = []
    for unit in units.order_by("path"):
        line = [(value, cells.get((unit.pk, value), Cell())) for value, _label in groups]
        total = Cell()
        for _value, cell in line:
            for state, n in cell.counts.items():
                total.counts[state] += n
        rows.append((unit, line, total))
    heat = HeatMap(groups, rows)
    units_in_rows = [row[0] for row in rows]
    for column in hooks.heat_columns():
        heat.columns.append((column.key, str(column.label)))
        counts = column.counts(units_in_rows, year)
        for n, unit in enumerate(units_in_rows):
            if len(heat.extras) <= n:
                heat.extras.append([])
            value = counts.get(unit.pk)
            heat.extras[n].append(Extra(value, column.url(unit, year) if value is not None else ""))
    return heat


def summary(units: QuerySet, *, year: int, today: dt.date, public_only: bool) -> dict[int, Cell]:
    found = Obligation.objects.filter(unit__in=units).of_year(year)
    if public_only:
        found = found.public()
    cells: dict[int, Cell] = defaultdict(Cell)
    rows = found.with_status(today).values("unit_id", "state").annotate(n=Count("pk"))
    for row in rows:
        cells[row["unit_id"]].counts[row["state"]] += row["n"]
    return cells


@dataclass
class Todo:
    due: list[Obligation] = field(default_factory=list)
    returned: list[Publication] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    to_review: list[Publication] = field(default_factory=list)
    to_sign: list[Publication] = field(default_factory=list)
    to_waive: list[Obligation] = field(default_factory=list)
    applications: list[InfoRequest] = field(default_factory=list)
    orders: list[OversightOrder] = field(default_factory=list)
    record_in: list[Unit] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    supervised: QuerySet | None = None
    roles: set[str] = field(default_factory=set)


def todo(user: User, *, today: dt.date) -> Todo:
    """What this person has to do, by the roles they hold."""
    result = Todo()
    drafting = access.units(user, Perm.DRAFT)
    reviewing = access.units(user, Perm.REVIEW)
    deciding = access.units(user, Perm.DECIDE)
    handling = access.units(user, Perm.HANDLE_REQUESTS)
    managing = access.units(user, Perm.MANAGE_UNIT)
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    if drafting.exists():
        result.roles.add("clerk")
        result.due = list(
            Obligation.objects.filter(unit__in=drafting)
            .unfulfilled()
            .filter(due_on__lte=soon)
            .select_related("unit", "item")
            .in_order()[:100]
        )
        result.record_in = list(
            access.units(user, Perm.RECORD_EVENTS).filter(pk__in=drafting).order_by("path")
        )
        result.returned = list(
            Publication.objects.filter(
                unit__in=drafting, versions__review__stage=Stage.RETURNED
            ).select_related("unit", "item")[:50]
        )
        result.findings = list(
            Finding.objects.filter(
                state=FindingState.OPEN,
                version__published_at__isnull=True,
                version__publication__unit__in=drafting,
            ).select_related("version__publication")[:50]
        )
    if reviewing.exists():
        result.roles.add("reviewer")
        result.to_review = list(
            Publication.objects.filter(
                unit__in=reviewing, versions__review__stage=Stage.SUBMITTED
            ).select_related("unit", "item")[:50]
        )
    if deciding.exists():
        result.roles.add("leader")
        result.to_sign = list(
            Publication.objects.filter(
                unit__in=deciding,
                item__approval__in=["collective", "congress"],
                versions__published_at__isnull=True,
                versions__review__stage__in=[Stage.SUBMITTED, Stage.APPROVED],
                versions__decisions__isnull=True,
                versions__congress_approvals__isnull=True,
            )
            .select_related("unit", "item")
            .distinct()[:50]
        )
        result.to_waive = list(
            Obligation.objects.filter(unit__in=deciding)
            .overdue(today)
            .select_related("unit", "item")
            .in_order()[:50]
        )
    if handling.exists():
        result.roles.add("handler")
        result.applications = list(
            InfoRequest.objects.running()
            .filter(unit__in=handling)
            .select_related("unit")
            .order_by("due_on", "pk")[:50]
        )
    answering = access.units(user, Perm.ANSWER_ORDERS)
    result.orders = list(
        OversightOrder.objects.open()
        .filter(Q(unit__in=answering) | Q(unit__in=access.units(user, Perm.SUPERVISE)))
        .select_related("unit", "item")[:50]
    )
    if managing.exists():
        result.roles.add("supervisor")
        result.supervised = managing
    result.notifications = list(
        Notification.objects.filter(user=user, read_at__isnull=True).select_related("obligation")[
            :20
        ]
    )
    return result


@dataclass
class Staleness:
    unit: Unit
    item: CatalogItem
    last_published: dt.datetime | None
    days: int | None
    limit: int


def stale_columns(units: QuerySet, *, today: dt.date) -> list[Staleness]:
    """Adopted public columns with nothing published, or nothing for longer than their cadence."""
    latest = {
        (row["unit_id"], row["item_id"]): row["last"]
        for row in Publication.objects.published()
        .filter(unit__in=units)
        .values("unit_id", "item_id")
        .annotate(last=Max("current__published_at"))
    }
    found = []
    # The pairs first, then each unit and item once (a county's units share its items).
    adoptions = list(
        Adoption.objects.filter(unit__in=units, item__is_active=True)
        .exclude(item__audience="internal")
        .order_by("unit__path", "item__position")
        .values_list("unit_id", "item_id")
    )
    unit_of = Unit.objects.in_bulk({unit_id for unit_id, _item in adoptions})
    item_of = CatalogItem.objects.in_bulk({item_id for _unit, item_id in adoptions})
    overrides = getattr(settings, "OBLIGATIONS_STALE_AFTER_DAYS", None)
    limits: dict[int, int] = {}
    for unit_id, item_id in adoptions:
        item = item_of[item_id]
        if item_id not in limits:
            limits[item_id] = rules.stale_after_days(_facts(item), overrides=overrides)
        limit = limits[item_id]
        last = latest.get((unit_id, item_id))
        if last is None:
            found.append(Staleness(unit_of[unit_id], item, None, None, limit))
            continue
        days = (today - timezone.localtime(last).date()).days
        if days > limit:
            found.append(Staleness(unit_of[unit_id], item, last, days, limit))
    return found
