"""When an obligation falls due: pure date math over the working-day calendar.

No ORM and no `today()`: the catalog item comes in as `ItemFacts`, the calendar as an
argument. The rules, from the seed plan's 时间 clause and the law:

- a regular item's period: 20 working days after the period ends (条例 Art. 26: the
  information is formed when the period closes), or the shorter limit the item states;
- budgets and final accounts: 20 calendar days after the congress approves them (预算法 Art. 14);
- licence and penalty decisions: 7 working days after the decision (双公示);
- temporary and phased items (立即, 及时): N working days after the event, 5 unless set;
- items in step with village disclosure: the village's own period (monthly for money,
  quarterly for the rest) and the village's deadline after it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from gongkai.core import periods
from gongkai.core.workdays import Deadline, WorkdayCalendar, past_due

ART26_WORKING_DAYS = 20
BUDGET_CALENDAR_DAYS = 20
DECISION_WORKING_DAYS = 7
TEMPORARY_WORKING_DAYS = 5
VILLAGE_WORKING_DAYS = 10


class Rule:
    PERIODIC = "periodic"
    BUDGET = "budget"
    DECISION = "decision"
    TEMPORARY = "temporary"
    VILLAGE = "village"
    STANDING = "standing"


# The rules whose obligations a recorded event raises (a decision, a matter that arose).
EVENT_RULES = (Rule.DECISION, Rule.TEMPORARY)


@dataclass(frozen=True)
class ItemFacts:
    """What the rules read of a catalog item."""

    cadence: str
    group: str = ""
    level1: str = ""
    level2: str = ""
    time_limit: str = ""
    approval: str = ""


_WORKING_LIMIT = re.compile(r"(\d+)\s*个?工作日")
_CALENDAR_AFTER_APPROVAL = re.compile(r"(批准|审查批准|通过)后\s*(\d+)\s*日内")
_LICENCE_OR_PENALTY = re.compile(r"行政许可|行政处罚|许可决定|处罚决定|双公示")
_VILLAGE_MONEY = re.compile(r"财务|收支|税费|资金|费用|水电费|款物|补偿费|收缴")


def rule_of(item: ItemFacts) -> str:
    if _LICENCE_OR_PENALTY.search(f"{item.level1}{item.level2}"):
        return Rule.DECISION
    if item.cadence == "with_village":
        return Rule.VILLAGE
    if item.approval == "congress" and _CALENDAR_AFTER_APPROVAL.search(item.time_limit):
        return Rule.BUDGET
    if item.cadence in ("annual", "half_yearly", "quarterly"):
        return Rule.PERIODIC
    if item.cadence in ("timely", "immediate"):
        return Rule.TEMPORARY
    return Rule.STANDING


def period_kind(item: ItemFacts) -> str | None:
    """The kind of period whose end makes the item due; None for event-driven items."""
    if item.cadence == "with_village":
        return periods.MONTH if _VILLAGE_MONEY.search(item.level2) else periods.QUARTER
    return {
        "annual": periods.YEAR,
        "half_yearly": periods.HALF,
        "quarterly": periods.QUARTER,
    }.get(item.cadence)


def stated_working_days(time_limit: str) -> int | None:
    match = _WORKING_LIMIT.search(time_limit or "")
    return int(match.group(1)) if match else None


def period_due(
    item: ItemFacts,
    period: periods.Period,
    *,
    calendar: WorkdayCalendar,
    village_working_days: int = VILLAGE_WORKING_DAYS,
) -> Deadline:
    """The due date of a regular item's period (and a budget's, until its approval is known)."""
    if rule_of(item) == Rule.VILLAGE:
        return calendar.deadline(period.end, village_working_days)
    limit = ART26_WORKING_DAYS
    stated = stated_working_days(item.time_limit)
    if stated is not None and stated < limit:
        limit = stated
    return calendar.deadline(period.end, limit)


def event_due(
    item: ItemFacts,
    event_on: dt.date,
    *,
    calendar: WorkdayCalendar,
    temporary_working_days: int = TEMPORARY_WORKING_DAYS,
) -> Deadline:
    """The due date of an obligation raised by an event (decision, approval, occurrence)."""
    rule = rule_of(item)
    if rule == Rule.BUDGET:
        day = event_on + dt.timedelta(days=BUDGET_CALENDAR_DAYS)
        return Deadline(day, calendar.is_provisional(day))
    if rule == Rule.DECISION:
        return calendar.deadline(event_on, DECISION_WORKING_DAYS)
    if rule == Rule.TEMPORARY:
        limit = temporary_working_days
        stated = stated_working_days(item.time_limit)
        if stated is not None and stated < limit:
            limit = stated
        return calendar.deadline(event_on, limit)
    # A regular or congress-approved item raised by an event: the Art. 26 limit, or shorter.
    stated = stated_working_days(item.time_limit)
    return calendar.deadline(event_on, min(stated or ART26_WORKING_DAYS, ART26_WORKING_DAYS))


def periods_due(item: ItemFacts, year: int, *, starts_on: dt.date | None) -> list[periods.Period]:
    """The item's periods in a year that a unit owes: those ending on or after `starts_on`.

    A unit set up, or an item adopted, in the middle of a period owes that period: the
    information is formed at its end.
    """
    kind = period_kind(item)
    if kind is None:
        return []
    return [p for p in periods.in_year(kind, year) if starts_on is None or p.end >= starts_on]


# How many days a column may go without an update before the website inspection counts it
# as stale. A column kept by period is stale once the next period's information is late: its
# period, and a month for the time limit after the period ends.
_PERIOD_DAYS = {periods.YEAR: 366, periods.HALF: 184, periods.QUARTER: 92, periods.MONTH: 31}
STALE_GRACE_DAYS = 30
# Columns kept current or fed by events: the inspection's longest tolerated silence.
STALE_DAYS_WITHOUT_PERIOD = {"standing": 366, "timely": 183, "immediate": 183}


def stale_after_days(item: ItemFacts, *, overrides: dict[str, int] | None = None) -> int:
    """Days without an update after which a column is stale; `overrides` by cadence."""
    if overrides and item.cadence in overrides:
        return int(overrides[item.cadence])
    kind = period_kind(item)
    if kind is not None:
        return _PERIOD_DAYS[kind] + STALE_GRACE_DAYS
    return STALE_DAYS_WITHOUT_PERIOD.get(item.cadence, 366)


class Status:
    do_not_call_in_templates = True  # templates read its members: `Status.OVERDUE`
    OPEN = "open"
    MET = "met"
    LATE = "late"
    OVERDUE = "overdue"
    WAIVED = "waived"

    ALL = ("open", "met", "late", "overdue", "waived")


def status(*, due_on: dt.date, published_on: dt.date | None, waived: bool, today: dt.date) -> str:
    if waived:
        return Status.WAIVED
    if published_on is not None:
        return Status.MET if published_on <= due_on else Status.LATE
    return Status.OVERDUE if past_due(due_on, today) else Status.OPEN
