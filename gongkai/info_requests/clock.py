"""The statutory clock of an application: pure date math over its events.

No ORM and no `now()`: the events, `today` and a `WorkdayCalendar` come in as arguments,
and every working-day count is made by `gongkai.core.workdays` (LAW.md, Art. 30–33):

- the reply is due 20 working days after receipt (day 1 = the next working day);
- a clarification request (补正) goes out once, within 7 working days of receipt, with a
  deadline; the clock restarts from the day the corrected application is received;
- consultation of a third party or another agency is not counted: the due date moves later
  by the working days after the day it starts, up to and including the day it ends; the
  third party has 15 working days of its own;
- one extension of at most 20 working days, added to the current due date;
- a reply is a draft (`reply_pending`) until another person signs it off (签发, Art. 45:
  审核 before 答复); it is sent, dated and counted on the day of the sign-off, and until then
  the clock runs: a draft does not stop an application from being overdue;
- a processing fee is not counted either (国办函〔2020〕109号): the working days after the
  fee notice's day, up to and including the day of payment, move the due date; while the
  applicant is inside the 20 working days to pay, the due date shown is the one it will
  have if they pay on the last day, so the application is never overdue for want of it.

`replay(events, calendar)` folds the events into a `Clock`; `check(clock, event, today)`
says whether an event may come next, with a reason a person can act on. Both are used by
the actions, so the web pages, the API and the demo loader follow the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.workdays import WorkdayCalendar, past_due

from . import fees, outcomes

REPLY_DAYS = 20  # Art. 33
CLARIFY_WITHIN_DAYS = 7  # Art. 30
THIRD_PARTY_DAYS = 15  # Art. 32 and 34
MAX_EXTENSION_DAYS = 20  # Art. 33
DEFAULT_CORRECTION_DAYS = 15  # our default "reasonable deadline" for a correction
DUE_SOON_DAYS = 3  # working days: "due soon" on the staff queues
# Outcomes that disclose information a third party may have objected to.
DISCLOSING = (outcomes.DISCLOSED_KEY, outcomes.PARTLY_DISCLOSED_KEY)
# Art. 35: what the office made of the applicant's reasons.
REASONS_RESULTS = ("reasonable", "unreasonable", "no_answer")


class Stage(models.TextChoices):
    """Where the application stands. Overdue is not a stage: it is derived from `due_on`."""

    # online/fax/email/post, not yet confirmed: not received
    SUBMITTED = "submitted", _("submitted, awaiting confirmation")
    RECEIVED = "received", _("received, being handled")
    AWAITING_CORRECTION = "awaiting_correction", _("waiting for the applicant's correction")
    # Art. 35: the applicant is asked for reasons
    AWAITING_REASONS = "awaiting_reasons", _("waiting for the applicant's reasons (Art. 35)")
    CONSULTING = "consulting", _("consulting a third party")
    # a reply drafted, waiting for its sign-off
    REPLY_PENDING = "reply_pending", _("reply drafted, waiting for sign-off")
    REPLIED = "replied", _("answered")

    # Groups of stages (set below the class: every value in an enum's body is a member).
    OPEN: ClassVar[tuple[str, ...]]
    RUNNING: ClassVar[tuple[str, ...]]
    CAN_BE_OVERDUE: ClassVar[tuple[str, ...]]


Stage.OPEN = tuple(stage for stage in Stage if stage != Stage.REPLIED)
# The reply clock runs: the due date can pass.
Stage.RUNNING = (Stage.RECEIVED, Stage.REPLY_PENDING)
# Stages in which the reply can be overdue (逾期未答复). A consultation's pause is capped, and
# its due date counts the cap in; a correction or the applicant's reasons stop it.
Stage.CAN_BE_OVERDUE = (Stage.RECEIVED, Stage.CONSULTING, Stage.REPLY_PENDING)


def reply_overdue(stage: str, due_on: dt.date | None, today: dt.date) -> bool:
    """逾期未答复: an application past its statutory reply deadline and not answered. Not to be
    confused with an obligation's "overdue" (a disclosure the unit owes, past its due date):
    this one is the applicant's right to an answer within Regulation Art. 33's time."""
    return stage in Stage.CAN_BE_OVERDUE and past_due(due_on, today)


class EventType:
    RECEIVE = "receive"
    CLARIFY = "clarify"
    CORRECTED = "corrected"
    CONSULT_START = "consult_start"
    CONSULT_END = "consult_end"
    EXTEND = "extend"
    REPLY = "reply"  # the reply drafted
    SIGN_OFF = "sign_off"  # the drafted reply signed off and sent
    FEE_NOTICE = "fee_notice"
    FEE_PAID = "fee_paid"
    THIRD_PARTY_NOTICE = "third_party_notice"  # a disclosure over its objection (Art. 32)
    ASK_REASONS = "ask_reasons"  # Art. 35: an unreasonable number or frequency of requests
    REASONS_ANSWERED = "reasons_answered"  # the applicant's reasons, and the office's view

    # The application's arrival: it starts no clock, but no step may be dated before it.
    SUBMITTED = "submitted"
    REGISTERED = "registered"
    INTAKE = (SUBMITTED, REGISTERED)

    CLOCK = (
        RECEIVE,
        CLARIFY,
        CORRECTED,
        CONSULT_START,
        CONSULT_END,
        EXTEND,
        REPLY,
        SIGN_OFF,
        FEE_NOTICE,
        FEE_PAID,
        THIRD_PARTY_NOTICE,
        ASK_REASONS,
        REASONS_ANSWERED,
    )


@dataclass(frozen=True)
class ClockEvent:
    type: str
    date: dt.date
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Clock:
    stage: str = Stage.SUBMITTED
    received_on: dt.date | None = None  # the first receipt (Art. 31)
    start_on: dt.date | None = None  # the day the 20 working days count from
    clarify_by: dt.date | None = None  # last day a clarification request may go out
    clarified_on: dt.date | None = None
    correction_deadline: dt.date | None = None
    corrected_on: dt.date | None = None
    consult_since: dt.date | None = None  # an open consultation's start
    third_party_deadline: dt.date | None = None
    consulted_days: int = 0  # working days not counted, from closed consultations
    objected: bool = False  # a third party consulted objected to the disclosure (Art. 32)
    third_party_notified: bool = False  # told of a disclosure over its objection
    extension_days: int = 0
    extended: bool = False
    replied_on: dt.date | None = None
    outcome: str = ""
    drafted_on: dt.date | None = None  # the pending reply's draft
    draft_outcome: str = ""
    pending_from: str = ""  # the stage the application was in when the reply was drafted
    fee_notice_on: dt.date | None = None
    fee_due_by: dt.date | None = None  # last day to pay a processing fee (Art. 42)
    fee_paid: bool = False
    fee_days: int = 0  # working days not counted, from the fee notice to the payment
    reasons_since: dt.date | None = None  # Art. 35: asked for the reasons on this day
    reasons_deadline: dt.date | None = None
    reasons_asked: bool = False
    reasons_days: int = 0  # working days not counted, waiting for the applicant's reasons
    later_due: dt.date | None = None  # Art. 35: a later reasonable date set by the office
    last_date: dt.date | None = None
    due_on: dt.date | None = None
    provisional: bool = False

    @property
    def open(self) -> bool:
        return self.stage in Stage.OPEN

    @property
    def paused(self) -> bool:
        """The reply clock is not running: waiting for a correction or a consultation."""
        return self.stage in (
            Stage.AWAITING_CORRECTION,
            Stage.AWAITING_REASONS,
            Stage.CONSULTING,
        )

    def reply_overdue(self, today: dt.date) -> bool:
        return reply_overdue(self.stage, self.due_on, today)


def _due(clock: Clock, calendar: WorkdayCalendar) -> Clock:
    """The due date from the clock's start and the working days added to it.

    Each later addition is a count of working days past a working day, so adding them to
    the 20 is the same as adding each in turn to the due date before it.
    """
    if clock.start_on is None or Stage.AWAITING_CORRECTION in (clock.stage, clock.pending_from):
        return replace(clock, due_on=None, provisional=False)
    days = (
        REPLY_DAYS
        + clock.consulted_days
        + clock.extension_days
        + clock.fee_days
        + clock.reasons_days
    )
    if clock.open:
        # While a consultation is open, or a fee notice waits for payment, the due date shown
        # is the one it will have if the wait ends on its last day; it is recomputed when
        # it ends.
        if (
            clock.stage == Stage.CONSULTING
            and clock.consult_since is not None
            and clock.third_party_deadline is not None
        ):
            days += calendar.working_days_between(clock.consult_since, clock.third_party_deadline)
        if clock.fee_notice_on and clock.fee_due_by and not clock.fee_paid:
            days += calendar.working_days_between(clock.fee_notice_on, clock.fee_due_by)
    elif clock.fee_notice_on and clock.fee_due_by and not clock.fee_paid:
        # Answered (or closed for non-payment) with the fee unpaid: the wait ran to the reply.
        waited_until = min(clock.replied_on or clock.fee_due_by, clock.fee_due_by)
        days += calendar.working_days_between(clock.fee_notice_on, waited_until)
    if clock.stage == Stage.AWAITING_REASONS and clock.reasons_since and clock.reasons_deadline:
        # Shown as if the reasons came on the last day asked for; recomputed when they come.
        days += calendar.working_days_between(clock.reasons_since, clock.reasons_deadline)
    deadline = calendar.deadline(clock.start_on, days)
    if clock.later_due is not None and clock.later_due > deadline.day:
        # Art. 35: reasons found reasonable, but the 20 days cannot be met: the office's date.
        return replace(clock, due_on=clock.later_due, provisional=False)
    provisional = deadline.provisional
    return replace(clock, due_on=deadline.day, provisional=provisional)


def _error(message: Any, **params: Any) -> ValidationError:
    return ValidationError(message, params=params or None)


def _check_letter(outcome: outcomes.Outcome, data: Mapping[str, Any]) -> None:
    """What Art. 36 and 37 require the reply letter to tell the applicant."""

    def given(key: str) -> bool:
        return bool(str(data.get(key) or "").strip())

    if outcome.refusal and not (given("reasons") and given("legal_basis")):
        raise _error(
            _("A refusal or a partial disclosure must give its reasons and its legal basis.")
        )
    if outcome.key == outcomes.OTHER_KEY and not given("reasons"):
        raise _error(_("Give the reasons for this outcome: the applicant is told them."))
    if (outcome.key == outcomes.PUBLICATION_KEY or data.get("already_public")) and not given(
        "where"
    ):
        raise _error(_("Say where and how the applicant can obtain the information."))


def check(clock: Clock, event: ClockEvent, today: dt.date) -> None:
    """Raise ValidationError, with a translated reason, unless `event` may come next."""
    if event.date > today:
        raise _error(_("The date %(date)s is in the future."), date=event.date.isoformat())
    if clock.last_date is not None and event.date < clock.last_date:
        raise _error(
            _("The date %(date)s is before the previous step (%(previous)s)."),
            date=event.date.isoformat(),
            previous=clock.last_date.isoformat(),
        )
    if clock.stage == Stage.REPLIED:
        raise _error(_("This application has been answered; no further step can be recorded."))
    kind = event.type
    if kind == EventType.RECEIVE:
        if clock.stage != Stage.SUBMITTED:
            raise _error(_("This application has already been received."))
        return
    if clock.stage == Stage.SUBMITTED:
        raise _error(_("Confirm the receipt of the application first."))
    if kind == EventType.CLARIFY:
        if clock.clarified_on is not None:
            raise _error(_("A clarification may be asked for only once."))
        if clock.consulted_days or clock.consult_since or clock.extended:
            raise _error(
                _("A clarification must be asked for before any consultation or extension.")
            )
        if event.date > clock.clarify_by:
            raise _error(
                _(
                    "A clarification must be asked for within 7 working days of receipt, "
                    "by %(day)s."
                ),
                day=clock.clarify_by.isoformat(),
            )
        deadline = event.data.get("deadline")
        if not deadline or deadline <= event.date:
            raise _error(_("Give the applicant a deadline for the correction after today."))
        if not str(event.data.get("corrections", "")).strip():
            raise _error(_("List everything the applicant must correct."))
        return
    if kind == EventType.CORRECTED:
        if clock.stage != Stage.AWAITING_CORRECTION:
            raise _error(_("No clarification is waiting for a correction."))
        return
    if kind == EventType.REASONS_ANSWERED:
        if clock.stage != Stage.AWAITING_REASONS:
            raise _error(_("The applicant has not been asked for reasons."))
        result = event.data.get("result")
        if result not in REASONS_RESULTS:
            raise _error(_("Say whether the reasons are reasonable, unreasonable, or not given."))
        if result == "no_answer" and event.date <= clock.reasons_deadline:
            raise _error(
                _("The applicant has until %(day)s to give the reasons."),
                day=clock.reasons_deadline.isoformat(),
            )
        later = event.data.get("later_due")
        if later is not None and (result != "reasonable" or later <= event.date):
            raise _error(
                _("A later reply date is set only for reasonable reasons, and after today.")
            )
        return
    if clock.stage == Stage.AWAITING_REASONS:
        raise _error(_("The applicant has been asked for the reasons: record their answer first."))
    if kind == EventType.SIGN_OFF:
        if clock.stage != Stage.REPLY_PENDING:
            raise _error(_("No drafted reply is waiting for sign-off."))
        if clock.objected and clock.draft_outcome in DISCLOSING and not clock.third_party_notified:
            raise _error(
                _(
                    "The third party objected: send it the notice of the disclosure and record "
                    "it before the reply goes out."
                )
            )
        return
    if kind == EventType.THIRD_PARTY_NOTICE and clock.stage == Stage.REPLY_PENDING:
        if not clock.objected:
            raise _error(_("No third party objected: there is no one to notify."))
        return
    if clock.stage == Stage.REPLY_PENDING:
        if kind != EventType.REPLY:
            raise _error(
                _("A drafted reply is waiting for sign-off: sign it off or redraft it first.")
            )
        # A new draft replaces the pending one, checked as if the first had not been made.
        clock = replace(clock, stage=clock.pending_from)
    if kind == EventType.REPLY:
        outcome = outcomes.find(event.data.get("outcome", ""))
        if outcome is None:
            raise _error(_("Choose one of the outcomes of the annual report's table."))
        _check_letter(outcome, event.data)
        if (
            clock.objected
            and outcome.key in DISCLOSING
            and not str(event.data.get("reasons") or "").strip()
        ):
            raise _error(
                _(
                    "The third party objected: give the reasons (the public interest) for "
                    "disclosing all the same."
                )
            )
        if outcome.key == outcomes.FEE_UNPAID.key:
            if clock.fee_due_by is None or clock.fee_paid:
                raise _error(
                    _("Only an application whose fee is unpaid can be closed for want of payment.")
                )
            if event.date <= clock.fee_due_by:
                raise _error(
                    _("The applicant has until %(day)s to pay the fee."),
                    day=clock.fee_due_by.isoformat(),
                )
            return
        if outcome.key in DISCLOSING and clock.fee_due_by and not clock.fee_paid:
            raise _error(_("The processing fee has not been paid yet."))
        if outcome.key == outcomes.NOT_CORRECTED.key:
            if clock.stage != Stage.AWAITING_CORRECTION:
                raise _error(
                    _("Only an application waiting for a correction can be closed for want of one.")
                )
            if event.date <= clock.correction_deadline:
                raise _error(
                    _("The applicant has until %(day)s to correct the application."),
                    day=clock.correction_deadline.isoformat(),
                )
            return
        if clock.stage == Stage.AWAITING_CORRECTION:
            raise _error(_("The application is waiting for the applicant's correction."))
        if outcome.key == "still_unclear" and clock.corrected_on is None:
            raise _error(
                _("Only a corrected application can be found still unclear after correction.")
            )
        if clock.stage == Stage.CONSULTING:
            raise _error(_("Record the end of the consultation before replying."))
        return
    if clock.stage == Stage.AWAITING_CORRECTION:
        raise _error(_("The application is waiting for the applicant's correction."))
    if kind == EventType.ASK_REASONS:
        if clock.reasons_asked:
            raise _error(_("The reasons may be asked for only once."))
        if clock.stage != Stage.RECEIVED:
            raise _error(_("Ask for the reasons while the application is being handled."))
        deadline = event.data.get("deadline")
        if not deadline or deadline <= event.date:
            raise _error(_("Give the applicant a deadline for the reasons after today."))
        if not str(event.data.get("questions", "")).strip():
            raise _error(_("Say what the applicant is asked to explain."))
        return
    if kind == EventType.FEE_NOTICE:
        if clock.fee_due_by is not None:
            raise _error(_("A fee notice has already been sent."))
        method, quantity = event.data.get("method"), event.data.get("quantity")
        if (
            method not in (fees.BY_COUNT, fees.BY_PAGES)
            or not isinstance(quantity, int)
            or quantity < 1
        ):
            raise _error(
                _("Choose how the fee is counted, and the number of applications or pages.")
            )
        if fees.amount(method, quantity) == 0:
            raise _error(_("Within the free allowance: no fee is due."))
        return
    if kind == EventType.FEE_PAID:
        if clock.fee_due_by is None or clock.fee_paid:
            raise _error(_("No fee is waiting to be paid."))
        return
    if kind == EventType.CONSULT_START:
        if clock.stage == Stage.CONSULTING:
            raise _error(_("A consultation is already under way."))
        if not str(event.data.get("party", "")).strip():
            raise _error(_("Name the third party or agency consulted."))
        return
    if kind == EventType.CONSULT_END:
        if clock.stage != Stage.CONSULTING:
            raise _error(_("No consultation is under way."))
        if event.data.get("result") not in (None, "agreed", "objected", "no_answer"):
            raise _error(_("Say whether the party agreed, objected or did not answer."))
        deadline = clock.third_party_deadline
        if event.data.get("result") == "no_answer" and deadline and event.date <= deadline:
            raise _error(
                _("The third party has until %(day)s to answer (15 working days)."),
                day=deadline.isoformat(),
            )
        return
    if kind == EventType.THIRD_PARTY_NOTICE:
        if not clock.objected:
            raise _error(_("No third party objected: there is no one to notify."))
        return
    if kind == EventType.EXTEND:
        if clock.extended:
            raise _error(_("The reply period can be extended only once."))
        days = event.data.get("days")
        if not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
            raise _error(_("An extension is of 1 to 20 working days."))
        if not str(event.data.get("approved_by", "")).strip():
            raise _error(_("Name the head of the disclosure office who approved the extension."))
        if clock.stage != Stage.CONSULTING and event.date > clock.due_on:
            raise _error(
                _("The reply was due on %(day)s; an extension must be decided before then."),
                day=clock.due_on.isoformat(),
            )
        return
    raise _error(_("Unknown step: %(type)s."), type=kind)


def step(clock: Clock, event: ClockEvent, calendar: WorkdayCalendar) -> Clock:
    """The clock after `event` (assumed allowed: see `check`)."""
    kind, day = event.type, event.date
    clock = replace(clock, last_date=day)
    if kind == EventType.RECEIVE:
        clock = replace(
            clock,
            stage=Stage.RECEIVED,
            received_on=day,
            start_on=day,
            clarify_by=calendar.add_working_days(day, CLARIFY_WITHIN_DAYS),
        )
    elif kind == EventType.CLARIFY:
        clock = replace(
            clock,
            stage=Stage.AWAITING_CORRECTION,
            clarified_on=day,
            correction_deadline=event.data["deadline"],
        )
    elif kind == EventType.CORRECTED:
        # The clock restarts when the corrected application arrives (Art. 30).
        clock = replace(clock, stage=Stage.RECEIVED, corrected_on=day, start_on=day)
    elif kind == EventType.CONSULT_START:
        clock = replace(
            clock,
            stage=Stage.CONSULTING,
            consult_since=day,
            third_party_deadline=calendar.add_working_days(day, THIRD_PARTY_DAYS),
        )
    elif kind == EventType.CONSULT_END:
        # A consultation pauses the clock for at most the third party's 15 working days.
        until = min(day, clock.third_party_deadline or day)
        not_counted = calendar.working_days_between(clock.consult_since or day, until)
        clock = replace(
            clock,
            stage=Stage.RECEIVED,
            consult_since=None,
            third_party_deadline=None,
            consulted_days=clock.consulted_days + not_counted,
            objected=clock.objected or event.data.get("result") == "objected",
        )
    elif kind == EventType.FEE_NOTICE:
        clock = replace(
            clock,
            fee_notice_on=day,
            fee_due_by=calendar.add_working_days(day, fees.PAYMENT_DAYS),
        )
    elif kind == EventType.FEE_PAID:
        # The time from the fee notice to the payment is not counted (国办函〔2020〕109号).
        waited = calendar.working_days_between(clock.fee_notice_on or day, day)
        clock = replace(clock, fee_paid=True, fee_days=clock.fee_days + waited)
    elif kind == EventType.THIRD_PARTY_NOTICE:
        clock = replace(clock, third_party_notified=True)
    elif kind == EventType.ASK_REASONS:
        clock = replace(
            clock,
            stage=Stage.AWAITING_REASONS,
            reasons_asked=True,
            reasons_since=day,
            reasons_deadline=event.data["deadline"],
        )
    elif kind == EventType.REASONS_ANSWERED:
        # Our reading of Art. 35: the wait for the reasons is not counted, up to its deadline.
        until = min(day, clock.reasons_deadline or day)
        waited = calendar.working_days_between(clock.reasons_since or day, until)
        clock = replace(
            clock,
            stage=Stage.RECEIVED,
            reasons_since=None,
            reasons_days=clock.reasons_days + waited,
            later_due=event.data.get("later_due"),
        )
    elif kind == EventType.EXTEND:
        clock = replace(clock, extended=True, extension_days=event.data["days"])
    elif kind == EventType.REPLY:
        outcome = outcomes.find(event.data["outcome"])
        pending_from = clock.pending_from if clock.stage == Stage.REPLY_PENDING else clock.stage
        clock = replace(
            clock,
            stage=Stage.REPLY_PENDING,
            drafted_on=day,
            pending_from=pending_from,
            draft_outcome=outcome.key,
        )
    elif kind == EventType.SIGN_OFF:
        # Sent, dated and counted on the day it is signed off.
        clock = replace(clock, stage=Stage.REPLIED, replied_on=day, outcome=clock.draft_outcome)
    # After a reply the due date stays on record, to tell a late reply from one in time.
    return _due(clock, calendar)


def replay(events: Iterable[ClockEvent], calendar: WorkdayCalendar) -> Clock:
    """The clock after all `events`, in order. Assignment and transfer do not touch it."""
    clock = Clock()
    for event in events:
        if event.type in EventType.CLOCK:
            clock = step(clock, event, calendar)
        elif event.type in EventType.INTAKE:
            clock = replace(clock, last_date=event.date)
    return clock


def late(clock: Clock) -> bool:
    """Answered after the due date. Closing for an unpaid fee is never a late reply."""
    if clock.outcome == outcomes.FEE_UNPAID.key:
        return False
    return bool(clock.replied_on and clock.due_on and clock.replied_on > clock.due_on)


def due_soon(clock: Clock, today: dt.date, calendar: WorkdayCalendar) -> bool:
    """Open, running, and due within `DUE_SOON_DAYS` working days (not yet overdue)."""
    return clock.open and not clock.paused and soon(clock.due_on, today, calendar)


def soon(due_on: dt.date | None, today: dt.date, calendar: WorkdayCalendar) -> bool:
    """A running clock's due date is within `DUE_SOON_DAYS` working days, and not passed."""
    if due_on is None or past_due(due_on, today):
        return False
    return calendar.working_days_between(today, due_on) <= DUE_SOON_DAYS


def correction_lapsed(stage: str, correction_deadline: dt.date | None, today: dt.date) -> bool:
    """The applicant's time to correct the application has run out: the applicant's lateness,
    not the office's (which is `reply_overdue`); the office decides what follows."""
    return stage == Stage.AWAITING_CORRECTION and past_due(correction_deadline, today)


def consultation_lapsed(stage: str, third_party_deadline: dt.date | None, today: dt.date) -> bool:
    """The third party consulted has not answered in the time given (the office decides)."""
    return stage == Stage.CONSULTING and past_due(third_party_deadline, today)


def default_correction_deadline(day: dt.date, calendar: WorkdayCalendar) -> dt.date:
    return calendar.add_working_days(day, DEFAULT_CORRECTION_DAYS)


def unconfirmed_too_long(submitted_on: dt.date, today: dt.date, calendar: WorkdayCalendar) -> bool:
    """An application not confirmed after a full working day: the queue warns about it."""
    return calendar.working_days_between(submitted_on, today) >= 1
