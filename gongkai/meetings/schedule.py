"""Pure date math for meetings: no ORM, no clock; `today` and the calendar come in."""

from __future__ import annotations

import datetime as dt

from gongkai.core.workdays import WorkdayCalendar


def signup_closes_on(meeting_day: dt.date, working_days: int, calendar: WorkdayCalendar) -> dt.date:
    """The last day to sign up: the `working_days`-th working day before the meeting's day
    (0: the day before the meeting, whatever day it is)."""
    if working_days <= 0:
        return meeting_day - dt.timedelta(days=1)
    day = meeting_day
    counted = 0
    while counted < working_days:
        day -= dt.timedelta(days=1)
        if calendar.is_workday(day):
            counted += 1
    return day


def signup_open(
    *, closes_on: dt.date, starts_at: dt.datetime, now: dt.datetime, today: dt.date
) -> bool:
    return today <= closes_on and now < starts_at
