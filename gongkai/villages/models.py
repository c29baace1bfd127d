"""Village affairs (村务公开): finance statements, and the township's records checked against them.

A `VillageStatement` is a village's account of income and expenditure for one month or
quarter (村民委员会组织法 Art. 30), line by line. It is published as a publication of the
village, through the same workflow as every other disclosure: the village's clerk submits it,
the village supervision committee approves and publishes it. Once submitted its lines are
frozen until the committee returns it.

`TownshipRecord`s are what the township itself recorded of the same matters for a village
(funds it manages for the village, subsidies and relief paid to its households, land
compensation); the cross-check (村务对应) compares them with the village's lines.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.core import periods
from gongkai.core.models import Unit, UnitKind, User
from gongkai.publishing.models import Publication


class LineKind(models.TextChoices):
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expenditure")


class Matter(models.TextChoices):
    """The matters of which the township keeps its own record for each village."""

    MANAGED_FUNDS = "managed_funds", _("Village funds managed by the township")
    SUBSIDY = "subsidy", _("Agricultural subsidies")
    RELIEF = "relief", _("Subsistence allowance and relief")
    LAND_COMPENSATION = "land_compensation", _("Land requisition compensation")
    # Counted in households, not yuan: the township's approvals against the village's
    # published list of approved applications.
    HOMESTEAD = "homestead", _("Homestead approvals (households)")


# The matters that are money, and so lines of a village's finance statement.
MONEY_MATTERS = (
    Matter.MANAGED_FUNDS,
    Matter.SUBSIDY,
    Matter.RELIEF,
    Matter.LAND_COMPENSATION,
)


class VillageStatementQuerySet(models.QuerySet):
    def published(self) -> VillageStatementQuerySet:
        return self.filter(publication__current__isnull=False)

    def of_village(self, village: Unit) -> VillageStatementQuerySet:
        return self.filter(village=village)


class VillageStatement(models.Model):
    """One village's income and expenditure for one period (2026-M10 or 2026-Q3)."""

    village = models.ForeignKey(
        Unit,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="statements",
        limit_choices_to={"kind": UnitKind.VILLAGE},
    )
    period = models.CharField(_("period"), max_length=8)
    opening_balance = models.DecimalField(
        _("balance brought forward"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    # The publication carrying the statement, from the moment it is submitted for sign-off.
    publication = models.OneToOneField(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="village_statement",
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = VillageStatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("village finance statement")
        verbose_name_plural = _("village finance statements")
        ordering: ClassVar = ["village", "-period"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["village", "period"], name="statement_unique_period"),
        ]

    def __str__(self) -> str:
        return f"{self.village.short_name} {self.period}"

    @property
    def period_label(self) -> str:
        return periods.parse(self.period).label


class StatementLine(models.Model):
    statement = models.ForeignKey(VillageStatement, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    date = models.DateField(pgettext_lazy("statement line", "date"))
    subject = models.CharField(_("subject"), max_length=60)
    kind = models.CharField(_("income or expenditure"), max_length=8, choices=LineKind.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    counterparty = models.CharField(_("counterparty"), max_length=120, blank=True)
    voucher = models.CharField(_("voucher number"), max_length=40, blank=True)
    matter = models.CharField(
        _("township matter"), max_length=20, choices=Matter.choices, blank=True
    )

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering: ClassVar = ["statement", "position", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="statement_line_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.subject} {self.amount}"


class TownshipRecord(models.Model):
    """What the township recorded paying to, or managing for, one village in one period."""

    township = models.ForeignKey(
        Unit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Unit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=8, db_index=True)
    matter = models.CharField(_("matter"), max_length=20, choices=Matter.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("township record")
        verbose_name_plural = _("township records")
        ordering: ClassVar = ["period", "village", "matter", "pk"]

    def __str__(self) -> str:
        return f"{self.village_id} {self.period} {self.matter} {self.amount}"


class StatementReminder(models.Model):
    """An overdue statement told to someone once: the unique row is claimed before the notice."""

    village = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8)
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["village", "period", "recipient"], name="statement_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.period} {self.recipient_id}"


class Side(models.TextChoices):
    """Who explains a difference: each side of the cross-check records its own account."""

    TOWNSHIP = "township", _("Township")
    VILLAGE = "village", _("Village")


class Explanation(models.Model):
    """Why the township's and the village's figures for one matter differ, as one side says."""

    village = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=8)
    matter = models.CharField(_("matter"), max_length=20, choices=Matter.choices)
    side = models.CharField(_("side"), max_length=8, choices=Side.choices, default=Side.VILLAGE)
    text = models.TextField(_("explanation"))
    explained_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    explained_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("explanation of a difference")
        verbose_name_plural = _("explanations of differences")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["village", "period", "matter", "side"], name="explanation_once_a_side"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.period} {self.matter}"
