"""The demo village affairs, and the cross-check finding exactly the planted differences."""

from __future__ import annotations

import pytest

from gongkai.core.models import Unit, UnitKind
from gongkai.villages import reads
from gongkai.villages.demo import PERIODS, planted
from gongkai.villages.models import VillageStatement

pytestmark = pytest.mark.django_db


def test_every_demo_village_has_finance_a_relief_list_and_a_homestead_approval(village_demo):
    villages = list(Unit.objects.filter(kind=UnitKind.VILLAGE).order_by("path"))
    assert len(villages) == 14
    for village in villages:
        assert VillageStatement.objects.published().filter(village=village).count() == len(PERIODS)
        titles = list(village.publications.published().values_list("current__title", flat=True))
        assert any("最低生活保障" in title for title in titles)
        assert any("宅基地" in title for title in titles)
    assert village_demo.load() == {
        "statements": 0,
        "village_publications": 0,
        "township_records": 0,
    }


def test_the_cross_check_finds_exactly_the_planted_difference_of_each_village(village_demo):
    villages = list(Unit.objects.filter(kind=UnitKind.VILLAGE).order_by("path"))
    found = set()
    for township in Unit.objects.filter(kind=UnitKind.TOWNSHIP):
        for period in PERIODS:
            for mismatch in reads.reconciliation(township, period):
                found.add((mismatch.village.pk, period, mismatch.matter, mismatch.status))
    expected = {
        (village.pk, planted(n).period, planted(n).matter, planted(n).status)
        for n, village in enumerate(villages)
    }
    assert found == expected
