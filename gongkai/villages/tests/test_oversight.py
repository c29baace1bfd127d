"""Unexplained differences of the cross-check count in the county's oversight: an assessment
indicator (added to existing schemes as a new version, published results untouched) and a
column of the supervisor's heat map."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from gongkai.assessment import actions as assessment
from gongkai.assessment import indicators
from gongkai.assessment import reads as assessment_reads
from gongkai.assessment.models import Indicator
from gongkai.core.models import Role
from gongkai.core.tests.factories import county, member, township, village
from gongkai.villages import actions
from gongkai.villages.models import Explanation

pytestmark = pytest.mark.django_db

KEY = "unexplained_village_differences"
YEAR = 2026
PERIOD = "2026-M10"


@pytest.fixture
def w():
    root = county()
    town = township(root, short_name="青山镇")
    home = village(town, short_name="青山村")
    clerk = member(town, Role.CLERK)
    actions.record_township_payment(
        town,
        by=clerk,
        village=home,
        period=PERIOD,
        matter="relief",
        amount=Decimal("3600.00"),
    )
    return {
        "county": root,
        "township": town,
        "village": home,
        "clerk": clerk,
        "supervisor": member(root, Role.SUPERVISOR),
    }


def test_an_unexplained_difference_is_a_finding_until_someone_explains_it(w):
    day = dt.date(YEAR, 12, 31)
    found = indicators.measure(KEY, w["township"], YEAR, day)
    assert found.count == 1
    assert found.records[0].url.startswith("/staff/villages/reconciliation/")
    assert "青山村" in found.records[0].label and "3600.00" in found.records[0].label
    assert indicators.measure(KEY, w["village"], YEAR, day).count == 1
    assert indicators.measure(KEY, w["township"], YEAR - 1, day).count == 0

    actions.explain(
        w["village"], by=w["clerk"], period=PERIOD, matter="relief", text="临时救助款12月到账。"
    )
    assert indicators.measure(KEY, w["township"], YEAR, day).count == 0
    # Counted as of a day before the explanation, the difference was still unexplained.
    Explanation.objects.update(explained_at=timezone.make_aware(dt.datetime(YEAR, 12, 20)))
    assert indicators.measure(KEY, w["township"], YEAR, dt.date(YEAR, 12, 10)).count == 1


def test_a_new_county_scheme_has_the_indicator_and_it_costs_points(w):
    scheme = assessment.ensure_scheme(w["county"])
    indicator = scheme.indicators.get(key=KEY)
    assert indicator.group == "results" and indicator.deduction == Decimal("1.0")
    standing = assessment_reads.compute(w["county"], YEAR, scheme, today=dt.date(YEAR, 12, 31))
    point = next(p for p in standing.of_unit(w["township"]).points if p.indicator == KEY)
    assert point.count == 1 and point.deduction == Decimal("1.0")


def test_existing_schemes_get_the_indicator_in_a_new_version_and_published_years_stay(w):
    scheme = assessment.ensure_scheme(w["county"])
    Indicator.objects.filter(scheme=scheme, key=KEY).delete()  # a scheme made before it
    result = assessment.compute(w["county"], YEAR - 1, by=None, today=dt.date(YEAR, 3, 1))
    assessment.publish(result, by=w["supervisor"])
    before = [(s.unit_id, s.score, s.points) for s in result.scores.order_by("unit_id")]

    migration = importlib.import_module(
        "gongkai.assessment.migrations.0004_unexplained_village_differences"
    )
    migration.add_indicator(apps, None)
    migration.add_indicator(apps, None)  # a second run adds nothing

    latest = assessment_reads.latest_scheme(w["county"])
    assert latest.version == 2
    assert KEY in {i.key for i in latest.indicators.all()}
    assert {i.key for i in latest.indicators.all()} - {KEY} == set(
        Indicator.objects.filter(scheme=scheme).values_list("key", flat=True)
    )
    assert assessment_reads.weights_of(latest) == assessment_reads.weights_of(scheme)
    result.refresh_from_db()
    assert result.scheme_id == scheme.pk
    assert [(s.unit_id, s.score, s.points) for s in result.scores.order_by("unit_id")] == before


def test_the_supervisors_heat_map_shows_the_unexplained_differences(client, w):
    client.force_login(w["supervisor"])
    body = client.get(f"/staff/?year={YEAR}").content.decode()
    assert "heat-map" in body
    url = f"/staff/villages/reconciliation/{w['township'].org_code}/"
    assert f'<a href="{url}">1</a>' in body
