"""GET /api/v1/assessment: published results to everyone, drafts to the county's staff."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.timezone import localdate

from gongkai.assessment import actions

from .factories import TODAY, YEAR

CONTRACT_KEYS = {
    "overdue_replies",
    "late_publications",
    "overdue_obligations",
    "metadata_errors",
    "dissatisfied_ratings",
    "annual_report_late",
}


def test_anonymous_readers_see_published_results_with_every_point_and_record(w, client):
    late = w.application(due_on=dt.date(YEAR, 4, 1), replied_on=dt.date(YEAR, 4, 8))
    url = f"/api/v1/assessment?unit={w.county.org_code}&year={YEAR}"
    assert client.get(url).status_code == 404  # nothing published yet
    result = actions.compute(w.county, YEAR, by=w.supervisor, today=TODAY)
    assert client.get(url).status_code == 404  # a draft is for staff
    actions.publish(result, by=w.supervisor)

    body = client.get(url).json()
    assert body["status"] == "published"
    scheme = body["scheme"]
    assert scheme["version"] == 1
    assert CONTRACT_KEYS <= {i["key"] for i in scheme["indicators"]}
    assert {"key", "deduction", "cap"} <= set(scheme["indicators"][0])
    full = Decimal(scheme["full_score"])
    by_code = {u["unit"]: u for u in body["units"]}
    town = by_code[w.township.org_code]
    # The score is the full score less the capped sum of deductions; ranks follow scores.
    assert Decimal(town["score"]) == full - sum(Decimal(p["deduction"]) for p in town["points"])
    # Each group's loss, capped at its weight; the weights add up to the full score.
    groups = {g["group"]: g for g in town["groups"]}
    assert groups["applications"] == {"group": "applications", "weight": "20.0", "deduction": "6.0"}
    assert sum(Decimal(g["weight"]) for g in town["groups"]) == full
    assert Decimal(town["score"]) == full - sum(Decimal(g["deduction"]) for g in town["groups"])
    [point] = [p for p in town["points"] if p["indicator"] == "overdue_replies"]
    assert point["count"] == 1 and point["deduction"] == "6.0"
    assert point["records"] == [f"http://testserver{late.get_absolute_url()}"]
    townships = [u for u in body["units"] if u["kind"] == "township"]
    assert [u["rank"] for u in sorted(townships, key=lambda u: -Decimal(u["score"]))] == [1, 2]
    assert by_code[w.office.org_code]["rank"] == 1


def test_the_countys_staff_see_the_current_year_live(w, client):
    year = localdate().year
    url = f"/api/v1/assessment?unit={w.county.org_code}&year={year}"
    assert client.get(url).status_code == 404
    client.force_login(w.supervisor)
    body = client.get(url).json()
    assert body["status"] == "live"
    assert {u["unit"] for u in body["units"]} == {
        w.township.org_code,
        w.other.org_code,
        w.office.org_code,
    }
    # A township's clerk is not the county's staff.
    client.force_login(w.clerk)
    assert client.get(url).status_code == 404


def test_unknown_units_and_years_out_of_range_are_refused(w, client):
    assert client.get(f"/api/v1/assessment?unit={w.township.org_code}&year=2025").status_code == 404
    assert client.get(f"/api/v1/assessment?unit={w.county.org_code}&year=99999").status_code == 422
