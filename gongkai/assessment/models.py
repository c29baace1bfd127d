"""Assessment (考核): schemes, the scores computed under them, rectification and accountability.

A scheme is versioned: saving one makes a new version and never changes the old, so a
period's scores stay reproducible under the version they were computed with. A published
result is frozen; only an explicit, audited recompute changes it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.core.models import Unit, User
from gongkai.core.workdays import past_due


class IndicatorGroup(models.TextChoices):
    """The groups of the third-party transparency index counties are ranked by every year."""

    DECISION = "decision", _("Disclosure of decision-making")
    SERVICE = "service", _("Disclosure of administration and services")
    RESULTS = "results", _("Disclosure of implementation and results")
    APPLICATIONS = "applications", _("Disclosure on application")
    PLATFORM = "platform", _("Platform building")


class AssessmentScheme(models.Model):
    """考核方案: one version of a county's scheme."""

    county = models.ForeignKey(
        Unit, verbose_name=_("county"), on_delete=models.PROTECT, related_name="assessment_schemes"
    )
    version = models.PositiveIntegerField(_("version"))
    full_score = models.DecimalField(
        _("full score"), max_digits=6, decimal_places=1, default=Decimal("100.0")
    )
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("saved by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering: ClassVar = ["county", "-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["county", "version"], name="scheme_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.county} v{self.version}"


# The most points a unit can lose in each group of the default scheme; they sum to 100.
DEFAULT_WEIGHTS: dict[str, Decimal] = {
    IndicatorGroup.DECISION: Decimal("20.0"),
    IndicatorGroup.SERVICE: Decimal("25.0"),
    IndicatorGroup.RESULTS: Decimal("20.0"),
    IndicatorGroup.APPLICATIONS: Decimal("20.0"),
    IndicatorGroup.PLATFORM: Decimal("15.0"),
}


class GroupWeight(models.Model):
    """A group's weight in a scheme version: the most points a unit can lose in the group,
    after each indicator's own cap. The weights of a version sum to its full score."""

    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.CASCADE, related_name="weights")
    group = models.CharField(_("group"), max_length=16, choices=IndicatorGroup.choices)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=1)

    class Meta:
        verbose_name = _("group weight")
        verbose_name_plural = _("group weights")
        ordering: ClassVar = ["scheme", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["scheme", "group"], name="group_weight_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.weight}"


class Indicator(models.Model):
    """One indicator of a scheme version: what a counted finding costs, capped."""

    scheme = models.ForeignKey(
        AssessmentScheme, on_delete=models.CASCADE, related_name="indicators"
    )
    key = models.CharField(_("key"), max_length=40)
    group = models.CharField(_("group"), max_length=16, choices=IndicatorGroup.choices)
    position = models.PositiveIntegerField(default=0)
    deduction = models.DecimalField(
        _("deduction per finding"), max_digits=5, decimal_places=1, default=Decimal("1.0")
    )
    cap = models.DecimalField(
        _("most points lost"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    veto = models.BooleanField(
        _("veto (一票否决)"),
        default=False,
        help_text=_("One finding and the unit loses every point."),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering: ClassVar = ["scheme", "position", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["scheme", "key"], name="indicator_key_unique"),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def label(self) -> str:
        found = INDICATOR_LABELS.get(self.key)
        return str(found) if found else self.key


# Each indicator's label by key, filled by `indicators` (which measures over these models, so
# they cannot import it) when the app is ready.
INDICATOR_LABELS: dict[str, Any] = {}


class ResultStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", pgettext_lazy("assessment", "Published")


class AssessmentResult(models.Model):
    """考核结果: a county's assessment of one year, under one scheme version."""

    county = models.ForeignKey(
        Unit, verbose_name=_("county"), on_delete=models.PROTECT, related_name="assessment_results"
    )
    year = models.PositiveIntegerField(_("year"))
    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ResultStatus.choices, default=ResultStatus.DRAFT
    )
    as_of = models.DateField(_("records counted up to"))
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(
        pgettext_lazy("assessment", "published at"), null=True, blank=True
    )
    published_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        ordering: ClassVar = ["county", "-year"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["county", "year"], name="assessment_result_year"),
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.year}"

    @property
    def is_published(self) -> bool:
        return self.status == ResultStatus.PUBLISHED


class Score(models.Model):
    """A unit's score in a result, with every point lost and the records behind it."""

    result = models.ForeignKey(AssessmentResult, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=1)
    rank = models.PositiveIntegerField(_("rank"))
    vetoed = models.BooleanField(default=False)
    # [{"indicator": key, "count": n, "deduction": "2.0", "records": [{"url", "label"}]}]
    points = models.JSONField(default=list)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering: ClassVar = ["result", "rank", "unit__path"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["result", "unit"], name="score_one_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.score}"


class RectificationQuerySet(models.QuerySet):
    def open(self) -> RectificationQuerySet:
        return self.filter(closed_at__isnull=True)

    def closed(self) -> RectificationQuerySet:
        return self.filter(closed_at__isnull=False)

    def overdue(self, today: dt.date) -> RectificationQuerySet:
        return self.open().filter(answered_at__isnull=True, deadline__lt=today)


class RectificationOrder(models.Model):
    """整改: the supervisor's order to fix a finding, the unit's answer, the supervisor's check.

    Like the oversight order (督办) it has a deadline and an answer; it also names any finding
    of the assessment and the record behind it, takes evidence, and is closed only when the
    supervisor accepts the answer.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="rectifications"
    )
    year = models.PositiveIntegerField(_("year assessed"))
    indicator = models.CharField(_("indicator"), max_length=40)
    record_url = models.CharField(_("record"), max_length=300, blank=True)
    finding = models.CharField(pgettext_lazy("rectification", "finding"), max_length=300)
    instructions = models.TextField(_("what to rectify"))
    deadline = models.DateField(_("rectify by"))
    issued_by = models.ForeignKey(
        User,
        verbose_name=pgettext_lazy("rectification", "issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(pgettext_lazy("rectification", "issued at"), auto_now_add=True)
    answer = models.TextField(_("what was done"), blank=True)
    evidence_publication = models.ForeignKey(
        "publishing.Publication",
        verbose_name=_("evidence: a publication"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    evidence_url = models.CharField(_("evidence: a corrected record"), max_length=300, blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(
        pgettext_lazy("rectification", "answered at"), null=True, blank=True
    )
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(
        pgettext_lazy("rectification", "closed at"), null=True, blank=True
    )
    remarks = models.TextField(_("supervisor's remarks"), blank=True)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification order")
        verbose_name_plural = _("rectification orders")
        ordering: ClassVar = ["deadline", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(answered_at__isnull=False),
                name="rectification_closed_after_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.finding}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:rectification", kwargs={"pk": self.pk})

    def overdue(self, today: dt.date) -> bool:
        """Past its deadline, unanswered (the query form: `RectificationQuerySet.overdue`)."""
        return (
            self.closed_at is None and self.answered_at is None and past_due(self.deadline, today)
        )


class IncidentKind(models.TextChoices):
    STATE_SECRET = "state_secret", _("State secret disclosed")
    PERSONAL_DATA = "personal_data", _("Personal information disclosed unlawfully")


class Incident(models.Model):
    """A leak the records cannot show by themselves, recorded by the county supervisor; it
    counts for the veto indicator (一票否决) of its year."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=IncidentKind.choices)
    occurred_on = models.DateField(_("occurred on"))
    description = models.TextField(_("what happened"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("leak incident")
        verbose_name_plural = _("leak incidents")
        ordering: ClassVar = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.occurred_on:%Y-%m-%d}"


class AccountabilityRecord(models.Model):
    """责任追究: who answered for a finding, and how. Never public."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.CharField(_("person held accountable"), max_length=60)
    position = models.CharField(
        pgettext_lazy("accountability", "position"), max_length=60, blank=True
    )
    finding = models.TextField(pgettext_lazy("rectification", "finding"))
    measure = models.CharField(_("measure taken"), max_length=200)
    decided_on = models.DateField(pgettext_lazy("accountability", "decided on"))
    order = models.ForeignKey(
        RectificationOrder,
        verbose_name=_("rectification order"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accountability",
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("accountability record")
        verbose_name_plural = _("accountability records")
        ordering: ClassVar = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        # No name here: the audit log shows this text.
        return f"{self.unit} · {self.decided_on:%Y-%m-%d}"
