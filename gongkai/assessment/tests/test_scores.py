"""Scores, ranks and schemes: the arithmetic, and what stays frozen once published."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.assessment import actions, reads, scoring
from gongkai.assessment.models import AssessmentScheme, GroupWeight
from gongkai.core.models import AuditEvent

from .factories import TODAY, YEAR

D = Decimal


@pytest.mark.parametrize(
    ("rule", "count", "lost"),
    [
        (scoring.Rule("x", D("1.0")), 0, D("0.0")),
        (scoring.Rule("x", D("1.0")), 3, D("3.0")),
        (scoring.Rule("x", D("6.0"), D("18.0")), 2, D("12.0")),
        (scoring.Rule("x", D("6.0"), D("18.0")), 5, D("18.0")),
        (scoring.Rule("x", D("0.5"), D("5.0")), 3, D("1.5")),
        (scoring.Rule("x", D("1.0"), veto=True), 1, D("100.0")),
    ],
)
def test_a_deduction_is_the_count_times_the_points_capped(rule, count, lost):
    assert scoring.deduction(rule, count, full_score=D("100.0")) == lost


def test_the_score_is_the_full_score_less_the_deductions_and_never_below_zero():
    rules = [scoring.Rule("a", D("6.0"), D("18.0")), scoring.Rule("b", D("2.0"), D("20.0"))]
    assert scoring.score(rules, {"a": 1, "b": 2}, full_score=D("100"))[0] == D("90.0")
    assert scoring.score(rules, {"a": 9, "b": 50}, full_score=D("30"))[0] == D("0.0")
    veto = [*rules, scoring.Rule("v", D("1.0"), veto=True)]
    total, _lost, vetoed = scoring.score(veto, {"v": 1}, full_score=D("100"))
    assert (total, vetoed) == (D("0.0"), True)


WEIGHTS = {"a": D("20.0"), "b": D("15.0")}
GROUPED = [
    scoring.Rule("late", D("6.0"), D("18.0"), group="a"),
    scoring.Rule("wrong", D("3.0"), D("12.0"), group="a"),
    scoring.Rule("stale", D("1.0"), D("10.0"), group="b"),
    scoring.Rule("free", D("1.0"), group="c"),  # a group without a weight: not capped
    scoring.Rule("leak", D("0.0"), veto=True, group="b"),
]


@pytest.mark.parametrize(
    ("counts", "groups", "total"),
    [
        ({}, {"a": D("0.0"), "b": D("0.0"), "c": D("0.0")}, D("100.0")),
        # Under the weight: the indicators' deductions add up.
        ({"late": 1, "wrong": 2}, {"a": D("12.0"), "b": D("0.0"), "c": D("0.0")}, D("88.0")),
        # 18 (capped) + 12 (capped) = 30, capped again at the group's weight 20.
        ({"late": 9, "wrong": 9}, {"a": D("20.0"), "b": D("0.0"), "c": D("0.0")}, D("80.0")),
        # The indicator's own cap comes first: 10, under the weight 15.
        ({"stale": 40}, {"a": D("0.0"), "b": D("10.0"), "c": D("0.0")}, D("90.0")),
        (
            {"late": 5, "stale": 12, "free": 7},
            {"a": D("18.0"), "b": D("10.0"), "c": D("7.0")},
            D("65.0"),
        ),
        # A veto costs everything, whatever the group's weight.
        ({"leak": 1}, {"a": D("0.0"), "b": D("0.0"), "c": D("0.0")}, D("0.0")),
    ],
)
def test_a_groups_deductions_are_capped_at_its_weight(counts, groups, total):
    score, lost, _vetoed = scoring.score(GROUPED, counts, full_score=D("100"), weights=WEIGHTS)
    assert scoring.groups(GROUPED, lost, WEIGHTS) == groups
    assert score == total


def test_group_caps_never_take_the_score_below_zero():
    rules = [scoring.Rule("x", D("10.0"), group="a"), scoring.Rule("y", D("10.0"), group="b")]
    weights = {"a": D("30.0"), "b": D("30.0")}
    assert scoring.score(rules, {"x": 9, "y": 9}, full_score=D("50"), weights=weights)[0] == 0


def test_equal_scores_share_a_rank():
    assert scoring.ranks({1: D("95"), 2: D("99"), 3: D("95"), 4: D("80")}) == {
        1: 2,
        2: 1,
        3: 2,
        4: 4,
    }


def test_the_default_scheme_is_made_once_on_first_use(w):
    first = actions.ensure_scheme(w.county)
    again = actions.ensure_scheme(w.county)
    assert first.pk == again.pk and first.version == 1
    keys = [i.key for i in first.indicators.all()]
    for key in (
        "overdue_replies",
        "late_publications",
        "overdue_obligations",
        "metadata_errors",
        "dissatisfied_ratings",
        "annual_report_late",
    ):
        assert key in keys
    assert {i.group for i in first.indicators.all()} == {
        "decision",
        "service",
        "results",
        "applications",
        "platform",
    }


def _rules(scheme: AssessmentScheme, **changes) -> list[dict]:
    return [
        {
            "key": i.key,
            "deduction": changes.get(i.key, i.deduction),
            "cap": None if i.key in changes else i.cap,
            "veto": i.veto,
        }
        for i in scheme.indicators.all()
    ]


def test_townships_and_offices_are_ranked_apart_and_scores_follow_the_records(w):
    w.application(due_on=dt.date(YEAR, 4, 1), replied_on=dt.date(YEAR, 4, 8))
    # Both townships are late with last year's annual report (none published).
    standing = reads.compute(w.county, YEAR, actions.ensure_scheme(w.county), today=TODAY)
    town, other, office = (
        standing.of_unit(w.township),
        standing.of_unit(w.other),
        standing.of_unit(w.office),
    )
    assert town.score == D("89.0")  # 100 − 6 (late reply) − 5 (annual report)
    assert other.score == D("95.0")
    assert (other.rank, town.rank, office.rank) == (1, 2, 1)
    [late] = [p for p in town.lost if p.indicator == "overdue_replies"]
    assert late.count == 1 and late.deduction == D("6.0")


def test_a_scheme_change_leaves_last_years_published_scores_unchanged(w):
    w.application(due_on=dt.date(YEAR, 4, 1), replied_on=dt.date(YEAR, 4, 8))
    result = actions.compute(w.county, YEAR, by=w.supervisor, today=TODAY)
    actions.publish(result, by=w.supervisor)
    before = {s.unit_id: s.score for s in result.scores.all()}

    old = reads.latest_scheme(w.county)
    actions.save_scheme(
        w.county,
        by=w.admin,
        full_score=D("100.0"),
        rules=_rules(old, overdue_replies=D("10.0")),
        note="迟复每件扣10分",
    )
    assert reads.latest_scheme(w.county).version == 2
    # More records arrive; the published year does not move.
    w.application(due_on=dt.date(YEAR, 5, 1), replied_on=dt.date(YEAR, 5, 9))
    shown = reads.standing(w.county, YEAR, today=TODAY, drafts=True, scheme=None)
    assert {row.unit.pk: row.score for row in shown.rows} == before
    assert shown.scheme.version == 1
    with pytest.raises(ValidationError):
        actions.compute(w.county, YEAR, by=w.supervisor, today=TODAY)

    # Recomputing is explicit, with a reason, and on record with both sets of scores.
    actions.recompute(result, by=w.supervisor, reason="按新方案重算", today=TODAY)
    shown = reads.standing(w.county, YEAR, today=TODAY, drafts=False, scheme=None)
    assert shown.scheme.version == 2
    assert shown.of_unit(w.township).score == D("75.0")  # 100 − 2 × 10 − 5
    event = AuditEvent.objects.get(action="assessment:recomputed")
    assert event.data["scheme_before"] == 1 and event.data["scheme_after"] == 2
    assert event.data["scores_before"][w.township.org_code] == str(before[w.township.pk])


def test_only_the_county_administrator_or_supervisor_edits_the_scheme(w):
    scheme = actions.ensure_scheme(w.county)
    with pytest.raises(PermissionDenied):
        actions.save_scheme(
            w.county, by=w.leader, full_score=D("100"), rules=_rules(scheme), note=""
        )
    with pytest.raises(PermissionDenied):
        actions.compute(w.county, YEAR, by=w.admin, today=TODAY)


def test_drafts_are_for_staff_only_and_the_current_year_is_live(w):
    scheme = actions.ensure_scheme(w.county)
    assert reads.standing(w.county, YEAR, today=TODAY, drafts=False, scheme=scheme) is None
    live = reads.standing(w.county, TODAY.year, today=TODAY, drafts=True, scheme=scheme)
    assert live.live and live.as_of == TODAY
    w.application(due_on=dt.date(2026, 2, 2), replied_on=dt.date(2026, 2, 9))
    live = reads.standing(w.county, TODAY.year, today=TODAY, drafts=True, scheme=scheme)
    assert live.of_unit(w.township).score == D("89.0")  # 100 − 6 − 5 (no 2025 report)


def test_the_annual_reports_problems_paragraph_cites_the_units_assessment(w):
    from gongkai.assessment.sentence import assessment_sentence
    from gongkai.reports import starter

    w.application(due_on=dt.date(YEAR, 4, 1), replied_on=dt.date(YEAR, 4, 8))
    report = w.annual_report(year=YEAR, published_on=None)
    result = actions.compute(w.county, YEAR, by=w.supervisor, today=TODAY)
    text = assessment_sentence(w.township, YEAR, today=TODAY)
    assert "平台记录测算本单位2025年度得分89.0分，在2个乡镇中排名第2" in text
    assert "依申请公开答复超期（扣6.0分）" in text or "扣6.0分" in text
    actions.publish(result, by=w.supervisor)
    text = starter.problems(report)
    assert "测试县人民政府2025年度政务公开考核中，本单位得分89.0分，在2个乡镇中排名第2" in text


def test_one_recorded_leak_costs_the_unit_every_point(w, client):
    scheme = actions.ensure_scheme(w.county)
    assert scheme.indicators.get(key="leaks").veto
    client.force_login(w.supervisor)
    url = f"/staff/assessment/incidents/{w.township.org_code}/"
    client.post(
        url,
        {
            "kind": "personal_data",
            "occurred_on": "2025-08-03",
            "description": "低保公示名单中公开了申请人身份证号码全号。",
        },
    )
    assert AuditEvent.objects.filter(action="assessment_incident:recorded").exists()
    standing = reads.compute(w.county, YEAR, scheme, today=TODAY)
    town = standing.of_unit(w.township)
    assert (town.score, town.vetoed, town.rank) == (D("0.0"), True, 2)
    client.force_login(w.clerk)
    assert client.post(url, {"kind": "personal_data"}).status_code == 403


def test_the_default_weights_sum_to_the_full_score_and_new_versions_keep_them(w):
    scheme = actions.ensure_scheme(w.county)
    assert reads.weights_of(scheme) == {
        "decision": D("20.0"),
        "service": D("25.0"),
        "results": D("20.0"),
        "applications": D("20.0"),
        "platform": D("15.0"),
    }
    with pytest.raises(ValidationError, match=r"100\.0"):
        actions.save_scheme(
            w.county,
            by=w.admin,
            full_score=D("120.0"),
            rules=_rules(scheme),
            note="满分改为120分，权重未改",
        )
    saved = actions.save_scheme(
        w.county, by=w.admin, full_score=D("100.0"), rules=_rules(scheme), note="仅改扣分"
    )
    assert saved.version == 2 and reads.weights_of(saved) == reads.weights_of(scheme)
    event = AuditEvent.objects.get(action="assessment_scheme:versioned")
    assert event.data["weights"]["service"] == "25.0"


def test_a_units_loss_in_a_group_stops_at_the_groups_weight(w):
    scheme = actions.ensure_scheme(w.county)
    weights = {
        "decision": D("25"),
        "service": D("25"),
        "results": D("25"),
        "applications": D("10"),
        "platform": D("15"),
    }
    saved = actions.save_scheme(
        w.county,
        by=w.admin,
        full_score=D("100"),
        rules=_rules(scheme),
        note="依申请公开权重10分",
        weights=weights,
    )
    for day in (4, 5):
        w.application(due_on=dt.date(YEAR, day, 1), replied_on=dt.date(YEAR, day, 9))
    town = reads.compute(w.county, YEAR, saved, today=TODAY).of_unit(w.township)
    [late] = [p for p in town.lost if p.indicator == "overdue_replies"]
    assert late.deduction == D("12.0")  # two late replies, under the indicator's cap of 18
    assert town.group("applications").deduction == D("10.0")  # but the group's weight is 10
    assert town.group("applications").weight == D("10")
    assert town.score == D("85.0")  # 100 − 10 − 5 (no annual report)


def test_schemes_saved_before_weights_get_the_defaults_scaled_to_their_full_score(w):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("gongkai.assessment.migrations.0003_group_weights")
    first = actions.ensure_scheme(w.county)
    second = actions.save_scheme(
        w.county,
        by=w.admin,
        full_score=D("50.0"),
        rules=_rules(first),
        note="满分50分",
        weights={
            "decision": D("10"),
            "service": D("10"),
            "results": D("10"),
            "applications": D("10"),
            "platform": D("10"),
        },
    )
    GroupWeight.objects.all().delete()
    migration.default_weights(apps, None)
    first, second = AssessmentScheme.objects.filter(pk__in=[first.pk, second.pk]).order_by(
        "version"
    )
    assert reads.weights_of(first) == actions.DEFAULT_WEIGHTS
    assert reads.weights_of(second) == {
        "decision": D("10.0"),
        "service": D("12.5"),
        "results": D("10.0"),
        "applications": D("10.0"),
        "platform": D("7.5"),
    }
