"""Meetings open to the public (会议公开): the seed plan's 咨询会、说明会、答复会.

A unit announces a meeting (topic, time, place, how to attend, seats, when sign-up closes);
people sign up on the portal without an account; after the meeting its decisions are
published as a publication, linked to the announcement. Written only by `actions.py`.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.core.models import Unit, User
from gongkai.publishing.models import Publication


class Kind(models.TextChoices):
    """The forms of meeting the seed plan names, and the hearing and the open session."""

    CONSULTATION = "consultation", _("Consultation meeting")
    BRIEFING = "briefing", _("Briefing meeting")
    ANSWERING = "answering", _("Question-and-answer meeting")
    HEARING = "hearing", _("Hearing")
    OPEN_SESSION = "open_session", _("Session open to the public")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft, waiting for approval")
    ANNOUNCED = "announced", _("Announced")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingQuerySet(models.QuerySet):
    def public(self) -> MeetingQuerySet:
        """What the portal shows: announced meetings, and cancelled ones (with the notice)."""
        return self.filter(status__in=[Status.ANNOUNCED, Status.CANCELLED])

    def upcoming(self, now) -> MeetingQuerySet:
        return self.filter(starts_at__gte=now).order_by("starts_at", "pk")

    def past(self, now) -> MeetingQuerySet:
        return self.filter(starts_at__lt=now).order_by("-starts_at", "-pk")


class Meeting(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind of meeting"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("meeting topic"), max_length=200)
    about = models.TextField(
        _("what the meeting is about"),
        blank=True,
        help_text=_("The questions to be discussed, and what the public can contribute."),
    )
    starts_at = models.DateTimeField(_("time"))
    place = models.CharField(pgettext_lazy("meeting", "place"), max_length=200)
    how_to_attend = models.TextField(
        _("how to attend"),
        help_text=_("e.g. bring an identity card; sign up on this site or by telephone."),
    )
    seats = models.PositiveIntegerField(_("seats for the public"))
    signup_days = models.PositiveSmallIntegerField(
        _("sign-up closes (working days before the meeting)"), default=2
    )
    # The last day to sign up: `signup_days` working days before the meeting's day.
    signup_closes_on = models.DateField(_("sign-up closes on"))
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    # The last person who changed the draft before it was announced: not its approver either.
    edited_by = models.ForeignKey(
        User,
        verbose_name=_("draft last changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    announced_by = models.ForeignKey(
        User,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    postponed_from = models.DateTimeField(_("first planned for"), null=True, blank=True)
    change_reason = models.CharField(
        _("reason for the postponement or cancellation"), max_length=300, blank=True
    )
    decisions = models.OneToOneField(
        Publication,
        verbose_name=_("published decisions"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting",
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("open meeting")
        verbose_name_plural = _("open meetings")
        ordering: ClassVar = ["-starts_at", "-pk"]
        indexes: ClassVar = [models.Index(fields=["unit", "starts_at"], name="meeting_unit_time")]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(seats_taken__lte=models.F("seats")), name="meeting_seats_not_exceeded"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings_public:meeting", kwargs={"org_code": self.unit.org_code, "pk": self.pk}
        )

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.seats_taken, 0)

    @property
    def is_full(self) -> bool:
        return self.seats_taken >= self.seats

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_cancelled(self) -> bool:
        return self.status == Status.CANCELLED

    def decisions_public(self) -> Publication | None:
        """The decisions' publication, once the public can read it."""
        publication = self.decisions
        if publication is None or publication.current_id is None:
            return None
        if publication.is_internal or publication.status == "withdrawn":
            return None
        return publication


class SignupQuerySet(models.QuerySet):
    def active(self) -> SignupQuerySet:
        return self.filter(cancelled_at__isnull=True)


class Signup(models.Model):
    """One person's sign-up. Name and phone are for the unit's staff only, never shown in full
    on a page; the token lets the person read their sign-up and its notices."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("open meeting"), on_delete=models.PROTECT, related_name="signups"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=40)
    phone = models.CharField(_("telephone"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # A keyed hash of the connection it came from: enough to count a flood, not the address.
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = SignupQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering: ClassVar = ["created_at", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "phone"], name="one_signup_per_phone"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["source_hash", "created_at"], name="signup_source_time"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.masked_phone}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_name(self) -> str:
        if len(self.name) <= 1:
            return self.name
        if len(self.name) == 2:
            return self.name[0] + "*"
        return self.name[0] + "*" * (len(self.name) - 2) + self.name[-1]


def mask_phone(phone: str) -> str:
    """138****1234: the shape stays, the middle goes."""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


class NoticeKind(models.TextChoices):
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class Notice(models.Model):
    """What a signed-up person was told: shown on their sign-up page, e-mailed if they gave an
    address."""

    signup = models.ForeignKey(
        Signup, verbose_name=_("sign-up"), on_delete=models.PROTECT, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NoticeKind.choices)
    message = models.TextField(_("notice text"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    emailed = models.BooleanField(_("also e-mailed"), default=False)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering: ClassVar = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.message
