"""The daily job's part for village affairs (run by `gongkai run_jobs`): an overdue village
finance statement escalates to the township.

A village's statement is due some working days after its month or quarter ends (see
`clock`); once past due and unpublished, the village's clerks and the township's clerks and
leaders get a notice on their to-do page (and by email when they have one), once each:
the `StatementReminder` row is claimed before the notice, so a second run, or a second
server, skips it.
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

from gongkai.core.models import Membership, Role, Unit, UnitKind, User
from gongkai.core.workdays import WorkdayCalendar
from gongkai.obligations.models import Notification

from . import reads
from .models import StatementReminder

log = logging.getLogger(__name__)


@dataclasses.dataclass
class Summary:
    village_statement_notices: int = 0

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


def _people(unit: Unit, roles: tuple[str, ...]) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(unit=unit, role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]


def _tell(overdue: reads.OverdueStatement, person: User, summary: Summary) -> None:
    with override(settings.LANGUAGE_CODE):
        text = _(
            "Overdue village finance statement: %(village)s has not published %(period)s, "
            "due on %(due)s."
        ) % {
            "village": overdue.village.short_name or overdue.village.name,
            "period": overdue.period_label,
            "due": f"{overdue.due_on:%Y-%m-%d}",
        }
        subject = _("Overdue village finance statement")
    try:
        with transaction.atomic():
            StatementReminder.objects.create(
                village=overdue.village, period=overdue.period, recipient=person
            )
            Notification.objects.create(user=person, text=text[:300])
    except IntegrityError:
        return  # told already, by an earlier run or another server
    summary.village_statement_notices += 1
    if person.email:
        try:
            send_mail(subject, text, None, [person.email])
        except Exception:  # a mail server down must not stop the other notices
            log.exception("overdue statement %s: the email could not be sent", overdue.period)


def run(today: dt.date, *, calendar: WorkdayCalendar | None = None) -> Summary:
    calendar = calendar or WorkdayCalendar.load()
    summary = Summary()
    for township in Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("path"):
        for overdue in reads.overdue_statements(township, today=today, calendar=calendar):
            people = _people(overdue.village, (Role.CLERK,)) + _people(
                township, (Role.CLERK, Role.LEADER)
            )
            for person in people:
                _tell(overdue, person, summary)
    return summary
