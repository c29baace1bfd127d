"""Every change to obligations: materialise, fulfil, raise from events, waive, recompute, orders.

Each function checks, saves and records its audit event inside one transaction. Callers pass
`today` (and a loaded calendar where dates are computed); nothing here asks the clock except
for the timestamps of who did what.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.catalog.models import Adoption, CatalogItem, Mode
from gongkai.core import access, audit, periods
from gongkai.core.access import Perm
from gongkai.core.models import Unit, User
from gongkai.core.workdays import WorkdayCalendar

from . import rules
from .models import Obligation, OversightOrder, Source, Trigger


def facts(item: CatalogItem) -> rules.ItemFacts:
    return rules.ItemFacts(
        cadence=item.cadence,
        group=item.group,
        level1=item.level1,
        level2=item.level2,
        time_limit=item.time_limit,
        approval=item.approval,
    )


def temporary_working_days() -> int:
    return int(
        getattr(settings, "OBLIGATIONS_TEMPORARY_WORKING_DAYS", rules.TEMPORARY_WORKING_DAYS)
    )


def _village_days() -> int:
    return int(getattr(settings, "OBLIGATIONS_VILLAGE_WORKING_DAYS", rules.VILLAGE_WORKING_DAYS))


def _due(obligation: Obligation, item: CatalogItem, calendar: WorkdayCalendar):
    if obligation.trigger_on is not None:
        return rules.event_due(
            facts(item),
            obligation.trigger_on,
            calendar=calendar,
            temporary_working_days=temporary_working_days(),
        )
    return rules.period_due(
        facts(item),
        periods.parse(obligation.period),
        calendar=calendar,
        village_working_days=_village_days(),
    )


def _adoptions(unit: Unit):
    return (
        Adoption.objects.filter(unit=unit, item__is_active=True, item__mode=Mode.PROACTIVE)
        .select_related("item")
        .order_by("item__position", "item_id")
    )


def _owed(
    unit_id: int,
    started_on: dt.date | None,
    adoptions: list[tuple[CatalogItem, dt.datetime]],
    year: int,
    existing: set[tuple[int, str]],
    *,
    calendar: WorkdayCalendar,
    deadlines: dict[tuple[int, str], Any],
) -> list[Obligation]:
    """The period obligations of a year a unit owes and does not have yet, in the order of
    its adoptions (`deadlines` keeps each item's due date of a period, for the next unit)."""
    new = []
    for item, adopted_at in adoptions:
        item_facts = facts(item)
        starts_on = timezone.localtime(adopted_at).date()
        if started_on is not None:
            starts_on = max(starts_on, started_on)
        for period in rules.periods_due(item_facts, year, starts_on=starts_on):
            if (item.pk, period.code) in existing:
                continue
            deadline = deadlines.get((item.pk, period.code))
            if deadline is None:
                deadline = deadlines[(item.pk, period.code)] = rules.period_due(
                    item_facts, period, calendar=calendar, village_working_days=_village_days()
                )
            new.append(
                Obligation(
                    unit_id=unit_id,
                    item=item,
                    period=period.code,
                    period_start=period.start,
                    period_end=period.end,
                    source=Source.PERIOD,
                    rule=rules.rule_of(item_facts),
                    due_on=deadline.day,
                    due_on_provisional=deadline.provisional,
                )
            )
    return new


@transaction.atomic
def materialise(unit: Unit, year: int, *, calendar: WorkdayCalendar) -> int:
    """Create the unit's missing period obligations of a year; safe to run any number of times.

    An item owes the periods ending on or after the day the unit adopted it, and a unit set
    up in mid-year those ending on or after the day it started. Returns how many obligations
    were created.
    """
    existing = set(
        Obligation.objects.filter(
            unit=unit, source=Source.PERIOD, period_start__year=year
        ).values_list("item_id", "period")
    )
    adoptions = [(a.item, a.adopted_at) for a in _adoptions(unit)]
    new = _owed(
        unit.pk, unit.started_on, adoptions, year, existing, calendar=calendar, deadlines={}
    )
    # Another job run may be creating the same rows right now: the constraint settles it.
    Obligation.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        audit.record("obligation:materialised", actor=None, unit=unit, year=year, created=len(new))
    return len(new)


# Fields of an item the rules read, and what an obligation's listing shows of it.
_ITEM_FIELDS = ("pk", "cadence", "group", "level1", "level2", "time_limit", "approval")


@transaction.atomic
def materialise_all(years: list[int], *, calendar: WorkdayCalendar) -> int:
    """`materialise` for every unit that adopted items and each of `years`, in a few queries:
    the same obligations and audit events as calling it unit by unit (in the order of the
    units' paths, then the years). The daily job's way; returns how many were created."""
    items = {
        item.pk: item
        for item in CatalogItem.objects.filter(
            is_active=True, mode=Mode.PROACTIVE, adoptions__isnull=False
        )
        .distinct()
        .only(*_ITEM_FIELDS)
    }
    adopted: dict[int, list[tuple[CatalogItem, dt.datetime]]] = {}
    for unit_id, item_id, adopted_at in (
        Adoption.objects.filter(item__is_active=True, item__mode=Mode.PROACTIVE)
        .order_by("unit_id", "item__position", "item_id")
        .values_list("unit_id", "item_id", "adopted_at")
    ):
        adopted.setdefault(unit_id, []).append((items[item_id], adopted_at))
    existing: dict[tuple[int, int], set[tuple[int, str]]] = {}
    for unit_id, item_id, period, start in Obligation.objects.filter(
        source=Source.PERIOD, period_start__year__in=years
    ).values_list("unit_id", "item_id", "period", "period_start"):
        existing.setdefault((unit_id, start.year), set()).add((item_id, period))
    units = (
        Unit.objects.filter(pk__in=Adoption.objects.values("unit_id"))
        .only("pk", "started_on", "path")
        .order_by("path")
    )
    deadlines: dict[tuple[int, str], Any] = {}
    created = 0
    for unit in units:
        for year in sorted(years):
            new = _owed(
                unit.pk,
                unit.started_on,
                adopted.get(unit.pk, []),
                year,
                existing.get((unit.pk, year), set()),
                calendar=calendar,
                deadlines=deadlines,
            )
            if not new:
                continue
            # Another job run may be creating the same rows right now: the constraint settles
            # it.
            Obligation.objects.bulk_create(new, ignore_conflicts=True)
            audit.record(
                "obligation:materialised",
                actor=None,
                unit=Unit.objects.get(pk=unit.pk),
                year=year,
                created=len(new),
            )
            created += len(new)
    return created


def _fulfil(obligation: Obligation, publication, published_on: dt.date) -> None:
    obligation.publication = publication
    obligation.published_on = published_on
    obligation.save(update_fields=["publication", "published_on"])
    audit.record(
        "obligation:fulfilled",
        actor=None,
        unit=obligation.unit,
        target=obligation,
        publication=publication.index_no,
        published_on=published_on.isoformat(),
        due_on=obligation.due_on.isoformat(),
    )


@transaction.atomic
def fulfil(publication, *, period_text: str, published_on: dt.date) -> list[Obligation]:
    """A published publication meets the obligations it answers.

    Those its own decision or approval raised; the one of its item and period; else the
    oldest open event of its item recorded on or before it was published.
    """
    code = ""
    if period_text.strip():
        try:
            code = periods.from_text(period_text).code
        except ValidationError:
            code = ""
    if code != publication.period_code:
        type(publication).objects.filter(pk=publication.pk).update(period_code=code)
        publication.period_code = code
    mine = Obligation.objects.select_for_update().filter(unit_id=publication.unit_id).unfulfilled()
    met = list(mine.filter(trigger_publication=publication))
    if code:
        materialise(publication.unit, periods.parse(code).year, calendar=WorkdayCalendar.load())
        met += list(
            mine.filter(item_id=publication.item_id, source=Source.PERIOD, period=code).exclude(
                pk__in=[o.pk for o in met]
            )
        )
    if not met:
        event = (
            mine.filter(
                item_id=publication.item_id,
                source=Source.EVENT,
                trigger_publication__isnull=True,
                trigger_on__lte=published_on,
            )
            .order_by("trigger_on", "pk")
            .first()
        )
        if event is not None:
            met.append(event)
    for obligation in met:
        _fulfil(obligation, publication, published_on)
    return met


def _raise(
    *,
    unit: Unit,
    item: CatalogItem,
    trigger: str,
    trigger_id: int | None,
    on: dt.date,
    note: str,
    publication=None,
    calendar: WorkdayCalendar,
    by: User | None,
) -> Obligation:
    deadline = rules.event_due(
        facts(item), on, calendar=calendar, temporary_working_days=temporary_working_days()
    )
    month = periods.containing(periods.MONTH, on)
    obligation = Obligation.objects.create(
        unit=unit,
        item=item,
        period=month.code,
        period_start=on,
        period_end=on,
        source=Source.EVENT,
        rule=rules.rule_of(facts(item)),
        due_on=deadline.day,
        due_on_provisional=deadline.provisional,
        trigger=trigger,
        trigger_id=trigger_id,
        trigger_on=on,
        trigger_note=note[:200],
        trigger_publication=publication,
    )
    audit.record(
        "obligation:raised",
        actor=by,
        unit=unit,
        target=obligation,
        trigger=trigger,
        event_on=on.isoformat(),
        due_on=deadline.day.isoformat(),
    )
    return obligation


@transaction.atomic
def raise_from_decision(publication, decision, *, calendar: WorkdayCalendar) -> Obligation | None:
    """A licence or penalty decision, or temporary work decided, falls due from its date."""
    if rules.rule_of(facts(publication.item)) not in (rules.Rule.DECISION, rules.Rule.TEMPORARY):
        return None
    if Obligation.objects.filter(trigger=Trigger.DECISION, trigger_id=decision.pk).exists():
        return None
    return _raise(
        unit=publication.unit,
        item=publication.item,
        trigger=Trigger.DECISION,
        trigger_id=decision.pk,
        on=decision.held_on,
        note=decision.meeting,
        publication=publication,
        calendar=calendar,
        by=decision.recorded_by,
    )


@transaction.atomic
def raise_from_congress(
    publication, approval, *, period_text: str, calendar: WorkdayCalendar
) -> Obligation | None:
    """A budget or final account falls due 20 calendar days after the congress approves it."""
    item = publication.item
    if rules.rule_of(facts(item)) != rules.Rule.BUDGET:
        return None
    try:
        code = periods.from_text(period_text).code if period_text.strip() else ""
    except ValidationError:
        code = ""
    if code:
        materialise(publication.unit, periods.parse(code).year, calendar=calendar)
        obligation = (
            Obligation.objects.select_for_update()
            .filter(unit=publication.unit, item=item, source=Source.PERIOD, period=code)
            .unfulfilled()
            .first()
        )
        if obligation is not None:
            deadline = rules.event_due(facts(item), approval.held_on, calendar=calendar)
            before = obligation.due_on
            obligation.trigger, obligation.trigger_id = Trigger.CONGRESS, approval.pk
            obligation.trigger_on, obligation.trigger_note = approval.held_on, approval.session
            obligation.trigger_publication = publication
            obligation.due_on, obligation.due_on_provisional = deadline.day, deadline.provisional
            obligation.save(
                update_fields=[
                    "trigger",
                    "trigger_id",
                    "trigger_on",
                    "trigger_note",
                    "trigger_publication",
                    "due_on",
                    "due_on_provisional",
                ]
            )
            audit.record(
                "obligation:due_date_changed",
                actor=approval.recorded_by,
                unit=publication.unit,
                target=obligation,
                before=before.isoformat(),
                after=deadline.day.isoformat(),
                reason="congress_approval",
            )
            return obligation
    return _raise(
        unit=publication.unit,
        item=item,
        trigger=Trigger.CONGRESS,
        trigger_id=approval.pk,
        on=approval.held_on,
        note=approval.session,
        publication=publication,
        calendar=calendar,
        by=approval.recorded_by,
    )


@transaction.atomic
def record_event(
    unit: Unit,
    item: CatalogItem,
    *,
    by: User,
    on: dt.date,
    note: str,
    today: dt.date,
    calendar: WorkdayCalendar,
) -> Obligation:
    """Staff record that something happened (a licence granted, a temporary matter arose)."""
    access.require(by, Perm.RECORD_EVENTS, unit)
    if not item.adoptions.filter(unit=unit).exists():
        raise ValidationError({"item": _("This unit has not adopted this catalog item.")})
    if rules.rule_of(facts(item)) not in rules.EVENT_RULES:
        raise ValidationError(
            {"item": _("This item falls due with its period or its approval, not with an event.")}
        )
    if on > today:
        raise ValidationError({"on": _("The event cannot be in the future.")})
    if on.year < today.year - 1:
        raise ValidationError({"on": _("Only events of this year and last can be recorded.")})
    if unit.started_on is not None and on < unit.started_on:
        raise ValidationError({"on": _("The unit had not started on that day.")})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what happened.")})
    return _raise(
        unit=unit,
        item=item,
        trigger=Trigger.EVENT,
        trigger_id=None,
        on=on,
        note=note,
        calendar=calendar,
        by=by,
    )


@transaction.atomic
def waive(obligation: Obligation, *, by: User, reason: str) -> Obligation:
    """A leader states that the unit has nothing to disclose for this period (本期无此事项)."""
    obligation = Obligation.objects.select_for_update().get(pk=obligation.pk)
    access.require(by, Perm.WAIVE, obligation.unit)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason; it is shown to the public.")})
    if obligation.published_on is not None:
        raise ValidationError(_("This obligation has been met by a publication."))
    if obligation.waived_at is not None:
        raise ValidationError(_("This obligation has already been waived."))
    obligation.waived_by, obligation.waived_at = by, timezone.now()
    obligation.waiver_reason = reason
    obligation.save(update_fields=["waived_by", "waived_at", "waiver_reason"])
    audit.record(
        "obligation:waived",
        actor=by,
        unit=obligation.unit,
        target=obligation,
        period=obligation.period,
        reason=reason,
    )
    return obligation


@transaction.atomic
def recompute_due_dates(years: set[int] | None, *, calendar: WorkdayCalendar) -> int:
    """Move the open obligations whose due dates the calendar's change affects."""
    open_ones = Obligation.objects.unfulfilled().select_for_update().select_related("item")
    if years:
        # A due date in a changed year, or a provisional one that may have counted across it.
        open_ones = open_ones.filter(Q(due_on__year__in=years) | Q(due_on_provisional=True))
    moved = 0
    for obligation in open_ones:
        deadline = _due(obligation, obligation.item, calendar)
        if (deadline.day, deadline.provisional) == (
            obligation.due_on,
            obligation.due_on_provisional,
        ):
            continue
        before = obligation.due_on
        obligation.due_on, obligation.due_on_provisional = deadline.day, deadline.provisional
        obligation.save(update_fields=["due_on", "due_on_provisional"])
        audit.record(
            "obligation:due_date_changed",
            actor=None,
            unit=obligation.unit,
            target=obligation,
            before=before.isoformat(),
            after=deadline.day.isoformat(),
            reason="calendar_changed",
        )
        moved += 1
    return moved


@transaction.atomic
def issue_order(
    unit: Unit,
    *,
    by: User,
    item: CatalogItem,
    obligation: Obligation | None,
    instructions: str,
    deadline: dt.date,
    today: dt.date,
) -> OversightOrder:
    """The county supervisor orders a unit to act on an overdue obligation or a stale column."""
    access.require(by, Perm.SUPERVISE, unit)
    errors: dict[str, Any] = {}
    if not (instructions or "").strip():
        errors["instructions"] = _("Say what the unit must do.")
    if deadline <= today:
        errors["deadline"] = _("The deadline must be after today.")
    if obligation is not None and obligation.unit_id != unit.pk:
        errors["obligation"] = _("This obligation is another unit's.")
    if errors:
        raise ValidationError(errors)
    order = OversightOrder.objects.create(
        unit=unit,
        item=item,
        obligation=obligation,
        instructions=instructions.strip(),
        deadline=deadline,
        issued_by=by,
    )
    audit.record(
        "oversight_order:issued",
        actor=by,
        unit=unit,
        target=order,
        item=item.pk,
        obligation=obligation.pk if obligation else None,
        deadline=deadline.isoformat(),
    )
    return order


@transaction.atomic
def answer_order(
    order: OversightOrder, *, by: User, publication=None, reason: str = ""
) -> OversightOrder:
    """The unit answers an order with the publication that remedies it, or with a reason."""
    order = OversightOrder.objects.select_for_update().get(pk=order.pk)
    access.require(by, Perm.ANSWER_ORDERS, order.unit)
    if order.closed_at is not None:
        raise ValidationError(_("This order has already been answered."))
    reason = (reason or "").strip()
    if publication is None and not reason:
        raise ValidationError(_("Answer with a publication or give a reason."))
    if publication is not None and (
        publication.unit_id != order.unit_id or publication.current_id is None
    ):
        raise ValidationError(_("Answer with a publication this unit has published."))
    order.answer_publication, order.answer_reason = publication, reason
    order.answered_by, order.closed_at = by, timezone.now()
    order.save(update_fields=["answer_publication", "answer_reason", "answered_by", "closed_at"])
    audit.record(
        "oversight_order:answered",
        actor=by,
        unit=order.unit,
        target=order,
        publication=publication.index_no if publication else None,
        reason=reason,
    )
    return order


@transaction.atomic
def mark_order_past_deadline(order: OversightOrder, *, today: dt.date) -> bool:
    """Record, once, that an open order's deadline passed unanswered; False if already known.

    The conditional update is the claim: of two job runs at once, only one changes the row.
    """
    if order.closed_at is not None or order.deadline >= today:
        return False
    claimed = OversightOrder.objects.filter(
        pk=order.pk, closed_at__isnull=True, deadline_passed_on__isnull=True
    ).update(deadline_passed_on=today)
    if not claimed:
        return False
    order.deadline_passed_on = today
    audit.record(
        "oversight_order:deadline_passed",
        actor=None,
        unit=order.unit,
        target=order,
        deadline=order.deadline.isoformat(),
    )
    return True
