from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.workdays import WorkdayCalendar
from gongkai.meetings.schedule import signup_closes_on

D = dt.date


@pytest.mark.parametrize(
    ("meeting_day", "working_days", "closes_on"),
    [
        (D(2026, 7, 24), 2, D(2026, 7, 22)),  # Friday: Wednesday
        (D(2026, 7, 27), 1, D(2026, 7, 24)),  # Monday: the Friday before, over the weekend
        (D(2026, 7, 27), 0, D(2026, 7, 26)),  # 0: the day before, whatever day it is
        (D(2026, 10, 12), 1, D(2026, 10, 10)),  # the Saturday worked after National Day
        (D(2026, 10, 9), 2, D(2026, 9, 30)),  # over the National Day holiday
    ],
)
def test_signup_closes_the_given_working_days_before_the_meeting(
    meeting_day, working_days, closes_on
):
    assert signup_closes_on(meeting_day, working_days, WorkdayCalendar()) == closes_on
