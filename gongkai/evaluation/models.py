"""The public's verdict: ratings (评议), error reports (纠错) and the evaluators' round.

A `Rating` is given without an account on a public publication or on the reply to an
application. Who rated is never stored: only a salted hash of the client's key, the target
and the day, which is enough to refuse a second rating the same day and to link nothing
else. A comment appears in public only after the unit approves it, with the unit's answer.

An `ErrorReport` (信息有误 / 我要纠错) is due within a few working days; a valid one leads to a
correction version of the publication, linked to the report when it is published.

Once a year the county opens an `EvaluationRound`; evaluators (deputies, members, invited
media) fill one `Evaluation` per unit, then the county closes the round.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.core.models import Unit, User
from gongkai.info_requests.models import InfoRequest
from gongkai.publishing.models import Publication, PublicationVersion


class Verdict(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class Moderation(models.TextChoices):
    NONE = "", _("No comment")
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Shown to the public")
    REJECTED = "rejected", _("Not shown")


# What a moderator may do with a comment in each state; an approved one may get a new answer.
MODERATION_TRANSITIONS: dict[str, frozenset[str]] = {
    Moderation.NONE: frozenset(),
    Moderation.PENDING: frozenset({Moderation.APPROVED, Moderation.REJECTED}),
    Moderation.APPROVED: frozenset({Moderation.APPROVED, Moderation.REJECTED}),
    Moderation.REJECTED: frozenset({Moderation.APPROVED}),
}


def ensure_moderation(rating: Rating, target: str) -> None:
    if target not in MODERATION_TRANSITIONS.get(rating.moderation, frozenset()):
        raise ValidationError(
            _("A comment that is “%(now)s” cannot become “%(then)s”.")
            % {"now": rating.get_moderation_display(), "then": Moderation(target).label},
            code="transition",
        )


class RatingQuerySet(models.QuerySet):
    def shown(self) -> RatingQuerySet:
        """Comments the unit approved for the public, newest first."""
        return self.filter(moderation=Moderation.APPROVED).order_by("-created_at", "-pk")

    def awaiting_moderation(self) -> RatingQuerySet:
        return self.filter(moderation=Moderation.PENDING).order_by("created_at", "pk")

    def of_year(self, year: int) -> RatingQuerySet:
        return self.filter(rated_on__year=year)


class Rating(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="ratings"
    )
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
    )
    info_request = models.ForeignKey(
        InfoRequest,
        verbose_name=_("reply to the application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
    )
    verdict = models.CharField(_("rating"), max_length=24, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    moderation = models.CharField(
        _("moderation"), max_length=16, choices=Moderation.choices, blank=True, db_index=True
    )
    moderated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("the unit's answer"), blank=True)
    rated_on = models.DateField(_("rated on"), db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # HMAC of the client's key (cookie, or address and browser), the target and the day.
    client_hash = models.CharField(max_length=64, editable=False)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering: ClassVar = ["-created_at", "-pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(publication__isnull=True) ^ Q(info_request__isnull=True),
                name="rating_one_target",
            ),
            models.UniqueConstraint(
                fields=["publication", "rated_on", "client_hash"],
                condition=Q(publication__isnull=False),
                name="rating_once_a_day_per_publication",
            ),
            models.UniqueConstraint(
                fields=["info_request", "rated_on", "client_hash"],
                condition=Q(info_request__isnull=False),
                name="rating_once_a_day_per_reply",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} {self.rated_on:%Y-%m-%d}"


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Being checked")
    ANSWERED = "answered", _("Answered")


class Finding(models.TextChoices):
    VALID = "valid", _("The information was wrong; it is being corrected")
    INVALID = "invalid", _("The information was checked and is right")


class ErrorReportQuerySet(models.QuerySet):
    def open(self) -> ErrorReportQuerySet:
        return self.filter(status=ReportStatus.OPEN).order_by("due_on", "pk")

    def of_year(self, year: int) -> ErrorReportQuerySet:
        return self.filter(received_on__year=year)

    def answered_on_time(self) -> ErrorReportQuerySet:
        return self.filter(status=ReportStatus.ANSWERED, answered_on__lte=models.F("due_on"))


class ErrorReport(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="error_reports"
    )
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.PROTECT,
        related_name="error_reports",
    )
    version = models.ForeignKey(
        PublicationVersion,
        verbose_name=_("version reported"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)
    description = models.TextField(_("what is wrong"))
    contact = models.CharField(_("contact (optional)"), max_length=120, blank=True)
    received_at = models.DateTimeField(_("received at"))
    received_on = models.DateField(_("received on"), db_index=True)
    due_on = models.DateField(_("answer due on"))
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    finding = models.CharField(_("finding"), max_length=16, choices=Finding.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    correction = models.ForeignKey(
        PublicationVersion,
        verbose_name=_("correction version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ErrorReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")
        ordering: ClassVar = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_open(self) -> bool:
        return self.status == ReportStatus.OPEN

    @property
    def is_answered(self) -> bool:
        return self.status == ReportStatus.ANSWERED

    @property
    def awaiting_correction(self) -> bool:
        return self.finding == Finding.VALID and self.correction_id is None

    def answered_late(self) -> bool:
        return self.answered_on is not None and self.answered_on > self.due_on


class Scale(models.TextChoices):
    FIVE = "5", _("1 to 5")
    HUNDRED = "100", _("0 to 100")


SCALE_RANGE: dict[str, tuple[int, int]] = {Scale.FIVE: (1, 5), Scale.HUNDRED: (0, 100)}

# The five aspects every evaluator scores, in the form's order.
ASPECTS = ("completeness", "timeliness", "accuracy", "convenience", "responsiveness")


class RoundStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("evaluation round", "Open")
    CLOSED = "closed", pgettext_lazy("evaluation round", "Closed")


class EvaluationRound(models.Model):
    county = models.ForeignKey(
        Unit, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("year evaluated"))
    title = models.CharField(_("title"), max_length=120)
    scale = models.CharField(_("scores"), max_length=4, choices=Scale.choices, default=Scale.FIVE)
    status = models.CharField(
        _("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering: ClassVar = ["-year", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["county", "year"], name="evaluation_round_per_year"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class Evaluation(models.Model):
    """One evaluator's form for one unit in one round."""

    round = models.ForeignKey(
        EvaluationRound,
        verbose_name=_("evaluation round"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="evaluations"
    )
    evaluator = models.ForeignKey(
        User, verbose_name=_("evaluator"), on_delete=models.PROTECT, related_name="+"
    )
    completeness = models.PositiveSmallIntegerField(_("completeness"))
    timeliness = models.PositiveSmallIntegerField(_("timeliness"))
    accuracy = models.PositiveSmallIntegerField(_("accuracy"))
    convenience = models.PositiveSmallIntegerField(_("convenience"))
    responsiveness = models.PositiveSmallIntegerField(_("responsiveness"))
    remarks = models.TextField(_("remarks"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering: ClassVar = ["round", "unit__path", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["round", "unit", "evaluator"], name="evaluation_once_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit}"

    def scores(self) -> list[int]:
        return [getattr(self, name) for name in ASPECTS]
