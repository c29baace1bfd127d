"""The working-day calendar: the one module every deadline in Gongkai is computed by.

Three sources, in order: an administrator's entries (CalendarDay), the official schedule
known to the `chinese_calendar` package, and for a year neither knows a provisional answer
that says it is provisional: Monday to Friday, less the statutory holidays that
《全国年节及纪念日放假办法》 (2024 revision) fixes, which are holidays whatever the State
Council's yearly notice adds (it only adds bridging days and adjusted working weekends).

Counting is explicit: day 1 is the first working day after the start day (the package's
`find_workday` is one day late when the start day is not a working day, so it is not used).

Everything here is pure date math over a loaded calendar: no `today()`, and the ORM only in
`WorkdayCalendar.load()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import chinese_calendar
from django.dispatch import Signal
from lunardate import LunarDate

from .models import CalendarDay, CalendarYear

# Sent with `years` (a set of ints) when an administrator changes the calendar, so that
# open deadlines in those years can be recomputed.
calendar_changed = Signal()


class Source:
    OVERRIDE = "override"
    OFFICIAL = "official"
    PROVISIONAL = "provisional"


@dataclass(frozen=True)
class Day:
    day: dt.date
    is_workday: bool
    source: str
    name: str = ""

    @property
    def provisional(self) -> bool:
        return self.source == Source.PROVISIONAL

    @property
    def entered(self) -> bool:
        """An administrator's entry, not the official schedule."""
        return self.source == Source.OVERRIDE


@dataclass(frozen=True)
class Deadline:
    """A computed date, and whether any day counted to reach it came from a guessed year."""

    day: dt.date
    provisional: bool


def past_due(due_on: dt.date | None, today: dt.date) -> bool:
    """Whether a due date has passed: the due day itself is still in time, and what is not done
    by its end is overdue from the next day. The one date rule behind every "overdue" (an
    application's reply, an obligation, a rectification order, a draft's publication, an annual
    report, a village's statement); what must be done differs, and each is named for it. In a
    query the same rule is `due_on__lt=today`."""
    return due_on is not None and today > due_on


@cache
def _package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


@cache
def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The 13 days a year 《全国年节及纪念日放假办法》 (2024 revision) makes holidays.

    元旦 1 Jan; 春节 除夕 to 初三; 清明 (the solar term); 劳动节 1–2 May; 端午 5/5 and 中秋 8/15
    of the lunar calendar; 国庆 1–3 Oct. `chinese_calendar` gives the solar term but converts
    no lunar dates, so `lunardate` does (its tables run to 2099).
    """
    days = {dt.date(year, 1, 1): "元旦"}
    new_year = LunarDate(year, 1, 1).to_solar_date()
    for offset in range(-1, 3):  # 除夕 is the day before 初一, whether the 12th month has 29 or 30
        days[new_year + dt.timedelta(days=offset)] = "春节"
    for day, term in chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 30)):
        if term == "清明":
            days[day] = "清明节"
    days[dt.date(year, 5, 1)] = days[dt.date(year, 5, 2)] = "劳动节"
    days[LunarDate(year, 5, 5).to_solar_date()] = "端午节"
    days[LunarDate(year, 8, 15).to_solar_date()] = "中秋节"
    for day in (1, 2, 3):
        days[dt.date(year, 10, day)] = "国庆节"
    return days


class WorkdayCalendar:
    def __init__(
        self,
        overrides: Mapping[dt.date, tuple[bool, str]] | None = None,
        announced_years: Iterable[int] = (),
    ) -> None:
        self._overrides = dict(overrides or {})
        self._announced = frozenset(announced_years)

    @classmethod
    def load(cls) -> WorkdayCalendar:
        overrides = {
            row.day: (row.is_workday, row.name)
            for row in CalendarDay.objects.only("day", "is_workday", "name")
        }
        years = CalendarYear.objects.values_list("year", flat=True)
        return cls(overrides, years)

    def knows_year(self, year: int) -> bool:
        return year in self._announced or _package_knows(year)

    def day(self, day: dt.date) -> Day:
        if day in self._overrides:
            is_workday, name = self._overrides[day]
            return Day(day, is_workday, Source.OVERRIDE, name)
        if _package_knows(day.year):
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
            # The package names a holiday and the adjusted working day that makes up for it.
            label = _HOLIDAY_NAMES.get(name, name) if name else ""
            is_workday = not on_holiday
            return Day(day, is_workday, Source.OFFICIAL, label)
        source = Source.OFFICIAL if day.year in self._announced else Source.PROVISIONAL
        # Before the yearly notice, the days the law fixes are still holidays; an announced
        # year's bridging days and adjusted weekends come from the administrator's entries.
        name = statutory_holidays(day.year).get(day, "")
        return Day(day, day.weekday() < 5 and not name, source, name)

    def is_workday(self, day: dt.date) -> bool:
        return self.day(day).is_workday

    def is_provisional(self, day: dt.date) -> bool:
        return not self.knows_year(day.year) and day not in self._overrides

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (day 1 is the first working day after it)."""
        if n < 0:
            raise ValueError("n must not be negative")
        day, counted = start, 0
        while counted < n:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def deadline(self, start: dt.date, n: int) -> Deadline:
        end = self.add_working_days(start, n)
        return Deadline(end, self.any_provisional(start, end))

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def next_workday(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def any_provisional(self, start: dt.date, end: dt.date) -> bool:
        return any(not self.knows_year(year) for year in range(start.year, end.year + 1))

    def month(self, year: int, month: int) -> list[Day]:
        first = dt.date(year, month, 1)
        days = []
        day = first
        while day.month == month:
            days.append(self.day(day))
            day += dt.timedelta(days=1)
        return days


def add_working_days(start: dt.date, n: int, calendar: WorkdayCalendar | None = None) -> dt.date:
    return (calendar or WorkdayCalendar.load()).add_working_days(start, n)


def deadline(start: dt.date, n: int, calendar: WorkdayCalendar | None = None) -> Deadline:
    return (calendar or WorkdayCalendar.load()).deadline(start, n)
