"""Disclosure obligations: what a unit owes under a catalog item for a period or an event.

The status (open, met, late, overdue, waived) is never stored: it follows from the due date,
the publication date, the waiver and today (`rules.status`, and `with_status` for counting).
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import CatalogItem
from gongkai.core import periods
from gongkai.core.models import Unit, User

from . import rules


class Source(models.TextChoices):
    PERIOD = "period", _("The period's end")
    EVENT = "event", _("An event")


class Trigger(models.TextChoices):
    DECISION = "decision", _("Collective decision")
    CONGRESS = "congress", _("Congress approval")
    EVENT = "event", _("Recorded event")


STATUS_LABELS = {
    rules.Status.OPEN: _("not yet due"),
    rules.Status.MET: _("published in time"),
    rules.Status.LATE: _("published late"),
    rules.Status.OVERDUE: _("overdue"),
    rules.Status.WAIVED: _("no such matter this period"),
}


class ObligationQuerySet(models.QuerySet):
    def with_status(self, today: dt.date) -> ObligationQuerySet:
        """Annotate `state`, the derived status, so that lists and counts agree."""
        return self.annotate(
            state=Case(
                When(waived_at__isnull=False, then=Value(rules.Status.WAIVED)),
                When(
                    published_on__isnull=False,
                    published_on__lte=models.F("due_on"),
                    then=Value(rules.Status.MET),
                ),
                When(published_on__isnull=False, then=Value(rules.Status.LATE)),
                When(due_on__lt=today, then=Value(rules.Status.OVERDUE)),
                default=Value(rules.Status.OPEN),
                output_field=models.CharField(),
            )
        )

    def unfulfilled(self) -> ObligationQuerySet:
        return self.filter(published_on__isnull=True, waived_at__isnull=True)

    def overdue(self, today: dt.date) -> ObligationQuerySet:
        """Past the due date and not published by `today` (a past day gives what was overdue
        then). A waiver (no such matter in the period) is never overdue, whenever recorded.
        The same rule as `rules.status`; an application's late reply is `reply_overdue`."""
        return self.filter(waived_at__isnull=True, due_on__lt=today).filter(
            Q(published_on__isnull=True) | Q(published_on__gt=today)
        )

    def due_within(self, days: int, *, today: dt.date) -> ObligationQuerySet:
        return self.unfulfilled().filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days))

    def of_year(self, year: int) -> ObligationQuerySet:
        return self.filter(period_start__year=year)

    def public(self) -> ObligationQuerySet:
        return self.exclude(item__audience="internal")

    def in_order(self) -> ObligationQuerySet:
        return self.order_by("due_on", "item__position", "item_id", "period", "pk")


class Obligation(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="obligations"
    )
    item = models.ForeignKey(
        CatalogItem,
        verbose_name=_("catalog item"),
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    period = models.CharField(_("period"), max_length=8)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    source = models.CharField(
        _("falls due after"), max_length=8, choices=Source.choices, default=Source.PERIOD
    )
    rule = models.CharField(_("rule"), max_length=12)
    due_on = models.DateField(_("due on"), db_index=True)
    due_on_provisional = models.BooleanField(
        _("due date provisional"),
        default=False,
        help_text=_("The calendar of that year is not announced yet; the date may move."),
    )
    # The event an event-driven obligation (or a budget's approval) counts from.
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices, blank=True)
    trigger_id = models.PositiveBigIntegerField(null=True, blank=True)
    trigger_on = models.DateField(_("event date"), null=True, blank=True)
    trigger_note = models.CharField(_("event"), max_length=200, blank=True)
    trigger_publication = models.ForeignKey(
        "publishing.Publication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    publication = models.ForeignKey(
        "publishing.Publication",
        verbose_name=_("fulfilled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obligations",
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    waived_by = models.ForeignKey(
        User,
        verbose_name=_("waived by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    waived_at = models.DateTimeField(_("waived at"), null=True, blank=True)
    waiver_reason = models.TextField(_("reason for the waiver"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = _("disclosure obligation")
        verbose_name_plural = _("disclosure obligations")
        ordering: ClassVar = ["due_on", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["unit", "item", "period"],
                condition=Q(source="period"),
                name="obligation_one_per_period",
            ),
            models.UniqueConstraint(
                fields=["unit", "item", "trigger", "trigger_id"],
                condition=Q(source="event", trigger_id__isnull=False),
                name="obligation_one_per_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.item.level2} · {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.source == Source.EVENT:
            return f"{self.trigger_on:%Y-%m-%d} {self.trigger_note}".strip()
        return periods.label(self.period)

    def status(self, today: dt.date) -> str:
        return rules.status(
            due_on=self.due_on,
            published_on=self.published_on,
            waived=self.waived_at is not None,
            today=today,
        )

    def status_label(self, today: dt.date) -> str:
        return str(STATUS_LABELS[self.status(today)])


class Notification(models.Model):
    """An in-app message on a staff member's to-do page."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    text = models.CharField(_("message"), max_length=300)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("before the due date")
    AFTER = "after", _("after the due date")
    LEADER = "leader", _("escalated to the unit's leader")
    SUPERVISOR = "supervisor", _("escalated to the county supervisor")


class Reminder(models.Model):
    """One reminder, claimed (inserted) before it is sent: the unique row is the lock."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    # Working days before (positive) or after (negative) the due date; 0 for escalations.
    lead = models.IntegerField(default=0)
    due_on = models.DateField()
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(auto_now_add=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["obligation", "kind", "lead", "due_on", "recipient"],
                name="reminder_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.obligation} {self.kind} {self.lead}"


class OversightOrderQuerySet(models.QuerySet):
    def open(self) -> OversightOrderQuerySet:
        return self.filter(closed_at__isnull=True)

    def closed(self) -> OversightOrderQuerySet:
        return self.filter(closed_at__isnull=False)


class OversightOrder(models.Model):
    """督办: an order from the county supervisor about an overdue obligation or a stale column."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="oversight_orders"
    )
    obligation = models.ForeignKey(
        Obligation,
        verbose_name=_("obligation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="oversight_orders",
    )
    item = models.ForeignKey(
        CatalogItem, verbose_name=_("catalog item"), on_delete=models.PROTECT, related_name="+"
    )
    instructions = models.TextField(_("instructions"))
    deadline = models.DateField(_("answer by"))
    issued_by = models.ForeignKey(
        User, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    answer_publication = models.ForeignKey(
        "publishing.Publication",
        verbose_name=_("answered with the publication"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answer_reason = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Set once, by the daily job, when the deadline passed with the order still open.
    deadline_passed_on = models.DateField(_("deadline passed unanswered on"), null=True, blank=True)

    objects = OversightOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("oversight order")
        verbose_name_plural = _("oversight orders")
        ordering: ClassVar = ["deadline", "pk"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.item.level2}"


class OrderReminderKind(models.TextChoices):
    BEFORE = "before", _("before the order's deadline")
    PASSED = "passed", _("the order's deadline has passed")


class OrderReminder(models.Model):
    """One notice about an oversight order's deadline, claimed (inserted) before it is sent."""

    order = models.ForeignKey(OversightOrder, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=OrderReminderKind.choices)
    deadline = models.DateField()
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(auto_now_add=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("oversight order reminder")
        verbose_name_plural = _("oversight order reminders")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["order", "kind", "deadline", "recipient"], name="order_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order} {self.kind}"
