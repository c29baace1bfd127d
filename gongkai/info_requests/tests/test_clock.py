"""The statutory clock over 2026's holidays and adjusted working days (LAW.md Art. 30–33).

Expected dates are counted by hand from the 2026 State Council schedule: Spring Festival
02-15…02-23 with 02-14 and 02-28 worked; Qingming 04-04…04-06; Labour Day 05-01…05-05 with
05-09 worked; Mid-autumn 09-25…09-27; National Day 10-01…10-07 with 09-20 and 10-10 worked.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gongkai.core.workdays import WorkdayCalendar
from gongkai.info_requests import clock
from gongkai.info_requests.clock import ClockEvent, EventType, Stage

D = dt.date


@pytest.fixture(autouse=True)
def _english():
    """The reasons are matched in English here; test_views checks the Chinese ones."""
    with translation.override("en"):
        yield


CAL = WorkdayCalendar()
FAR = D(2027, 12, 31)  # a "today" after every event


def run(*steps: tuple, calendar: WorkdayCalendar = CAL, today: dt.date = FAR) -> clock.Clock:
    """Check and apply (type, date, data) steps in order, as the actions do."""
    state = clock.Clock()
    for kind, day, *rest in steps:
        event = ClockEvent(kind, day, rest[0] if rest else {})
        clock.check(state, event, today)
        state = clock.step(state, event, calendar)
    return state


def receive(day: dt.date) -> tuple:
    return (EventType.RECEIVE, day)


def clarify(day: dt.date, deadline: dt.date) -> tuple:
    return (EventType.CLARIFY, day, {"corrections": "请写明文件名称或文号", "deadline": deadline})


def consult(start: dt.date, end: dt.date) -> list[tuple]:
    return [(EventType.CONSULT_START, start, {"party": "某公司"}), (EventType.CONSULT_END, end)]


def extend(day: dt.date, days: int = 20) -> tuple:
    return (EventType.EXTEND, day, {"days": days, "approved_by": "张志强"})


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2026, 3, 2), D(2026, 3, 30)),  # an ordinary month: day 1 is the next working day
        (
            D(2026, 2, 13),
            D(2026, 3, 19),
        ),  # Friday before Spring Festival: 02-14 counts, 02-15…23 do not
        (D(2026, 2, 15), D(2026, 3, 20)),  # received on a holiday Sunday (the package says 03-23)
        (D(2026, 4, 1), D(2026, 4, 30)),  # across Qingming
        (D(2026, 9, 30), D(2026, 11, 3)),  # across National Day; 10-10 is worked
        (D(2026, 10, 3), D(2026, 11, 3)),  # received in the National Day holiday
        (
            D(2026, 9, 18),
            D(2026, 10, 22),
        ),  # 09-20 (Sunday) is worked, Mid-autumn and National Day are not
    ],
)
def test_reply_is_due_20_working_days_after_receipt(received: dt.date, due: dt.date) -> None:
    state = run(receive(received))
    assert state.stage == Stage.RECEIVED
    assert (state.received_on, state.due_on, state.provisional) == (received, due, False)


@pytest.mark.parametrize(
    ("received", "last_day"),
    [
        (D(2026, 3, 2), D(2026, 3, 11)),
        (D(2026, 2, 13), D(2026, 3, 2)),  # over Spring Festival, with 02-14 and 02-28 worked
        (D(2026, 9, 28), D(2026, 10, 13)),  # over National Day, with 10-10 worked
    ],
)
def test_clarification_must_go_out_within_7_working_days(
    received: dt.date, last_day: dt.date
) -> None:
    state = run(receive(received), clarify(last_day, last_day + dt.timedelta(days=20)))
    assert state.stage == Stage.AWAITING_CORRECTION
    assert state.due_on is None  # the clock waits for the correction
    too_late = last_day + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="7 working days"):
        run(receive(received), clarify(too_late, too_late + dt.timedelta(days=20)))


@pytest.mark.parametrize(
    ("received", "asked", "corrected", "due"),
    [
        (D(2026, 3, 2), D(2026, 3, 4), D(2026, 3, 10), D(2026, 4, 8)),  # restarts after Qingming
        (D(2026, 2, 10), D(2026, 2, 12), D(2026, 2, 27), D(2026, 3, 26)),  # 02-28 worked
        (D(2026, 9, 24), D(2026, 9, 29), D(2026, 10, 9), D(2026, 11, 5)),  # 10-10 worked
    ],
)
def test_clarification_restarts_the_clock_from_the_corrected_receipt(
    received: dt.date, asked: dt.date, corrected: dt.date, due: dt.date
) -> None:
    state = run(
        receive(received),
        clarify(asked, asked + dt.timedelta(days=30)),
        (EventType.CORRECTED, corrected),
    )
    assert state.stage == Stage.RECEIVED
    assert (state.received_on, state.due_on) == (received, due)


def test_clarification_may_be_asked_only_once() -> None:
    steps = [
        receive(D(2026, 3, 2)),
        clarify(D(2026, 3, 3), D(2026, 3, 20)),
        (EventType.CORRECTED, D(2026, 3, 5)),
    ]
    with pytest.raises(ValidationError, match="only once"):
        run(*steps, clarify(D(2026, 3, 6), D(2026, 3, 20)))


def test_no_correction_by_the_deadline_closes_as_other_processing_1() -> None:
    steps = [receive(D(2026, 3, 2)), clarify(D(2026, 3, 3), D(2026, 3, 17))]
    with pytest.raises(ValidationError, match="until 2026-03-17"):
        run(*steps, (EventType.REPLY, D(2026, 3, 17), {"outcome": "not_corrected"}))
    state = run(
        *steps,
        (EventType.REPLY, D(2026, 3, 18), {"outcome": "not_corrected"}),
        (EventType.SIGN_OFF, D(2026, 3, 18)),
    )
    assert (state.stage, state.outcome) == (Stage.REPLIED, "not_corrected")


@pytest.mark.parametrize(
    ("received", "start", "end", "not_counted", "due"),
    [
        (
            D(2026, 3, 2),
            D(2026, 3, 5),
            D(2026, 3, 12),
            5,
            D(2026, 4, 7),
        ),  # moved 5 days, over Qingming
        (D(2026, 2, 2), D(2026, 2, 12), D(2026, 2, 26), 5, D(2026, 3, 13)),  # over Spring Festival
        (
            D(2026, 9, 21),
            D(2026, 9, 24),
            D(2026, 10, 9),
            5,
            D(2026, 11, 2),
        ),  # over Mid-autumn, National Day
        (D(2026, 3, 2), D(2026, 3, 5), D(2026, 3, 5), 0, D(2026, 3, 30)),  # ended the day it began
    ],
)
def test_consultation_is_not_counted(
    received: dt.date, start: dt.date, end: dt.date, not_counted: int, due: dt.date
) -> None:
    before = run(receive(received))
    state = run(receive(received), *consult(start, end))
    assert CAL.working_days_between(before.due_on, state.due_on) == not_counted
    assert (state.stage, state.due_on, state.consulted_days) == (Stage.RECEIVED, due, not_counted)


@pytest.mark.parametrize(
    ("start", "third_party_deadline"),
    [
        (D(2026, 3, 5), D(2026, 3, 26)),
        (D(2026, 2, 12), D(2026, 3, 11)),  # 02-13, 02-14 worked, then from 02-24
        (D(2026, 9, 28), D(2026, 10, 23)),
    ],
)
def test_the_third_party_has_15_working_days(start: dt.date, third_party_deadline: dt.date) -> None:
    state = run(
        receive(start - dt.timedelta(days=1)), (EventType.CONSULT_START, start, {"party": "某公司"})
    )
    assert state.stage == Stage.CONSULTING
    assert state.third_party_deadline == third_party_deadline
    # The clock is paused while the third party may answer, and no longer than that.
    assert not state.reply_overdue(third_party_deadline)
    assert state.reply_overdue(FAR)


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        (D(2026, 3, 2), 20, D(2026, 4, 28)),  # default 20, over Qingming
        (D(2026, 3, 2), 10, D(2026, 4, 14)),
        (D(2026, 4, 1), 20, D(2026, 6, 1)),  # over Labour Day, with 05-09 worked
        (D(2026, 9, 15), 20, D(2026, 11, 16)),  # over Mid-autumn and National Day
    ],
)
def test_one_extension_adds_its_days_to_the_due_date(
    received: dt.date, days: int, due: dt.date
) -> None:
    state = run(receive(received), extend(received + dt.timedelta(days=3), days))
    assert state.extended
    assert state.due_on == due


def test_extension_and_consultation_add_up() -> None:
    state = run(
        receive(D(2026, 3, 2)), *consult(D(2026, 3, 5), D(2026, 3, 12)), extend(D(2026, 3, 13))
    )
    # 20 + 5 not counted + 20 extension working days after 03-02.
    assert state.due_on == CAL.add_working_days(D(2026, 3, 2), 45) == D(2026, 5, 8)


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([receive(D(2026, 3, 2)), extend(D(2026, 3, 3)), extend(D(2026, 3, 4))], "only once"),
        ([receive(D(2026, 3, 2)), extend(D(2026, 3, 3), 21)], "1 to 20"),
        ([receive(D(2026, 3, 2)), extend(D(2026, 3, 3), 0)], "1 to 20"),
        ([receive(D(2026, 3, 2)), extend(D(2026, 3, 31))], "due on 2026-03-30"),
        ([(EventType.REPLY, D(2026, 3, 2), {"outcome": "disclosed"})], "receipt"),
        ([receive(D(2026, 3, 2)), (EventType.CORRECTED, D(2026, 3, 3))], "No clarification"),
        (
            [receive(D(2026, 3, 2)), (EventType.CONSULT_START, D(2026, 3, 1), {"party": "某公司"})],
            "before the previous",
        ),
        ([receive(D(2026, 3, 2)), receive(D(2026, 3, 3))], "already been received"),
        ([receive(D(2026, 3, 2)), (EventType.CONSULT_END, D(2026, 3, 3))], "No consultation"),
        (
            [receive(D(2026, 3, 2)), (EventType.REPLY, D(2026, 3, 3), {"outcome": "maybe"})],
            "outcomes",
        ),
        (
            [
                receive(D(2026, 3, 2)),
                (EventType.CONSULT_START, D(2026, 3, 3), {"party": "某公司"}),
                (EventType.REPLY, D(2026, 3, 4), {"outcome": "disclosed"}),
            ],
            "end of the consultation",
        ),
        (
            [
                receive(D(2026, 3, 2)),
                (EventType.REPLY, D(2026, 3, 3), {"outcome": "disclosed"}),
                (EventType.SIGN_OFF, D(2026, 3, 3)),
                extend(D(2026, 3, 4)),
            ],
            "answered",
        ),
        (
            [
                receive(D(2026, 3, 2)),
                (EventType.REPLY, D(2026, 3, 3), {"outcome": "disclosed"}),
                extend(D(2026, 3, 4)),
            ],
            "waiting for sign-off",
        ),
        ([receive(D(2026, 3, 2)), (EventType.SIGN_OFF, D(2026, 3, 3))], "No drafted reply"),
        ([receive(D(2026, 3, 2)), clarify(D(2026, 3, 3), D(2026, 3, 3))], "deadline"),
        ([receive(D(2028, 1, 3))], "future"),
        (
            [
                receive(D(2026, 3, 2)),
                (EventType.REPLY, D(2026, 3, 3), {"outcome": "still_unclear"}),
            ],
            "corrected",
        ),
    ],
)
def test_a_step_out_of_order_is_refused(steps: list[tuple], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        run(*steps)


def test_a_reply_after_the_due_date_is_late_not_refused() -> None:
    state = run(
        receive(D(2026, 3, 2)),
        (EventType.REPLY, D(2026, 3, 27), {"outcome": "disclosed"}),
        (EventType.SIGN_OFF, D(2026, 4, 1)),
    )
    assert clock.late(state)  # drafted in time, but sent after the due date
    assert state.due_on == D(2026, 3, 30)


@pytest.mark.parametrize(
    ("today", "overdue", "soon"),
    [
        (D(2026, 3, 24), False, False),
        (D(2026, 3, 25), False, True),  # three working days before 03-30
        (D(2026, 3, 30), False, True),  # due today
        (D(2026, 3, 31), True, False),
    ],
)
def test_overdue_and_due_soon_are_derived_from_the_due_date(
    today: dt.date, overdue: bool, soon: bool
) -> None:
    state = run(receive(D(2026, 3, 2)))
    assert state.reply_overdue(today) is overdue
    assert clock.due_soon(state, today, CAL) is soon


def test_a_date_in_an_unannounced_year_is_provisional_until_the_schedule_is_entered() -> None:
    steps = [receive(D(2026, 12, 15))]
    guessed = run(*steps)
    # 2027-01-01 (New Year's Day, a Friday) is a statutory holiday even before the schedule.
    assert (guessed.due_on, guessed.provisional) == (D(2027, 1, 13), True)
    announced = WorkdayCalendar({D(2027, 1, 4): (False, "元旦")}, announced_years=[2027])
    known = run(*steps, calendar=announced)
    assert (known.due_on, known.provisional) == (D(2027, 1, 14), False)


def test_an_extension_into_an_unannounced_year_is_provisional() -> None:
    state = run(receive(D(2026, 11, 16)), extend(D(2026, 12, 1)))
    assert state.due_on.year == 2027
    assert state.provisional


@pytest.mark.parametrize(
    ("submitted", "today", "warn"),
    [
        (D(2026, 3, 2), D(2026, 3, 2), False),
        (D(2026, 3, 2), D(2026, 3, 3), True),
        (D(2026, 2, 13), D(2026, 2, 14), True),  # 02-14 is a working Saturday
        (D(2026, 2, 14), D(2026, 2, 23), False),  # the whole Spring Festival holiday in between
        (D(2026, 2, 14), D(2026, 2, 24), True),
    ],
)
def test_an_unconfirmed_application_warns_after_one_working_day(
    submitted: dt.date, today: dt.date, warn: bool
) -> None:
    assert clock.unconfirmed_too_long(submitted, today, CAL) is warn


def fee_notice(day: dt.date) -> tuple:
    return (EventType.FEE_NOTICE, day, {"method": "pages", "quantity": 120})


def fee_paid(day: dt.date) -> tuple:
    return (EventType.FEE_PAID, day)


@pytest.mark.parametrize(
    ("notice", "paid", "due"),
    [
        # Received 03-02, due 03-30. Paid 03-10: 03-06, 03-09, 03-10 not counted.
        (D(2026, 3, 5), D(2026, 3, 10), D(2026, 4, 2)),
        # Paid the day after the notice: one day not counted.
        (D(2026, 3, 5), D(2026, 3, 6), D(2026, 3, 31)),
        # Paid on the notice day itself: nothing to take out.
        (D(2026, 3, 5), D(2026, 3, 5), D(2026, 3, 30)),
        # Notice on Friday 03-27, paid Tuesday 04-07 over Qingming (04-04…06): 03-30, 03-31,
        # 04-01, 04-02, 04-03, 04-07 are six working days not counted.
        (D(2026, 3, 27), D(2026, 4, 7), D(2026, 4, 8)),
    ],
)
def test_the_time_from_fee_notice_to_payment_is_not_counted(
    notice: dt.date, paid: dt.date, due: dt.date
) -> None:
    state = run(receive(D(2026, 3, 2)), fee_notice(notice), fee_paid(paid))
    assert state.due_on == due


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        (D(2026, 3, 31), False),  # past the 20 days, but the applicant has until 04-23 to pay
        (D(2026, 4, 23), False),  # the last day to pay
        (D(2026, 4, 28), False),  # the due date if paid on the last day: 03-30 + 20 = 04-28
        (D(2026, 4, 29), True),
    ],
)
def test_inside_the_payment_window_the_application_is_not_overdue(
    today: dt.date, overdue: bool
) -> None:
    state = run(receive(D(2026, 3, 2)), fee_notice(D(2026, 3, 25)))
    assert state.fee_due_by == D(2026, 4, 23)
    assert state.reply_overdue(today) is overdue


def test_closing_for_non_payment_is_never_a_late_reply() -> None:
    state = run(
        receive(D(2026, 3, 2)),
        fee_notice(D(2026, 3, 25)),
        (EventType.REPLY, D(2026, 4, 24), {"outcome": "fee_unpaid"}),
        (EventType.SIGN_OFF, D(2026, 4, 24)),
    )
    assert state.replied_on == D(2026, 4, 24)
    assert clock.late(state) is False
    replied_late = run(
        receive(D(2026, 3, 2)),
        (EventType.REPLY, D(2026, 3, 31), {"outcome": "disclosed"}),
        (EventType.SIGN_OFF, D(2026, 3, 31)),
    )
    assert clock.late(replied_late) is True


@pytest.mark.parametrize(
    ("steps", "stage", "replied_on", "outcome", "overdue_on_03_31"),
    [
        # Drafted: not sent, not dated, not counted; the clock still runs.
        (
            [(EventType.REPLY, D(2026, 3, 20), {"outcome": "disclosed"})],
            Stage.REPLY_PENDING,
            None,
            "",
            True,
        ),
        # Signed off: sent and dated on the day of the sign-off.
        (
            [
                (EventType.REPLY, D(2026, 3, 20), {"outcome": "disclosed"}),
                (EventType.SIGN_OFF, D(2026, 3, 24)),
            ],
            Stage.REPLIED,
            D(2026, 3, 24),
            "disclosed",
            False,
        ),
        # Redrafted before the sign-off: the last draft is the one sent.
        (
            [
                (EventType.REPLY, D(2026, 3, 20), {"outcome": "disclosed"}),
                (EventType.REPLY, D(2026, 3, 23), {"outcome": "not_held"}),
                (EventType.SIGN_OFF, D(2026, 3, 24)),
            ],
            Stage.REPLIED,
            D(2026, 3, 24),
            "not_held",
            False,
        ),
    ],
)
def test_a_reply_is_a_draft_until_it_is_signed_off(
    steps, stage, replied_on, outcome, overdue_on_03_31
) -> None:
    state = run(receive(D(2026, 3, 2)), *steps)
    assert (state.stage, state.replied_on, state.outcome) == (stage, replied_on, outcome)
    assert state.reply_overdue(D(2026, 3, 31)) is overdue_on_03_31


REASONS = {"reasons": "涉及商业秘密", "legal_basis": "《政府信息公开条例》第十五条"}


@pytest.mark.parametrize(
    ("data", "refused"),
    [
        ({"outcome": "third_party_rights"}, "reasons and its legal basis"),
        ({"outcome": "third_party_rights", "reasons": "涉及商业秘密"}, "legal basis"),
        ({"outcome": "partly_disclosed", "legal_basis": "第三十七条"}, "reasons"),
        ({"outcome": "third_party_rights", **REASONS}, None),
        ({"outcome": "partly_disclosed", **REASONS}, None),
        ({"outcome": "other"}, "reasons for this outcome"),
        ({"outcome": "other", "reasons": "申请人撤回申请"}, None),
        ({"outcome": "disclosed", "already_public": True}, "where and how"),
        ({"outcome": "disclosed", "already_public": True, "where": "县政府网站"}, None),
        ({"outcome": "publication", "reasons": "公开出版物"}, "where and how"),
        ({"outcome": "publication", "reasons": "公开出版物", "where": "新华书店"}, None),
        ({"outcome": "disclosed"}, None),
    ],
)
def test_a_reply_carries_what_art_36_requires_of_its_outcome(data, refused) -> None:
    steps = [receive(D(2026, 3, 2)), (EventType.REPLY, D(2026, 3, 3), data)]
    if refused is None:
        assert run(*steps).stage == Stage.REPLY_PENDING
    else:
        with pytest.raises(ValidationError, match=refused):
            run(*steps)


def consult_start(day: dt.date) -> tuple:
    return (EventType.CONSULT_START, day, {"party": "示例县路桥工程有限公司"})


def consult_end(day: dt.date, result: str = "agreed") -> tuple:
    return (EventType.CONSULT_END, day, {"result": result})


# Received 03-02 (due 03-30); consultation from 03-05: the third party has 15 working days,
# until 03-26.
@pytest.mark.parametrize(
    ("ended", "result", "due_or_refusal"),
    [
        (D(2026, 3, 12), "agreed", D(2026, 4, 7)),  # 5 working days not counted
        (D(2026, 3, 26), "no_answer", "until 2026-03-26"),  # silence only after the 15 days
        (D(2026, 3, 27), "no_answer", D(2026, 4, 21)),  # 15 days not counted
        (D(2026, 4, 10), "agreed", D(2026, 4, 21)),  # a late answer: still only 15 days
        (D(2026, 3, 20), "objected", D(2026, 4, 15)),  # 11 working days not counted
    ],
)
def test_a_third_party_has_15_working_days_and_pauses_the_clock_no_longer(
    ended: dt.date, result: str, due_or_refusal
) -> None:
    steps = [receive(D(2026, 3, 2)), consult_start(D(2026, 3, 5))]
    assert run(*steps).third_party_deadline == D(2026, 3, 26)
    if isinstance(due_or_refusal, str):
        with pytest.raises(ValidationError, match=due_or_refusal):
            run(*steps, consult_end(ended, result))
    else:
        assert run(*steps, consult_end(ended, result)).due_on == due_or_refusal


def test_an_open_consultation_past_its_limit_makes_the_application_overdue() -> None:
    state = run(receive(D(2026, 3, 2)), consult_start(D(2026, 3, 5)))
    assert state.due_on == D(2026, 4, 21)  # as if the third party answered on its last day
    assert not state.reply_overdue(D(2026, 4, 21))
    assert state.reply_overdue(D(2026, 4, 22))


OBJECTED = [
    receive(D(2026, 3, 2)),
    consult_start(D(2026, 3, 5)),
    consult_end(D(2026, 3, 20), "objected"),
]


@pytest.mark.parametrize(
    ("steps", "refusal"),
    [
        ([(EventType.REPLY, D(2026, 3, 23), {"outcome": "disclosed"})], "public interest"),
        (
            [
                (
                    EventType.REPLY,
                    D(2026, 3, 23),
                    {"outcome": "disclosed", "reasons": "涉及公共安全"},
                ),
                (EventType.SIGN_OFF, D(2026, 3, 24)),
            ],
            "notice of the disclosure",
        ),
        (
            [
                (
                    EventType.REPLY,
                    D(2026, 3, 23),
                    {"outcome": "disclosed", "reasons": "涉及公共安全"},
                ),
                (EventType.THIRD_PARTY_NOTICE, D(2026, 3, 23)),
                (EventType.SIGN_OFF, D(2026, 3, 24)),
            ],
            None,
        ),
        # Withholding over the objection needs no notice.
        (
            [
                (EventType.REPLY, D(2026, 3, 23), {"outcome": "third_party_rights", **REASONS}),
                (EventType.SIGN_OFF, D(2026, 3, 24)),
            ],
            None,
        ),
    ],
)
def test_disclosing_over_an_objection_needs_reasons_and_a_notice_first(steps, refusal) -> None:
    if refusal is None:
        assert run(*OBJECTED, *steps).stage == Stage.REPLIED
    else:
        with pytest.raises(ValidationError, match=refusal):
            run(*OBJECTED, *steps)
