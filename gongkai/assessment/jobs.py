"""The daily job's part for assessment: escalate overdue rectification orders, once each.

An order not answered by its deadline is escalated the next day: the unit's leader and the
county's supervisors get a notice on their to-do page (and by email when they have one).
Claiming the order (`escalated_on`) before notifying makes a second run, or a second server,
skip it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django.utils.translation import override

from gongkai.core.models import Membership, Role, Unit, User
from gongkai.obligations.models import Notification

from . import actions
from .models import RectificationOrder

log = logging.getLogger(__name__)


@dataclasses.dataclass
class Summary:
    rectifications_escalated: int = 0
    rectification_notices: int = 0

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


def _people(unit: Unit, role: str) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(unit=unit, role=role, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]


def run(today: dt.date) -> Summary:
    summary = Summary()
    overdue = (
        RectificationOrder.objects.overdue(today)
        .filter(escalated_on__isnull=True)
        .select_related("unit")
        .order_by("pk")
    )
    for order in overdue:
        if not actions.escalate(order, today=today):
            continue
        summary.rectifications_escalated += 1
        with override(settings.LANGUAGE_CODE):
            text = _(
                "Rectification overdue: %(unit)s has not answered “%(finding)s”, due on %(due)s."
            ) % {
                "unit": order.unit.short_name or order.unit.name,
                "finding": order.finding,
                "due": order.deadline.strftime("%Y-%m-%d"),
            }
            subject = _("Rectification overdue")
        people = _people(order.unit, Role.LEADER) + _people(order.unit.county, Role.SUPERVISOR)
        for person in people:
            Notification.objects.create(user=person, text=text[:300])
            summary.rectification_notices += 1
            if person.email:
                try:
                    send_mail(subject, text, None, [person.email])
                except Exception:  # a mail server down must not stop the other notices
                    log.exception("rectification %s: the email could not be sent", order.pk)
    return summary
