"""Disclosure applications (依申请公开), their events, and filings of what is withheld (备案)."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Unit
from gongkai.publishing.privacy import KINDS

from . import clock, outcomes
from .clock import Clock, ClockEvent, EventType, Stage, replay
from .outcomes import ApplicantType


class Channel(models.TextChoices):
    """How the application arrived; each has its own rule for the date of receipt (Art. 31)."""

    ONLINE = "online", _("online form")
    IN_PERSON = "in_person", _("in person")
    REGISTERED_POST = "registered_post", _("registered post")
    ORDINARY_POST = "ordinary_post", _("ordinary post")
    FAX = "fax", _("fax")
    EMAIL = "email", _("email")


# Channels whose date of receipt is the day the office confirms with the applicant: until
# then the application waits in the unconfirmed queue. In person it is the day handed in;
# by registered post the day signed for.
CONFIRMED_CHANNELS = frozenset({Channel.ONLINE, Channel.ORDINARY_POST, Channel.FAX, Channel.EMAIL})


class Delivery(models.TextChoices):
    PAPER = "paper", _("on paper")
    ELECTRONIC = "electronic", _("electronic")
    PICKUP = "pickup", _("pick up in person")


class IdType(models.TextChoices):
    ID_CARD = "id_card", _("resident identity card")
    PASSPORT = "passport", _("passport")
    CREDIT_CODE = "credit_code", _("unified social credit code")
    OTHER = "other", _("other document")


def reply_overdue_condition(today: dt.date) -> Q:
    """`clock.reply_overdue` as a query condition (for filters and counts)."""
    return Q(stage__in=Stage.CAN_BE_OVERDUE, due_on__lt=today)


class InfoRequestQuerySet(models.QuerySet):
    def open(self) -> InfoRequestQuerySet:
        return self.filter(stage__in=Stage.OPEN)

    def unconfirmed(self) -> InfoRequestQuerySet:
        return self.filter(stage=Stage.SUBMITTED)

    def running(self) -> InfoRequestQuerySet:
        """Open and counting: received, not waiting for a correction or a consultation."""
        return self.filter(stage__in=Stage.RUNNING)

    def reply_overdue(self, *, today: dt.date) -> InfoRequestQuerySet:
        return self.filter(reply_overdue_condition(today))

    def in_units(self, condition: Q) -> InfoRequestQuerySet:
        """Applications of the units matching a Unit filter (from `access.units_for`)."""
        return self.filter(unit__in=Unit.objects.filter(condition))


class InfoRequest(models.Model):
    """One application for government information (Regulation Art. 29)."""

    # Templates compare `req.stage` with `req.Stage.<member>`, never with a string.
    Stage: ClassVar[type[Stage]] = Stage

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="info_requests"
    )
    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)
    # The secret of the applicant's status link; it goes into every notice sent to them.
    token = models.CharField(max_length=64, editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)

    applicant_type = models.CharField(
        _("applicant type"), max_length=24, choices=ApplicantType.choices
    )
    applicant_name = models.CharField(_("name"), max_length=120)
    # Required on the forms (Art. 29); optional through the API, where a missing proof of
    # identity is a matter for a clarification request.
    id_type = models.CharField(
        _("proof of identity"), max_length=16, choices=IdType.choices, blank=True
    )
    id_number = models.CharField(_("document number"), max_length=40, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=30)
    contact_email = models.EmailField(_("email"), blank=True)
    contact_address = models.CharField(_("postal address"), max_length=200, blank=True)

    description = models.TextField(_("information wanted"))
    document_number = models.CharField(
        _("document number of the information"), max_length=80, blank=True
    )
    delivery = models.CharField(_("form wanted"), max_length=16, choices=Delivery.choices)
    accessibility_need = models.CharField(
        _("help needed with reading, sight or hearing"), max_length=200, blank=True
    )

    submitted_at = models.DateTimeField(_("submitted at"))
    confirmed_at = models.DateTimeField(_("receipt confirmed at"), null=True, blank=True)
    source_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # The clock's state, written only by the actions from `clock.replay` over the events, and
    # kept here so that queues can filter and sort on it. Overdue is derived, never stored.
    stage = models.CharField(
        _("stage"), max_length=24, choices=Stage.choices, default=Stage.SUBMITTED, db_index=True
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    correction_deadline = models.DateField(_("correction deadline"), null=True, blank=True)
    third_party_deadline = models.DateField(_("third party's deadline"), null=True, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=32, blank=True)

    objects = InfoRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("disclosure application")
        verbose_name_plural = _("disclosure applications")
        ordering: ClassVar = ["-submitted_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["unit", "stage", "due_on"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(applicant_type__in=ApplicantType.values),
                name="info_request_applicant_type",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="info_request_channel"
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    def get_absolute_url(self) -> str:
        return reverse("info_requests:detail", kwargs={"code": self.tracking_code})

    def token_matches(self, token: str) -> bool:
        return bool(token) and hmac.compare_digest(self.token.encode(), token.encode())

    def tracking_path(self) -> str:
        """The applicant's status page without the secret: the token is kept in the session."""
        return reverse("info_requests_public:status", kwargs={"code": self.tracking_code})

    def status_path(self) -> str:
        """The applicant's secret status link, to keep (letters, the first page after applying)."""
        return (
            reverse("info_requests_public:status", kwargs={"code": self.tracking_code})
            + f"?token={self.token}"
        )

    @property
    def stage_label(self) -> str:
        return self.get_stage_display()

    @property
    def outcome_info(self) -> outcomes.Outcome | None:
        return outcomes.BY_KEY.get(self.outcome)

    @property
    def is_open(self) -> bool:
        return self.stage in Stage.OPEN

    def reply_overdue(self, today: dt.date) -> bool:
        return clock.reply_overdue(self.stage, self.due_on, today)

    @property
    def needs_confirmation(self) -> bool:
        return self.channel in CONFIRMED_CHANNELS

    @property
    def report_column(self) -> tuple[str | None, str]:
        return outcomes.APPLICANT_COLUMNS[self.applicant_type]


