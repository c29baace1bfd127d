"""The working-day calendar against the State Council's 2026 schedule (国办发明电〔2025〕7号)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core import actions, workdays
from gongkai.core.models import AuditEvent, Role
from gongkai.core.workdays import WorkdayCalendar

from .factories import county, member, township

D = dt.date
OFFICIAL = WorkdayCalendar()

HOLIDAYS_2026 = [
    *[D(2026, 1, day) for day in (1, 2, 3)],  # 元旦
    *[D(2026, 2, day) for day in range(15, 24)],  # 春节, nine days
    *[D(2026, 4, day) for day in (4, 5, 6)],  # 清明节
    *[D(2026, 5, day) for day in range(1, 6)],  # 劳动节
    *[D(2026, 6, day) for day in (19, 20, 21)],  # 端午节
    *[D(2026, 9, day) for day in (25, 26, 27)],  # 中秋节
    *[D(2026, 10, day) for day in range(1, 8)],  # 国庆节
]
ADJUSTED_WORKING_WEEKENDS_2026 = [
    D(2026, 1, 4),
    D(2026, 2, 14),
    D(2026, 2, 28),
    D(2026, 5, 9),
    D(2026, 9, 20),
    D(2026, 10, 10),
]


@pytest.mark.parametrize("day", HOLIDAYS_2026, ids=str)
def test_statutory_holidays_of_2026_are_days_off(day):
    assert not OFFICIAL.is_workday(day)
    assert not OFFICIAL.is_provisional(day)


@pytest.mark.parametrize("day", ADJUSTED_WORKING_WEEKENDS_2026, ids=str)
def test_adjusted_working_weekends_of_2026_are_working_days(day):
    assert day.weekday() >= 5
    assert OFFICIAL.is_workday(day)
    assert OFFICIAL.day(day).name  # named after the holiday it makes up for


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        (D(2026, 3, 2), True),  # an ordinary Monday
        (D(2026, 3, 7), False),  # an ordinary Saturday
        (D(2026, 10, 8), True),  # the first day back after National Day
        (D(2026, 2, 24), True),  # the first day back after Spring Festival
    ],
    ids=str,
)
def test_ordinary_days(day, workday):
    assert OFFICIAL.is_workday(day) is workday


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # LAW.md: received on Sunday 2026-02-15, 20 working days is 2026-03-20
        # (chinese_calendar's find_workday says 03-23).
        (D(2026, 2, 15), 20, D(2026, 3, 20)),
        (D(2026, 3, 2), 20, D(2026, 3, 30)),
        (D(2026, 3, 2), 0, D(2026, 3, 2)),
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # the adjusted Saturday before Spring Festival
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 2, 27), 1, D(2026, 2, 28)),  # the adjusted Saturday after it
        (D(2025, 12, 31), 1, D(2026, 1, 4)),  # across 元旦 onto the adjusted Sunday
        (D(2026, 4, 3), 1, D(2026, 4, 7)),  # across 清明节
        (D(2026, 4, 30), 1, D(2026, 5, 6)),  # across 劳动节
        (D(2026, 4, 30), 4, D(2026, 5, 9)),  # ... onto its adjusted Saturday
        (D(2026, 6, 18), 1, D(2026, 6, 22)),  # across 端午节
        (D(2026, 9, 18), 1, D(2026, 9, 20)),  # onto the adjusted Sunday before 中秋节
        (D(2026, 9, 24), 1, D(2026, 9, 28)),  # across 中秋节
        (D(2026, 9, 30), 1, D(2026, 10, 8)),  # across 国庆节
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # ... onto its adjusted Saturday
        (D(2026, 9, 30), 7, D(2026, 10, 15)),  # 7 working days for a clarification request
        (D(2026, 10, 1), 15, D(2026, 10, 27)),  # 15 working days for a third party
    ],
    ids=str,
)
def test_add_working_days_counts_from_the_next_working_day(start, n, expected):
    assert OFFICIAL.add_working_days(start, n) == expected
    assert OFFICIAL.deadline(start, n) == workdays.Deadline(expected, provisional=False)


def test_working_days_between_counts_after_the_start_up_to_and_including_the_end():
    assert OFFICIAL.working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert OFFICIAL.working_days_between(D(2026, 3, 2), D(2026, 3, 2)) == 0
    assert OFFICIAL.working_days_between(D(2026, 2, 15), D(2026, 3, 20)) == 20


def test_next_workday():
    assert OFFICIAL.next_workday(D(2026, 10, 1)) == D(2026, 10, 8)
    assert OFFICIAL.next_workday(D(2026, 10, 8)) == D(2026, 10, 8)


def test_a_year_nobody_has_announced_is_provisional_monday_to_friday():
    assert not OFFICIAL.knows_year(2027)
    assert OFFICIAL.is_provisional(D(2027, 1, 1))
    # 2027-01-04 is a Monday; without a schedule it counts as a working day, provisionally.
    assert OFFICIAL.deadline(D(2027, 1, 1), 1) == workdays.Deadline(D(2027, 1, 4), provisional=True)
    assert OFFICIAL.deadline(D(2026, 12, 17), 20).provisional
    assert not OFFICIAL.deadline(D(2026, 12, 1), 5).provisional


# 2027 by the 2024 revision of 《全国年节及纪念日放假办法》: 除夕 is 02-05, 端午 06-09, 中秋
# 09-15, 清明 04-05. The yearly notice is not out, so no bridging days or worked weekends.
@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2027, 1, 1), "元旦"),  # a Friday
        (D(2027, 2, 5), "春节"),  # 除夕, a Friday
        (D(2027, 2, 8), "春节"),  # 初三, a Monday
        (D(2027, 4, 5), "清明节"),  # the solar term, a Monday
        (D(2027, 6, 9), "端午节"),  # a Wednesday
        (D(2027, 9, 15), "中秋节"),  # a Wednesday
        (D(2027, 10, 1), "国庆节"),  # a Friday
    ],
)
def test_before_the_yearly_notice_the_statutory_holidays_are_still_holidays(day, name):
    found = OFFICIAL.day(day)
    assert (found.is_workday, found.name, found.provisional) == (False, name, True)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 12, 31), 1, D(2027, 1, 4)),  # 元旦 on Friday, then the weekend
        (D(2027, 2, 4), 1, D(2027, 2, 9)),  # 除夕 to 初三: 02-05 … 02-08
        (D(2027, 2, 1), 20, D(2027, 3, 3)),
        (D(2027, 9, 28), 5, D(2027, 10, 6)),  # 10-01 (a Friday) to 10-03 are holidays
        (D(2027, 6, 8), 1, D(2027, 6, 10)),  # 端午
    ],
)
def test_a_provisional_deadline_skips_the_statutory_holidays(start, n, expected):
    assert OFFICIAL.deadline(start, n) == workdays.Deadline(expected, provisional=True)


def test_entered_days_and_an_announced_year_end_the_provisional_answer():
    calendar = WorkdayCalendar({D(2027, 1, 1): (False, "元旦")}, announced_years=[2027])
    assert calendar.deadline(D(2026, 12, 31), 1) == workdays.Deadline(
        D(2027, 1, 4), provisional=False
    )


def test_an_entered_day_wins_over_the_package():
    calendar = WorkdayCalendar({D(2026, 3, 2): (False, "临时调整")})
    assert not calendar.is_workday(D(2026, 3, 2))
    assert calendar.day(D(2026, 3, 2)).source == workdays.Source.OVERRIDE


@pytest.mark.django_db
def test_a_supervisor_enters_a_holiday_and_open_deadlines_are_told(
    django_capture_on_commit_callbacks,
):
    root = county()
    supervisor = member(root, Role.SUPERVISOR)
    heard = []

    def listener(sender, years, **kwargs):
        heard.append(years)

    workdays.calendar_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            actions.set_calendar_day(
                by=supervisor, day=D(2027, 1, 1), is_workday=False, name="元旦"
            )
            actions.announce_year(by=supervisor, year=2027, source="国办发明电〔2026〕X号")
    finally:
        workdays.calendar_changed.disconnect(listener)
    assert heard == [{2027}, {2027}]
    loaded = WorkdayCalendar.load()
    assert loaded.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert not loaded.is_provisional(D(2027, 6, 1))
    assert AuditEvent.objects.filter(action="calendar:day_set", actor=supervisor).exists()


@pytest.mark.django_db
def test_only_a_county_supervisor_may_change_the_calendar():
    clerk = member(township(county()), Role.CLERK)
    with pytest.raises(PermissionDenied):
        actions.set_calendar_day(by=clerk, day=D(2027, 1, 1), is_workday=False)
