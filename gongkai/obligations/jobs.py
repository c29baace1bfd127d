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

from gongkai.catalog.models import Adoption
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


def _people(unit: Unit, role: str) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(unit=unit, role=role, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]


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
    order: OversightOrder, kind: str, left: int, recipient: User, summary: Summary
) -> None:
    """Claim the notice (the unique row), then tell the person in the app and by email."""
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


def _remind_orders(today: dt.date, calendar: WorkdayCalendar, summary: Summary) -> None:
    """Remind the unit before an open order's deadline; tell the supervisor when it passes."""
    lead = int(_setting("OBLIGATIONS_ORDER_LEAD", DEFAULT_ORDER_LEAD))
    horizon = calendar.add_working_days(today, lead) if lead > 0 else today
    open_orders = OversightOrder.objects.open().select_related("unit", "item", "issued_by")
    for order in open_orders.filter(deadline__gte=today, deadline__lte=horizon).order_by("pk"):
        left = calendar.working_days_between(today, order.deadline)
        for person in _people(order.unit, Role.CLERK) + _people(order.unit, Role.LEADER):
            _send_order(order, OrderReminderKind.BEFORE, left, person, summary)
    for order in open_orders.filter(deadline__lt=today).order_by("pk"):
        actions.mark_order_past_deadline(order, today=today)
        told = [order.issued_by] if order.issued_by.is_active else []
        for person in told or _people(order.unit.county, Role.SUPERVISOR):
            _send_order(order, OrderReminderKind.PASSED, 0, person, summary)


def _send(obligation: Obligation, kind: str, lead: int, recipient: User, summary: Summary) -> None:
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
    unit_ids = Adoption.objects.values_list("unit_id", flat=True).distinct()
    for unit in Unit.objects.filter(pk__in=unit_ids).order_by("path"):
        for year in sorted({today.year - 1, today.year}):
            summary.obligations_created += actions.materialise(unit, year, calendar=calendar)


def run(today: dt.date, *, calendar: WorkdayCalendar | None = None) -> Summary:
    calendar = calendar or WorkdayCalendar.load()
    summary = Summary()
    _materialise(today, calendar, summary)
    open_ones = Obligation.objects.unfulfilled().select_related("unit", "item")
    leads = sorted(_setting("OBLIGATIONS_REMINDER_LEADS", DEFAULT_LEADS), reverse=True)
    horizon = calendar.add_working_days(today, max(leads)) if leads else today
    for obligation in open_ones.filter(due_on__gte=today, due_on__lte=horizon).order_by("pk"):
        left = calendar.working_days_between(today, obligation.due_on)
        # The smallest lead reached, so that a day missed by the job still gets its reminder.
        reached = [lead for lead in leads if left <= lead]
        if not reached:
            continue
        for clerk in _people(obligation.unit, Role.CLERK):
            _send(obligation, ReminderKind.BEFORE, min(reached), clerk, summary)
    after = int(_setting("OBLIGATIONS_REMINDER_AFTER", DEFAULT_AFTER))
    escalation = {**DEFAULT_ESCALATION, **_setting("OBLIGATIONS_ESCALATION", {})}
    for obligation in open_ones.filter(due_on__lt=today).order_by("pk"):
        late_by = calendar.working_days_between(obligation.due_on, today)
        if late_by >= after:
            for clerk in _people(obligation.unit, Role.CLERK):
                _send(obligation, ReminderKind.AFTER, -after, clerk, summary)
        if late_by >= escalation["leader"]:
            for leader in _people(obligation.unit, Role.LEADER):
                _send(obligation, ReminderKind.LEADER, 0, leader, summary)
        if late_by >= escalation["supervisor"]:
            for supervisor in _people(obligation.unit.county, Role.SUPERVISOR):
                _send(obligation, ReminderKind.SUPERVISOR, 0, supervisor, summary)
    _remind_orders(today, calendar, summary)
    return summary
