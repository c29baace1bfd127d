"""The daily job: make the year's obligations, remind the clerks, escalate what is overdue,
and watch the deadlines of the county's oversight orders.

Safe to run twice the same day and from several app servers at once: every reminder is a
`Reminder` row inserted (claimed) before anything is sent, and its unique constraint lets
only one run claim it; the others skip it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from gongkai.core.models import Membership, Role, Unit, User
from gongkai.core.workdays import WorkdayCalendar

from . import actions
from .models import (
    Notification,
    Obligation,
    OrderReminder,
    OrderReminderKind,
    OversightOrder,
    Reminder,
    ReminderKind,
)

log = logging.getLogger(__name__)

# Working days before the due date for reminders, and after it for the first notice.
DEFAULT_LEADS = (5, 1)
DEFAULT_AFTER = 1
# Working days overdue before the unit's leader, then the county supervisor, are told.
DEFAULT_ESCALATION = {"leader": 5, "supervisor": 10}
# Working days before an oversight order's deadline when the unit is reminded.
DEFAULT_ORDER_LEAD = 2


@dataclasses.dataclass
class Summary:
    obligations_created: int = 0
    reminders_sent: int = 0
    escalations: int = 0
    emails_sent: int = 0
    skipped_already_sent: int = 0
    order_reminders_sent: int = 0
    orders_past_deadline: int = 0

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


def _setting(name: str, default):
    return getattr(settings, name, default)


class People:
    """The active members of each unit by role, read once for the whole run."""

    ROLES = (Role.CLERK, Role.LEADER, Role.SUPERVISOR)

    def __init__(self) -> None:
        self._of: dict[tuple[int, str], list[User]] = {}
        members = (
            Membership.objects.filter(role__in=self.ROLES, user__is_active=True)
            .select_related("user")
            .order_by("user_id")
        )
        for m in members:
            self._of.setdefault((m.unit_id, m.role), []).append(m.user)

    def __call__(self, unit_id: int, role: str) -> list[User]:
        return self._of.get((unit_id, role), [])


def _county_id(unit: Unit) -> int:
    """The county a unit belongs to: the first key of its materialised path."""
    return int(unit.path.strip("/").split("/")[0])


class Days:
    """`working_days_between` of the calendar, remembered for the dates the run asks about."""

    def __init__(self, calendar: WorkdayCalendar) -> None:
        self.calendar = calendar
        self._known: dict[tuple[dt.date, dt.date], int] = {}

    def between(self, start: dt.date, end: dt.date) -> int:
        key = (start, end)
        if key not in self._known:
            self._known[key] = self.calendar.working_days_between(start, end)
        return self._known[key]


def _message(obligation: Obligation, kind: str, lead: int) -> str:
    values = {
        "unit": obligation.unit.short_name or obligation.unit.name,
        "item": obligation.item.level2,
        "period": obligation.period_label,
        "due": obligation.due_on.strftime("%Y-%m-%d"),
        "n": abs(lead),
    }
    if kind == ReminderKind.BEFORE:
        return (
            _("%(unit)s: “%(item)s” (%(period)s) is due on %(due)s, in %(n)d working days.")
            % values
        )
    if kind == ReminderKind.AFTER:
        return (
            _("%(unit)s: “%(item)s” (%(period)s) was due on %(due)s and is not published.") % values
        )
    return (
        _("Escalated: %(unit)s has not published “%(item)s” (%(period)s), due on %(due)s.") % values
    )


def _order_message(order: OversightOrder, kind: str, left: int) -> str:
    values = {
        "unit": order.unit.short_name or order.unit.name,
        "item": order.item.level2,
        "deadline": order.deadline.strftime("%Y-%m-%d"),
        "n": left,
    }
    if kind == OrderReminderKind.BEFORE:
        return (
            _(
                "Oversight order: %(unit)s must answer about “%(item)s” by %(deadline)s, "
                "in %(n)d working days."
            )
            % values
        )
    return (
        _(
            "Oversight order past its deadline: %(unit)s has not answered about “%(item)s”, "
            "due on %(deadline)s."
        )
        % values
    )


def _send_order(
    order: OversightOrder,
    kind: str,
    left: int,
    recipient: User,
    summary: Summary,
    claimed: set[tuple] | None = None,
) -> None:
    """Claim the notice (the unique row), then tell the person in the app and by email.

    `claimed`: the notices claimed before this run, read at its start, skipped without trying.
    """
    if claimed is not None and (order.pk, kind, order.deadline, recipient.pk) in claimed:
        summary.skipped_already_sent += 1  # an earlier run claimed it
        return
    with override(settings.LANGUAGE_CODE):
        text = _order_message(order, kind, left)
        subject = _("Oversight order reminder")
    try:
        with transaction.atomic():
            claim = OrderReminder.objects.create(
                order=order, kind=kind, deadline=order.deadline, recipient=recipient
            )
            Notification.objects.create(user=recipient, text=text[:300])
    except IntegrityError:
        summary.skipped_already_sent += 1  # another run claimed it first
        return
    if kind == OrderReminderKind.BEFORE:
        summary.order_reminders_sent += 1
    else:
        summary.orders_past_deadline += 1
    if recipient.email:
        try:
            send_mail(subject, text, None, [recipient.email])
        except Exception:  # a mail server down must not stop the other notices
            log.exception("order reminder %s: the email could not be sent", claim.pk)
            return
        OrderReminder.objects.filter(pk=claim.pk).update(emailed=True)
        summary.emails_sent += 1


def _remind_orders(
    today: dt.date, calendar: WorkdayCalendar, summary: Summary, people: People
) -> None:
    """Remind the unit before an open order's deadline; tell the supervisor when it passes."""
    lead = int(_setting("OBLIGATIONS_ORDER_LEAD", DEFAULT_ORDER_LEAD))
    horizon = calendar.add_working_days(today, lead) if lead > 0 else today
    open_orders = OversightOrder.objects.open().select_related("unit", "item", "issued_by")
    claimed = set(
        OrderReminder.objects.filter(
            order__closed_at__isnull=True, order__deadline__lte=horizon
        ).values_list("order_id", "kind", "deadline", "recipient_id")
    )
    for order in open_orders.filter(deadline__gte=today, deadline__lte=horizon).order_by("pk"):
        left = calendar.working_days_between(today, order.deadline)
        for person in people(order.unit_id, Role.CLERK) + people(order.unit_id, Role.LEADER):
            _send_order(order, OrderReminderKind.BEFORE, left, person, summary, claimed)
    for order in open_orders.filter(deadline__lt=today).order_by("pk"):
        if order.deadline_passed_on is None:  # else known already: nothing to claim
            actions.mark_order_past_deadline(order, today=today)
        told = [order.issued_by] if order.issued_by.is_active else []
        for person in told or people(_county_id(order.unit), Role.SUPERVISOR):
            _send_order(order, OrderReminderKind.PASSED, 0, person, summary, claimed)


