"""When a village's finance statement falls due, and which are overdue (pure date math)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.core import periods
from gongkai.core.models import Role
from gongkai.core.tests.factories import county, member, township, village
from gongkai.core.workdays import WorkdayCalendar
from gongkai.obligations.models import Notification
from gongkai.villages import clock, reads
from gongkai.villages.actions import create_statement


@pytest.mark.parametrize(
    ("code", "due_on"),
    [
        # 10 working days after the period ends: the National Day holiday (1-7 October) is skipped
        # and Saturday 10 October, an adjusted working day, counts
        ("2026-M09", dt.date(2026, 10, 20)),
        ("2026-M10", dt.date(2026, 11, 13)),
        ("2026-Q3", dt.date(2026, 10, 20)),
    ],
)
def test_a_statement_is_due_ten_working_days_after_its_period(db, code, due_on):
    assert clock.due(periods.parse(code), WorkdayCalendar.load()).day == due_on


@pytest.mark.parametrize(
    ("today", "published", "overdue"),
    [
        (dt.date(2026, 11, 13), {"2026-M08", "2026-M09"}, []),
        (dt.date(2026, 11, 16), {"2026-M08", "2026-M09"}, ["2026-M10"]),
        (dt.date(2026, 11, 16), {"2026-M08"}, ["2026-M10", "2026-M09"]),
        (dt.date(2026, 11, 16), {"2026-M08", "2026-M09", "2026-M10"}, []),
    ],
)
def test_unpublished_periods_past_due_are_overdue(db, today, published, overdue):
    found = clock.overdue_periods(
        periods.MONTH,
        published,
        since=dt.date(2026, 8, 1),
        today=today,
        calendar=WorkdayCalendar.load(),
    )
    assert [o.period.code for o in found] == overdue


@pytest.mark.django_db
def test_the_township_is_told_of_a_villages_overdue_statement(client):
    town = township(county())
    home = village(town)
    clerk = member(home, Role.CLERK)
    create_statement(
        home, by=clerk, period="2026-M09", opening_balance=Decimal(0), today=dt.date(2026, 10, 8)
    )
    rows = reads.overdue_statements(
        town, today=dt.date(2026, 11, 16), calendar=WorkdayCalendar.load()
    )
    assert [(r.village, r.period_label) for r in rows] == [
        (home, "2026年10月"),
        (home, "2026年9月"),
    ]


@pytest.mark.django_db
def test_the_daily_job_escalates_an_overdue_statement_to_the_township_once():
    town = township(county())
    home = village(town, short_name="柳溪村")
    village_clerk = member(home, Role.CLERK)
    township_clerk, leader = member(town, Role.CLERK), member(town, Role.LEADER)
    member(town, Role.REVIEWER)
    create_statement(
        home,
        by=village_clerk,
        period="2026-M09",
        opening_balance=Decimal(0),
        today=dt.date(2026, 10, 8),
    )
    out = StringIO()
    call_command("run_jobs", "--json", "--today", "2026-11-16", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["village_statement_notices"] == 6  # September and October, to three people
    told = Notification.objects.filter(text__contains="柳溪村")
    assert set(told.values_list("user_id", flat=True)) == {
        village_clerk.pk,
        township_clerk.pk,
        leader.pk,
    }
    assert told.filter(text__contains="2026年9月").count() == 3
    again = StringIO()
    call_command("run_jobs", "--json", "--today", "2026-11-17", stdout=again)
    assert json.loads(again.getvalue())["village_statement_notices"] == 0
    assert told.count() == 6
