"""The daily job makes every unit's obligations at once: the same as unit by unit."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.catalog import demo as catalog_demo
from gongkai.catalog.models import Adoption
from gongkai.core.models import AuditEvent, Unit, UnitKind
from gongkai.core.workdays import WorkdayCalendar
from gongkai.obligations import actions
from gongkai.obligations.models import Obligation

YEARS = [2025, 2026]


def made() -> tuple[list[tuple], list[tuple]]:
    rows = list(
        Obligation.objects.order_by("pk").values_list(
            "unit_id",
            "item_id",
            "period",
            "period_start",
            "period_end",
            "source",
            "rule",
            "due_on",
            "due_on_provisional",
        )
    )
    events = [
        (e.unit_id, e.data["year"], e.data["created"])
        for e in AuditEvent.objects.filter(action="obligation:materialised").order_by("pk")
    ]
    return rows, events


def test_a_county_made_at_once_has_the_obligations_it_has_unit_by_unit(demo):
    catalog_demo.load()
    township = Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("path")[1]
    # A township set up in mid-year, an office that adopted its items in the spring, and one
    # year already made for a unit: what each owes starts then.
    Unit.objects.filter(pk=township.pk).update(started_on=dt.date(2025, 7, 1))
    office = Unit.objects.filter(kind=UnitKind.OFFICE).order_by("path").first()
    Adoption.objects.filter(unit=office).update(
        adopted_at=timezone.make_aware(dt.datetime(2025, 4, 3, 9))
    )
    Adoption.objects.exclude(unit=office).update(
        adopted_at=timezone.make_aware(dt.datetime(2024, 12, 1, 9))
    )
    calendar = WorkdayCalendar.load()
    actions.materialise(township, 2026, calendar=calendar)
    owing = Unit.objects.filter(pk__in=Adoption.objects.values("unit_id")).order_by("path")
    assert owing.count() > 10
    with transaction.atomic():
        created = sum(
            actions.materialise(unit, year, calendar=calendar) for unit in owing for year in YEARS
        )
        one_by_one = made()
        transaction.set_rollback(True)
    assert created > 0
    assert actions.materialise_all(YEARS, calendar=calendar) == created
    assert made() == one_by_one
    # Made already: a second run makes nothing.
    assert actions.materialise_all(YEARS, calendar=calendar) == 0
    assert made() == one_by_one
