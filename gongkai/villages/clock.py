"""When a village's finance statement is due, and which are overdue. Pure: `today` comes in.

村民委员会组织法 Art. 30: finances at least every month or quarter. The platform counts a
statement due `OBLIGATIONS_VILLAGE_WORKING_DAYS` working days (default 10) after its period
ends (the setting the obligations use for matters disclosed in step with the villages);
past that, the township is told (a village's overdue disclosure escalates to its township).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from gongkai.core import periods
from gongkai.core.workdays import Deadline, WorkdayCalendar, past_due

# How far back an unpublished period is still reported.
LOOK_BACK = 6


def due(period: periods.Period, calendar: WorkdayCalendar) -> Deadline:
    return calendar.deadline(period.end, getattr(settings, "OBLIGATIONS_VILLAGE_WORKING_DAYS", 10))


@dataclass(frozen=True)
class Overdue:
    period: periods.Period
    due_on: dt.date


def overdue_periods(
    kind: str, published: set[str], *, since: dt.date, today: dt.date, calendar: WorkdayCalendar
) -> list[Overdue]:
    """Periods of `kind` ending on or after `since` whose statement is past due, unpublished."""
    found = []
    period = periods.containing(kind, today)
    for _step in range(LOOK_BACK + 1):
        if period.end < since:
            break
        deadline = due(period, calendar)
        if past_due(deadline.day, today) and period.code not in published:
            found.append(Overdue(period, deadline.day))
        period = _previous(period)
    return found


def _previous(period: periods.Period) -> periods.Period:
    return periods.containing(period.kind, period.start - dt.timedelta(days=1))
