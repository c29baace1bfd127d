"""The demo county's obligations: a realistic mix, loaded once, loaded again adds nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.catalog import demo as catalog_demo
from gongkai.core import demo as core_demo
from gongkai.obligations import demo
from gongkai.obligations.models import Obligation, OversightOrder
from gongkai.publishing import demo as publishing_demo

pytestmark = pytest.mark.django_db


def test_the_demo_obligations_are_mostly_met_some_late_a_few_overdue_one_waived():
    core_demo.load()
    catalog_demo.load()
    publishing_demo.load()
    first = demo.load()
    assert first["orders"] == 2 and first["events"] == 1
    again = demo.load()
    assert (again["published"], again["orders"], again["events"]) == (0, 0, 0)
    today = timezone.localdate()
    counts = {
        state: Obligation.objects.with_status(today).filter(state=state).count()
        for state in ("open", "met", "late", "overdue", "waived")
    }
    assert counts["met"] > counts["late"] > 0
    assert counts["met"] > counts["overdue"] > 0
    assert counts["waived"] == 1
    assert OversightOrder.objects.open().count() == 1
    assert OversightOrder.objects.closed().count() == 1
    assert Obligation.objects.filter(source="event", trigger="event").count() == 1
