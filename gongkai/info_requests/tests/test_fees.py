"""Processing fees by 国办函〔2020〕109号, as LAW.md states them (Art. 42)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gongkai.core.workdays import WorkdayCalendar
from gongkai.info_requests import actions, fees
from gongkai.info_requests.clock import Clock, ClockEvent, EventType, check, step

from .factories import people, received, tree

D = dt.date


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("ordinal", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (55, 400)],
)
def test_fee_by_count_of_the_month(ordinal, fee):
    assert fees.by_count(ordinal) == fee


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (30, 0),
        (31, 10),
        (100, 700),  # 70 pages at 10
        (101, 720),
        (200, 2700),  # + 100 pages at 20
        (201, 2740),
        (250, 4700),  # + 50 pages at 40
    ],
)
def test_fee_by_pages_is_progressive(pages, fee):
    assert fees.by_pages(pages) == fee


LATER = D(2026, 12, 31)


def run(*events: ClockEvent, today: dt.date = LATER) -> Clock:
    calendar, state = WorkdayCalendar(), Clock()
    for event in events:
        check(state, event, today)
        state = step(state, event, calendar)
    return state


RECEIVED = ClockEvent(EventType.RECEIVE, D(2026, 9, 1))
NOTICE = ClockEvent(EventType.FEE_NOTICE, D(2026, 9, 15), {"method": "pages", "quantity": 120})


def test_payment_is_due_20_working_days_after_the_notice_over_national_day():
    # 09-20 and 10-10 worked; Mid-autumn 09-25…27 and National Day 10-01…07 not.
    assert run(RECEIVED, NOTICE).fee_due_by == D(2026, 10, 19)


@pytest.mark.parametrize(
    ("events", "message"),
    [
        (
            [
                RECEIVED,
                ClockEvent(
                    EventType.FEE_NOTICE, D(2026, 9, 2), {"method": "pages", "quantity": 30}
                ),
            ],
            "free",
        ),
        ([RECEIVED, NOTICE, NOTICE], "already been sent"),
        ([RECEIVED, ClockEvent(EventType.FEE_PAID, D(2026, 9, 2))], "No fee"),
        (
            [
                RECEIVED,
                NOTICE,
                ClockEvent(EventType.REPLY, D(2026, 9, 16), {"outcome": "disclosed"}),
            ],
            "not been paid",
        ),
        (
            [
                RECEIVED,
                NOTICE,
                ClockEvent(EventType.REPLY, D(2026, 10, 19), {"outcome": "fee_unpaid"}),
            ],
            "until 2026-10-19",
        ),
        (
            [RECEIVED, ClockEvent(EventType.REPLY, D(2026, 10, 20), {"outcome": "fee_unpaid"})],
            "fee is unpaid",
        ),
    ],
)
def test_fee_steps_out_of_order_are_refused(events, message):
    with pytest.raises(ValidationError, match=message):
        run(*events)


def test_unpaid_after_the_deadline_closes_as_other_processing_2():
    state = run(
        RECEIVED,
        NOTICE,
        ClockEvent(EventType.REPLY, D(2026, 10, 20), {"outcome": "fee_unpaid"}),
        ClockEvent(EventType.SIGN_OFF, D(2026, 10, 20)),
    )
    assert state.outcome == "fee_unpaid"
    paid = run(
        RECEIVED,
        NOTICE,
        ClockEvent(EventType.FEE_PAID, D(2026, 9, 20)),
        ClockEvent(EventType.REPLY, D(2026, 9, 21), {"outcome": "disclosed"}),
        ClockEvent(EventType.SIGN_OFF, D(2026, 9, 22)),
    )
    assert paid.outcome == "disclosed"


@pytest.mark.django_db
def test_the_fee_by_count_counts_the_applicants_applications_this_month():
    units = tree()
    clerk = people(units)["clerk"]
    reqs = [received(units["township"], D(2026, 3, 2)) for _ in range(11)]
    received(units["township"], D(2026, 2, 27))  # last month's does not count
    event = actions.advance(
        reqs[-1],
        by=clerk,
        type="fee_notice",
        date=D(2026, 3, 3),
        today=D(2026, 3, 3),
        method="count",
    )
    assert (event.data["quantity"], event.data["amount"], event.data["pay_by"]) == (
        11,
        100,
        "2026-03-31",
    )
    with pytest.raises(ValidationError, match="free"):
        actions.advance(
            reqs[9],
            by=clerk,
            type="fee_notice",
            date=D(2026, 3, 3),
            today=D(2026, 3, 3),
            method="count",
        )