def _send(
    obligation: Obligation,
    kind: str,
    lead: int,
    recipient: User,
    summary: Summary,
    claimed: set[tuple] | None = None,
) -> None:
    """Claim the reminder (the unique row), then tell the person in the app and by email.

    `claimed`: the reminders claimed before this run, read at its start, skipped without
    trying (the insert would fail on the unique row).
    """
    if claimed is not None and (
        (obligation.pk, kind, lead, obligation.due_on, recipient.pk) in claimed
    ):
        summary.skipped_already_sent += 1  # an earlier run claimed it
        return
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                obligation=obligation,
                kind=kind,
                lead=lead,
                due_on=obligation.due_on,
                recipient=recipient,
            )
            with override(settings.LANGUAGE_CODE):
                text = _message(obligation, kind, lead)
            Notification.objects.create(user=recipient, obligation=obligation, text=text[:300])
    except IntegrityError:
        summary.skipped_already_sent += 1  # another run claimed it first
        return
    if kind in (ReminderKind.LEADER, ReminderKind.SUPERVISOR):
        summary.escalations += 1
    else:
        summary.reminders_sent += 1
    if recipient.email:
        try:
            with override(settings.LANGUAGE_CODE):
                subject = _("Disclosure reminder")
            send_mail(subject, text, None, [recipient.email])
        except Exception:  # a mail server down must not stop the other reminders
            log.exception("reminder %s: the email could not be sent", reminder.pk)
            return
        Reminder.objects.filter(pk=reminder.pk).update(emailed=True)
        summary.emails_sent += 1


def _materialise(today: dt.date, calendar: WorkdayCalendar, summary: Summary) -> None:
    years = sorted({today.year - 1, today.year})
    summary.obligations_created += actions.materialise_all(years, calendar=calendar)


def run(today: dt.date, *, calendar: WorkdayCalendar | None = None) -> Summary:
    """The day's run. Its reads are made once for all units (the members by role, the
    reminders already claimed), so that a province's run is a few queries and one insert
    for each reminder actually sent."""
    calendar = calendar or WorkdayCalendar.load()
    days = Days(calendar)
    summary = Summary()
    _materialise(today, calendar, summary)
    people = People()
    open_ones = Obligation.objects.unfulfilled().select_related("unit", "item")
    leads = sorted(_setting("OBLIGATIONS_REMINDER_LEADS", DEFAULT_LEADS), reverse=True)
    horizon = calendar.add_working_days(today, max(leads)) if leads else today
    claimed = set(
        Reminder.objects.filter(
            obligation__published_on__isnull=True,
            obligation__waived_at__isnull=True,
            obligation__due_on__lte=horizon,
        ).values_list("obligation_id", "kind", "lead", "due_on", "recipient_id")
    )
    for obligation in open_ones.filter(due_on__gte=today, due_on__lte=horizon).order_by("pk"):
        left = days.between(today, obligation.due_on)
        # The smallest lead reached, so that a day missed by the job still gets its reminder.
        reached = [lead for lead in leads if left <= lead]
        if not reached:
            continue
        for clerk in people(obligation.unit_id, Role.CLERK):
            _send(obligation, ReminderKind.BEFORE, min(reached), clerk, summary, claimed)
    after = int(_setting("OBLIGATIONS_REMINDER_AFTER", DEFAULT_AFTER))
    escalation = {**DEFAULT_ESCALATION, **_setting("OBLIGATIONS_ESCALATION", {})}
    for obligation in open_ones.filter(due_on__lt=today).order_by("pk"):
        late_by = days.between(obligation.due_on, today)
        if late_by >= after:
            for clerk in people(obligation.unit_id, Role.CLERK):
                _send(obligation, ReminderKind.AFTER, -after, clerk, summary, claimed)
        if late_by >= escalation["leader"]:
            for leader in people(obligation.unit_id, Role.LEADER):
                _send(obligation, ReminderKind.LEADER, 0, leader, summary, claimed)
        if late_by >= escalation["supervisor"]:
            for supervisor in people(_county_id(obligation.unit), Role.SUPERVISOR):
                _send(obligation, ReminderKind.SUPERVISOR, 0, supervisor, summary, claimed)
    _remind_orders(today, calendar, summary, people)
    return summary
