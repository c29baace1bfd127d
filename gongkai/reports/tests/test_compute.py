"""A year of activity is counted into the tables exactly as a person counting by hand would."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.info_requests import actions as request_actions
from gongkai.info_requests import outcomes
from gongkai.info_requests.tests.factories import details
from gongkai.reports import actions, checks, compute, layout
from gongkai.reports.layout import t3, t4
from gongkai.reports.models import Source

from .factories import TODAY, application, document, opened, world

pytestmark = pytest.mark.django_db

TYPES = [
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
]


def row(label: str) -> int:
    return layout.T3_ROW_INDEX[label]


def col(label: str) -> int:
    return layout.T3_COLUMNS.index(label)


def year_of_activity(w) -> None:
    """2025 for 青山镇: every outcome once, carried over in and out, noise that must not count."""
    # Received in 2024 and answered in 2025: carried over from last year.
    application(w.township, dt.date(2024, 12, 23), "disclosed", dt.date(2025, 1, 8))
    # Received and answered in 2024: not in 2025 at all.
    application(w.township, dt.date(2024, 6, 3), "disclosed", dt.date(2024, 6, 14))
    # Every outcome but the one that needs a clarification, applicant types in turn.
    day = dt.date(2025, 2, 10)
    for i, outcome in enumerate(o for o in outcomes.OUTCOMES if o.key != "not_corrected"):
        received = day + dt.timedelta(days=7 * i)
        kind = TYPES[i % len(TYPES)]
        if outcome.key == "still_unclear":  # asked to correct, corrected, still unclear
            req = application(w.township, received, applicant_type=kind)
            request_actions.ask_clarification(
                req,
                by=None,
                date=received + dt.timedelta(days=1),
                today=TODAY,
                corrections="请写明所需信息的名称或文号。",
                deadline=received + dt.timedelta(days=15),
            )
            request_actions.advance(
                req, by=None, type="corrected", date=received + dt.timedelta(days=5), today=TODAY
            )
            request_actions.reply(
                req,
                by=None,
                date=received + dt.timedelta(days=9),
                today=TODAY,
                outcome="still_unclear",
            )
            request_actions.sign_off(
                req, by=None, date=received + dt.timedelta(days=9), today=TODAY
            )
            continue
        if outcome.key == "fee_unpaid":  # a fee notice first, then 20 working days unpaid
            req = application(w.township, received, applicant_type=kind)
            request_actions.advance(
                req,
                by=None,
                type="fee_notice",
                date=received + dt.timedelta(days=1),
                today=TODAY,
                method="pages",
                quantity=120,
            )
            request_actions.reply(
                req,
                by=None,
                date=received + dt.timedelta(days=40),
                today=TODAY,
                outcome="fee_unpaid",
            )
            request_actions.sign_off(
                req, by=None, date=received + dt.timedelta(days=40), today=TODAY
            )
            continue
        application(
            w.township, received, outcome.key, received + dt.timedelta(days=3), applicant_type=kind
        )
    # Not corrected in time: closed with （六）1.
    req = application(w.township, dt.date(2025, 9, 1), applicant_type="legal_service_org")
    request_actions.ask_clarification(
        req,
        by=None,
        date=dt.date(2025, 9, 2),
        today=TODAY,
        corrections="请写明所需信息的名称或文号。",
        deadline=dt.date(2025, 9, 16),
    )
    request_actions.reply(
        req, by=None, date=dt.date(2025, 9, 22), today=TODAY, outcome="not_corrected"
    )
    request_actions.sign_off(req, by=None, date=dt.date(2025, 9, 22), today=TODAY)
    # Received late in 2025: one answered in 2026, one still open: both carried to next year.
    application(w.township, dt.date(2025, 12, 24), "disclosed", dt.date(2026, 1, 8))
    application(w.township, dt.date(2025, 12, 29), applicant_type="commercial_enterprise")
    # Submitted online but never confirmed: not received, not counted.
    request_actions.submit(unit=w.township, today=dt.date(2025, 12, 30), **details())
    # Another township's application.
    application(w.other, dt.date(2025, 5, 6), "disclosed", dt.date(2025, 5, 9))


def hand_counted() -> dict[str, int]:
    """What a clerk counts on paper for the activity above."""
    expected = dict.fromkeys(layout.TABLE3_CELLS, 0)

    def add(r: int, c: int, n: int = 1) -> None:
        expected[t3(r, c)] += n
        expected[t3(r, layout.T3_TOTAL_COLUMN)] += n

    new_by_type = {t: 0 for t in TYPES}
    for i, outcome in enumerate(o for o in outcomes.OUTCOMES if o.key != "not_corrected"):
        kind = TYPES[i % len(TYPES)]
        new_by_type[kind] += 1
        add(row(outcome.row), TYPES.index(kind))
        add(layout.T3_RESULTS_TOTAL, TYPES.index(kind))
    new_by_type["legal_service_org"] += 1  # not corrected
    add(row(outcomes.NOT_CORRECTED.row), col("法律服务机构"))
    add(layout.T3_RESULTS_TOTAL, col("法律服务机构"))
    new_by_type["natural_person"] += 1  # 12-24
    new_by_type["commercial_enterprise"] += 1  # 12-29
    for kind, n in new_by_type.items():
        add(layout.T3_NEW, TYPES.index(kind), n)
    # carried in: the 2024-12-23 one, answered 2025-01-08 (disclosed)
    add(layout.T3_CARRIED_IN, col("自然人"))
    add(row("（一）予以公开"), col("自然人"))
    add(layout.T3_RESULTS_TOTAL, col("自然人"))
    add(layout.T3_CARRIED_OUT, col("自然人"))
    add(layout.T3_CARRIED_OUT, col("商业企业"))
    return expected


def test_table3_equals_the_hand_count_and_passes_the_checks():
    w = world()
    year_of_activity(w)
    counted = compute.table3(w.township, 2025)
    assert counted == hand_counted()
    assert checks.run(counted) == []
    assert counted[t3(layout.T3_NEW, layout.T3_TOTAL_COLUMN)] == 23
    assert counted[t3(layout.T3_RESULTS_TOTAL, layout.T3_TOTAL_COLUMN)] == 22


def test_next_years_carried_over_equals_this_years_carried_to_next_year():
    w = world()
    year_of_activity(w)
    this_year, next_year = compute.table3(w.township, 2025), compute.table3(w.township, 2026)
    for c in range(len(layout.T3_COLUMNS)):
        assert next_year[t3(layout.T3_CARRIED_IN, c)] == this_year[t3(layout.T3_CARRIED_OUT, c)]


def test_normative_documents_made_repealed_and_in_force():
    w = world()
    document(w, dt.date(2025, 3, 20), n=1)
    document(w, dt.date(2025, 6, 16), n=2)
    document(w, dt.date(2021, 4, 2), repealed_on=dt.date(2025, 11, 20), n=3)
    document(w, dt.date(2023, 5, 8), n=4)
    document(w, dt.date(2022, 1, 5), repealed_on=dt.date(2026, 3, 1), n=5)  # in force at end
    document(w, dt.date(2026, 2, 2), n=6)  # next year's
    counted = compute.table2(w.township, 2025)
    sub = layout.TABLE2[0]
    row_index = sub.rows.index("行政规范性文件")
    made, repealed, in_force = (counted.values[sub.cell(row_index, c).key] for c in range(3))
    assert (made, repealed, in_force) == (2, 1, 4)
    assert sub.cell(row_index, 0).key not in counted.by_hand
    assert sub.cell(0, 0).key in counted.by_hand  # 规章: by hand
    assert "t2_1_0_0" in counted.by_hand  # licences: by hand


def test_without_a_normative_documents_item_table2_is_all_by_hand():
    w = world()
    counted = compute.table2(w.township, 2025)
    assert counted.values == {}
    assert counted.by_hand == set(layout.TABLE2_CELLS)


def test_review_and_litigation_cases_are_counted_into_table4():
    w = world()
    for kind, result, filed, decided in (
        ("review", "upheld", dt.date(2025, 3, 1), dt.date(2025, 5, 1)),
        ("review", "corrected", dt.date(2025, 4, 1), dt.date(2025, 6, 1)),
        ("review", "upheld", dt.date(2025, 11, 1), dt.date(2026, 1, 20)),  # pending at year end
        ("direct_suit", "other", dt.date(2025, 6, 1), dt.date(2025, 10, 1)),
        ("suit_after_review", "", dt.date(2025, 8, 1), None),
        ("review", "upheld", dt.date(2024, 8, 1), dt.date(2024, 10, 1)),  # last year's
    ):
        actions.record_case(
            w.township,
            by=w.clerk,
            kind=kind,
            reference="示府复〔2025〕1号",
            subject="对信息公开答复不服",
            filed_on=filed,
            result=result,
            decided_on=decided,
        )
    counted = compute.table4(w.township, 2025)
    assert counted[t4(0, 0)] == 1
    assert counted[t4(0, 1)] == 1
    assert counted[t4(0, 3)] == 1
    assert counted[t4(0, 4)] == 3
    assert counted[t4(1, 2)] == 1 and counted[t4(1, 4)] == 1
    assert counted[t4(2, 3)] == 1 and counted[t4(2, 4)] == 1
    assert sum(counted.values()) == 10


def test_opening_fills_the_report_and_a_refresh_keeps_hand_entries():
    w = world()
    application(w.township, dt.date(2025, 3, 4), "disclosed", dt.date(2025, 3, 18))
    report = opened(w)
    assert report.value(t3(layout.T3_NEW, 0)) == 1
    assert report.source(t3(layout.T3_NEW, 0)) == Source.COMPUTED
    values = {key: report.value(key) for key in layout.CELLS}
    values["t2_1_0_0"] = 12  # licences, by hand
    actions.save_values(report, by=w.clerk, values=values)
    report.refresh_from_db()
    # Saving the form confirms every count the records cannot know: all of table 2 here.
    assert set(report.entered) == set(layout.TABLE2_CELLS)
    application(w.township, dt.date(2025, 4, 1), "not_held", dt.date(2025, 4, 9))
    changed = actions.refresh(report, by=w.clerk)
    report.refresh_from_db()
    assert report.value(t3(layout.T3_NEW, 0)) == 2
    assert report.value("t2_1_0_0") == 12
    assert t3(layout.T3_NEW, 0) in changed


def test_a_corrected_count_is_marked_entered_and_survives_a_refresh_until_restored():
    w = world()
    application(w.township, dt.date(2025, 3, 4), "disclosed", dt.date(2025, 3, 18))
    report = opened(w)
    values = {key: report.value(key) for key in layout.CELLS}
    values[t3(layout.T3_CARRIED_IN, 0)] = 2  # paper applications from before the platform
    actions.save_values(report, by=w.clerk, values=values)
    actions.refresh(report, by=w.clerk)
    report.refresh_from_db()
    assert report.value(t3(layout.T3_CARRIED_IN, 0)) == 2
    assert report.source(t3(layout.T3_CARRIED_IN, 0)) == Source.ENTERED
    actions.restore_computed(report, by=w.clerk)
    report.refresh_from_db()
    assert report.value(t3(layout.T3_CARRIED_IN, 0)) == 0
    assert report.source(t3(layout.T3_CARRIED_IN, 0)) == Source.COMPUTED
