"""Follow publishing and the calendar: publications meet obligations, events raise them."""

from __future__ import annotations

from django.dispatch import receiver

from gongkai.core.workdays import WorkdayCalendar, calendar_changed
from gongkai.publishing import signals as publishing

from . import actions


@receiver(publishing.published, dispatch_uid="obligations_fulfil")
def fulfil_on_publish(sender, *, publication, version, published_on, **kwargs) -> None:
    actions.fulfil(publication, period_text=version.period, published_on=published_on)


@receiver(publishing.decision_recorded, dispatch_uid="obligations_decision")
def raise_on_decision(sender, *, publication, decision, **kwargs) -> None:
    actions.raise_from_decision(publication, decision, calendar=WorkdayCalendar.load())


@receiver(publishing.congress_approval_recorded, dispatch_uid="obligations_congress")
def raise_on_congress(sender, *, publication, approval, **kwargs) -> None:
    actions.raise_from_congress(
        publication,
        approval,
        period_text=approval.version.period,
        calendar=WorkdayCalendar.load(),
    )


@receiver(calendar_changed, dispatch_uid="obligations_calendar")
def recompute_on_calendar_change(sender, *, years=None, **kwargs) -> None:
    actions.recompute_due_dates(set(years or ()), calendar=WorkdayCalendar.load())
