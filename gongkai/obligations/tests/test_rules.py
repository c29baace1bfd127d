"""Due dates across 2026's holidays and a 2027 whose calendar is not announced yet."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core import periods
from gongkai.core.workdays import WorkdayCalendar
from gongkai.obligations import rules
from gongkai.obligations.rules import ItemFacts

D = dt.date
CALENDAR = WorkdayCalendar()

HALF_YEARLY = ItemFacts("half_yearly", level2="专项经费及使用情况", time_limit="20个工作日内")
QUARTERLY = ItemFacts(
    "quarterly", level2="社会救助", time_limit="信息形成或者变更之日起20个工作日内"
)
ANNUAL = ItemFacts("annual", level2="政府年度工作目标及完成情况")
SHORT = ItemFacts("quarterly", level2="价格监测", time_limit="季度结束后10个工作日内")
BUDGET = ItemFacts(
    "annual",
    level2="年度财政预算和财政收支情况",
    time_limit="经乡人民代表大会批准后20日内",
    approval="congress",
)
LICENCE = ItemFacts("timely", level1="行政许可", level2="行政许可决定")
TEMPORARY = ItemFacts("immediate", level2="其他临时性重大事项情况", time_limit="20个工作日内")
VILLAGE_MONEY = ItemFacts("with_village", group="village", level2="各村由乡代管资金的收支情况")
VILLAGE_OTHER = ItemFacts("with_village", group="village", level2="计划生育情况")


@pytest.mark.parametrize(
    ("item", "code", "due", "provisional"),
    [
        # July has no holiday: the 20th working day after 30 June.
        (HALF_YEARLY, "2026-H1", D(2026, 7, 28), False),
        # 清明 (4–6 April) is skipped.
        (QUARTERLY, "2026-Q1", D(2026, 4, 29), False),
        # 国庆 (1–7 October) is skipped and Saturday 10 October, a working day, counts.
        (QUARTERLY, "2026-Q3", D(2026, 11, 3), False),
        # The year's obligation falls in 2027, whose calendar is a Monday–Friday guess less
        # the statutory holidays (元旦 on 1 January).
        (ANNUAL, "2026", D(2027, 1, 29), True),
        (HALF_YEARLY, "2026-H2", D(2027, 1, 29), True),
        # The item states a shorter limit than Art. 26.
        (SHORT, "2026-Q3", D(2026, 10, 20), False),
        # Village money follows the village's month; a Saturday working day ends February.
        (VILLAGE_MONEY, "2026-M01", D(2026, 2, 13), False),
        (VILLAGE_MONEY, "2026-M02", D(2026, 3, 13), False),
        (VILLAGE_OTHER, "2026-Q2", D(2026, 7, 14), False),
    ],
)
def test_a_period_falls_due_after_it_ends(item, code, due, provisional):
    deadline = rules.period_due(item, periods.parse(code), calendar=CALENDAR)
    assert (deadline.day, deadline.provisional) == (due, provisional)


@pytest.mark.parametrize(
    ("item", "event_on", "due", "provisional"),
    [
        # 预算法 Art. 14: calendar days, holidays included.
        (BUDGET, D(2026, 1, 9), D(2026, 1, 29), False),
        (BUDGET, D(2026, 2, 10), D(2026, 3, 2), False),
        (BUDGET, D(2026, 12, 20), D(2027, 1, 9), True),
        # Seven working days; 国庆 skipped, Saturday 10 October counted.
        (LICENCE, D(2026, 9, 29), D(2026, 10, 14), False),
        # 春节 (15–23 February) skipped, both adjusted Saturdays counted.
        (LICENCE, D(2026, 2, 12), D(2026, 2, 28), False),
        # Temporary work: five working days; 劳动节 skipped, Saturday 9 May counted.
        (TEMPORARY, D(2026, 4, 30), D(2026, 5, 11), False),
        (TEMPORARY, D(2026, 12, 29), D(2027, 1, 6), True),  # 元旦 skipped, provisionally
    ],
)
def test_an_event_falls_due_by_its_own_limit(item, event_on, due, provisional):
    deadline = rules.event_due(item, event_on, calendar=CALENDAR)
    assert (deadline.day, deadline.provisional) == (due, provisional)


def test_the_temporary_limit_is_a_setting():
    deadline = rules.event_due(
        TEMPORARY, D(2026, 4, 30), calendar=CALENDAR, temporary_working_days=1
    )
    assert deadline.day == D(2026, 5, 6)


def test_an_announced_2027_calendar_moves_a_provisional_due_date():
    # The announced schedule adds a bridging day after 元旦.
    announced = WorkdayCalendar({D(2027, 1, 4): (False, "元旦")}, announced_years=[2027])
    deadline = rules.period_due(ANNUAL, periods.parse("2026"), calendar=announced)
    assert (deadline.day, deadline.provisional) == (D(2027, 2, 1), False)


@pytest.mark.parametrize(
    ("item", "starts_on", "codes"),
    [
        (HALF_YEARLY, None, ["2026-H1", "2026-H2"]),
        (QUARTERLY, D(2026, 5, 10), ["2026-Q2", "2026-Q3", "2026-Q4"]),
        (QUARTERLY, D(2026, 7, 1), ["2026-Q3", "2026-Q4"]),
        (VILLAGE_MONEY, D(2026, 11, 30), ["2026-M11", "2026-M12"]),
        (VILLAGE_OTHER, None, ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]),
        (LICENCE, None, []),
        (TEMPORARY, None, []),
        (ItemFacts("standing"), None, []),
    ],
)
def test_a_unit_owes_the_periods_that_end_after_it_starts_or_adopts_the_item(
    item, starts_on, codes
):
    assert [p.code for p in rules.periods_due(item, 2026, starts_on=starts_on)] == codes


@pytest.mark.parametrize(
    ("published_on", "waived", "today", "expected"),
    [
        (None, False, D(2026, 7, 28), "open"),
        (None, False, D(2026, 7, 29), "overdue"),
        (D(2026, 7, 28), False, D(2026, 12, 1), "met"),
        (D(2026, 7, 29), False, D(2026, 12, 1), "late"),
        (None, True, D(2026, 12, 1), "waived"),
    ],
)
def test_the_status_follows_from_the_dates(published_on, waived, today, expected):
    assert (
        rules.status(due_on=D(2026, 7, 28), published_on=published_on, waived=waived, today=today)
        == expected
    )


@pytest.mark.parametrize(
    ("item", "overrides", "days"),
    [
        (ANNUAL, None, 396),  # a year and a month for its time limit
        (HALF_YEARLY, None, 214),
        (QUARTERLY, None, 122),
        (VILLAGE_MONEY, None, 61),  # the village's month
        (LICENCE, None, 183),
        (ItemFacts("standing", level2="领导分工"), None, 366),
        (QUARTERLY, {"quarterly": 60}, 60),  # a county's own setting wins
        (ANNUAL, {"quarterly": 60}, 396),
    ],
)
def test_a_column_is_stale_after_its_period_and_the_time_limit(item, overrides, days):
    assert rules.stale_after_days(item, overrides=overrides) == days