# Art. 41: how a request to correct one's own records was decided.
# Art. 35: what the office made of the applicant's reasons (clock.REASONS_RESULTS).
REASONS_RESULTS = {
    "reasonable": _("reasonable"),
    "unreasonable": _("unreasonable"),
    "no_answer": _("not given by the deadline"),
}
RECORDS_RESULTS = {
    "corrected": _("corrected, and the applicant told"),
    "not_accurate": _("not corrected: the records were found accurate"),
    "forwarded": _("forwarded to the body that may correct them, and the applicant told"),
    "told_elsewhere": _("the applicant told which body may correct them"),
}


class InfoRequestEvent(models.Model):
    """One step of an application, with the day it happened (not the day it was typed in)."""

    class Type(models.TextChoices):
        SUBMITTED = "submitted", _("application submitted")
        REGISTERED = "registered", _("application registered by staff")
        RECEIVE = EventType.RECEIVE, _("receipt confirmed")
        CLARIFY = EventType.CLARIFY, _("clarification requested")
        CORRECTED = EventType.CORRECTED, _("corrected application received")
        CONSULT_START = EventType.CONSULT_START, _("consultation started")
        CONSULT_END = EventType.CONSULT_END, _("consultation ended")
        EXTEND = EventType.EXTEND, _("reply period extended")
        REPLY = EventType.REPLY, _("reply drafted")
        SIGN_OFF = EventType.SIGN_OFF, _("reply signed off and sent")
        FEE_NOTICE = EventType.FEE_NOTICE, _("fee notice sent")
        FEE_PAID = EventType.FEE_PAID, _("fee paid")
        THIRD_PARTY_NOTICE = EventType.THIRD_PARTY_NOTICE, _("third party told of the disclosure")
        ASK_REASONS = EventType.ASK_REASONS, _("applicant asked for the reasons (Art. 35)")
        REASONS_ANSWERED = EventType.REASONS_ANSWERED, _("applicant's reasons considered")
        PROACTIVE_PROPOSED = "proactive_proposed", _("marked for proactive disclosure (Art. 44)")
        RECORDS_CORRECTION_ASKED = (
            "records_asked",
            _("applicant asked to correct their own records (Art. 41)"),
        )
        RECORDS_CORRECTION_DECIDED = "records_decided", _("request to correct records decided")
        ASSIGNED = "assigned", _("handler assigned")
        TRANSFERRED = "transferred", _("transferred to another office")
        RECOMPUTED = "recomputed", _("due date recomputed after a calendar change")

    info_request = models.ForeignKey(
        InfoRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("application")
    )
    type = models.CharField(_("step"), max_length=20, choices=Type.choices)
    date = models.DateField(_("date"))
    data = models.JSONField(_("details"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    due_before = models.DateField(_("due date before"), null=True, blank=True)
    due_after = models.DateField(_("due date after"), null=True, blank=True)
    # Shown to the applicant on the status page; internal notes (assignment) are not.
    public = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering: ClassVar = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.info_request} {self.type} {self.date:%Y-%m-%d}"

    def as_clock_event(self) -> ClockEvent:
        data = dict(self.data)
        for name in ("deadline", "later_due"):
            if name in data and isinstance(data[name], str):
                data[name] = dt.date.fromisoformat(data[name])
        return ClockEvent(self.type, self.date, data)

    @property
    def outcome_info(self) -> outcomes.Outcome | None:
        return outcomes.BY_KEY.get(self.data.get("outcome", ""))

    @property
    def reasons_result_label(self) -> str:
        return str(REASONS_RESULTS.get(self.data.get("result", ""), REASONS_RESULTS["no_answer"]))

    @property
    def records_result_label(self) -> str:
        return str(RECORDS_RESULTS.get(self.data.get("result", ""), ""))


def clock_of(events: list[InfoRequestEvent], calendar) -> Clock:
    return replay((event.as_clock_event() for event in events), calendar)


class ReplyDocument(models.Model):
    """A file released with a reply."""

    info_request = models.ForeignKey(
        InfoRequest,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("application"),
    )
    file = models.FileField(_("file"), upload_to="info_requests/%Y/")
    name = models.CharField(_("name"), max_length=200)
    # The file's kind judged from its content (pdf, docx, xlsx, png, jpg …); blank for files
    # attached before uploads were checked.
    kind = models.CharField(_("kind of file"), max_length=8, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("released file")
        verbose_name_plural = _("released files")
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return self.name


class DocumentSequence(models.Model):
    """A unit's numbering of the notices it sends on applications (文号), one run a year."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("document numbering")
        verbose_name_plural = _("document numberings")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["unit", "year"], name="document_sequence_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.last}"


class CorrectionFile(models.Model):
    """A file the applicant sent with their correction (补正), through the secret link."""

    info_request = models.ForeignKey(
        InfoRequest,
        on_delete=models.CASCADE,
        related_name="correction_files",
        verbose_name=_("application"),
    )
    event = models.ForeignKey(
        InfoRequestEvent, on_delete=models.CASCADE, related_name="files", verbose_name=_("step")
    )
    file = models.FileField(_("file"), upload_to="info_requests/corrections/%Y/")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of file"), max_length=8)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("file sent with a correction")
        verbose_name_plural = _("files sent with corrections")
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return self.name


class FindingState(models.TextChoices):
    OPEN = "open", _("to be settled")
    MASKED = "masked", _("masked")
    KEPT = "kept", _("kept, with a reason")


class ReplyFinding(models.Model):
    """Personal information found in a file attached to a reply (the publications' screening).

    An open finding blocks the sign-off until it is masked in the file or kept with a reason.
    """

    document = models.ForeignKey(
        ReplyDocument,
        on_delete=models.CASCADE,
        related_name="findings",
        verbose_name=_("released file"),
    )
    kind = models.CharField(_("kind of information"), max_length=20)
    place = models.CharField(_("where"), max_length=300)
    value = models.CharField(_("found"), max_length=200)
    state = models.CharField(
        _("state"), max_length=8, choices=FindingState.choices, default=FindingState.OPEN
    )
    reason = models.TextField(_("reason for keeping it"), blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("finding in a released file")
        verbose_name_plural = _("findings in released files")
        ordering: ClassVar = ["document_id", "id"]

    def __str__(self) -> str:
        return f"{self.document}: {self.kind} ({self.place})"

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, self.kind))


class FilingQuerySet(models.QuerySet):
    def pending(self) -> FilingQuerySet:
        return self.filter(acknowledged_at__isnull=True)


class Filing(models.Model):
    """The record, for the superior unit, of information withheld in a reply (seed plan: 备案)."""

    info_request = models.OneToOneField(
        InfoRequest, on_delete=models.PROTECT, related_name="filing", verbose_name=_("application")
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("filing unit"), on_delete=models.PROTECT, related_name="+"
    )
    superior = models.ForeignKey(
        Unit,
        verbose_name=_("superior unit"),
        on_delete=models.PROTECT,
        related_name="filings_received",
    )
    outcome = models.CharField(_("outcome"), max_length=32)
    matter = models.TextField(_("matter withheld"))
    reasons = models.TextField(_("reasons"))
    filed_on = models.DateField(_("filed on"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    objects = FilingQuerySet.as_manager()

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        ordering: ClassVar = ["-filed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.info_request} → {self.superior}"

    @property
    def outcome_info(self) -> outcomes.Outcome | None:
        return outcomes.BY_KEY.get(self.outcome)
