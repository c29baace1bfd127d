"""Publications (政府信息) and their immutable versions.

A `Publication` is one piece of disclosed information of a unit, under one catalog item. Its
content lives in `PublicationVersion`s: the one being written is a draft; once published a
version never changes again (the ORM and a database trigger refuse it). Every edit after
publication starts a new draft version, which replaces the current one when it is published.

Statuses and their transitions sit together below; the review and approval workflow
adds its statuses between "draft" and "published" by extending `TRANSITIONS`.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.catalog.models import CatalogItem
from gongkai.core.models import Unit, User


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    AMENDING = "amending", _("Published; an amendment is being written")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The statuses each status may move to. `edit` on a published publication starts an amendment.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.DRAFT, Status.PUBLISHED}),
    Status.PUBLISHED: frozenset({Status.AMENDING, Status.WITHDRAWN}),
    Status.AMENDING: frozenset({Status.AMENDING, Status.PUBLISHED, Status.WITHDRAWN}),
    Status.WITHDRAWN: frozenset(),
}


class Stage(models.TextChoices):
    """Where the draft version (a first draft or an amendment) is in its review."""

    WRITING = "writing", _("Being written")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned with comments")
    APPROVED = "approved", _("Approved")
    SCHEDULED = "scheduled", _("Approved; publication scheduled")
    PUBLISHED = "published", pgettext_lazy("review stage", "Published")


# The review stages each stage may move to; an edit of a returned draft brings it back to writing.
STAGE_TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.WRITING: frozenset({Stage.WRITING, Stage.SUBMITTED}),
    Stage.SUBMITTED: frozenset({Stage.RETURNED, Stage.APPROVED}),
    Stage.RETURNED: frozenset({Stage.WRITING, Stage.SUBMITTED}),
    Stage.APPROVED: frozenset({Stage.SCHEDULED, Stage.PUBLISHED}),
    Stage.SCHEDULED: frozenset({Stage.PUBLISHED}),
    Stage.PUBLISHED: frozenset(),
}

# Stages in which the clerk may still change the draft.
EDITABLE_STAGES = frozenset({Stage.WRITING, Stage.RETURNED})


def ensure_stage(review: Review, target: str) -> None:
    if target not in STAGE_TRANSITIONS.get(review.stage, frozenset()):
        raise ValidationError(
            _("A draft that is “%(now)s” cannot become “%(then)s”.")
            % {"now": review.get_stage_display(), "then": Stage(target).label},
            code="stage",
        )


# What an edit does to each status: a published publication gets an amendment.
AFTER_EDIT: dict[str, str] = {
    Status.DRAFT: Status.DRAFT,
    Status.PUBLISHED: Status.AMENDING,
    Status.AMENDING: Status.AMENDING,
    Status.WITHDRAWN: Status.WITHDRAWN,  # refused by TRANSITIONS: nothing follows a withdrawal
}


def ensure_transition(publication: Publication, target: str) -> None:
    if target not in TRANSITIONS.get(publication.status, frozenset()):
        raise ValidationError(
            _("A publication that is “%(now)s” cannot become “%(then)s”.")
            % {"now": publication.get_status_display(), "then": Status(target).label},
            code="transition",
        )


class Audience(models.TextChoices):
    PUBLIC = "public", _("The public")
    INTERNAL = "internal", _("The unit's own staff (internal)")


class Validity(models.TextChoices):
    VALID = "valid", _("In force")
    REPEALED = "repealed", _("Repealed")
    EXPIRED = "expired", _("Expired")


class Topic(models.TextChoices):
    """主题分类, the subject classification Chinese government sites use."""

    ORGANISATION = "organisation", "国务院组织机构"
    GENERAL = "general", "综合政务"
    ECONOMY = "economy", "国民经济管理、国有资产监管"
    FINANCE = "finance", "财政、金融、审计"
    LAND = "land", "国土资源、能源"
    AGRICULTURE = "agriculture", "农业、林业、水利"
    INDUSTRY = "industry", "工业、交通"
    COMMERCE = "commerce", "商贸、海关、旅游"
    MARKET = "market", "市场监管、安全生产监管"
    CONSTRUCTION = "construction", "城乡建设、环境保护"
    SCIENCE = "science", "科技、教育"
    CULTURE = "culture", "文化、广电、新闻出版"
    HEALTH = "health", "卫生、体育"
    POPULATION = "population", "人口与计划生育、妇女儿童工作"
    LABOUR = "labour", "劳动、人事、监察"
    SECURITY = "security", "公安、安全、司法"
    CIVIL = "civil", "民政、扶贫、救灾"
    ETHNIC = "ethnic", "民族、宗教"
    FOREIGN = "foreign", "对外事务"
    HMT = "hmt", "港澳台侨工作"
    DEFENCE = "defence", "国防"
    OTHER = "other", "其他"


# The six elements (六要素) and the two more the seed plan asks of the offices' service matters.
SERVICE_FIELDS = (
    "basis",
    "duty",
    "conditions",
    "procedure",
    "discipline",
    "result",
    "time_limit",
    "supervision",
)


class PublicationQuerySet(models.QuerySet):
    def published(self) -> PublicationQuerySet:
        """Publications with a current version: what the public may see, audience aside."""
        return self.filter(current__isnull=False)

    def public(self) -> PublicationQuerySet:
        return self.published().filter(audience=Audience.PUBLIC)

    def visible_to(self, internal_units: Q) -> PublicationQuerySet:
        """Published, and public or internal to a unit matched by `internal_units` (a Unit Q)."""
        internal = Q(audience=Audience.INTERNAL, unit__in=Unit.objects.filter(internal_units))
        return self.published().filter(Q(audience=Audience.PUBLIC) | internal)

    def newest_first(self) -> PublicationQuerySet:
        return self.order_by("-first_published_at", "-pk")


class Publication(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("publisher"), on_delete=models.PROTECT, related_name="publications"
    )
    item = models.ForeignKey(
        CatalogItem,
        verbose_name=_("catalog item"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # 索引号: `<org code>/<year>-<serial>`, given on first publication and never changed.
    index_no = models.CharField(
        _("index number"), max_length=32, unique=True, null=True, blank=True
    )
    index_year = models.PositiveIntegerField(null=True, blank=True, editable=False)
    index_serial = models.PositiveIntegerField(null=True, blank=True, editable=False)
    current = models.OneToOneField(
        "PublicationVersion",
        verbose_name=_("current version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The period code (2026-H1) of the version last published, read from its period label:
    # versions are sealed and never change, so the structured code is kept here.
    period_code = models.CharField(_("period code"), max_length=8, blank=True, db_index=True)
    first_published_at = models.DateTimeField(_("first published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        User,
        verbose_name=_("withdrawn by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A take-down (删除) for personal data published by mistake: the publication is withdrawn
    # and the content of its versions deleted; the seals keep their hashes.
    taken_down_at = models.DateTimeField(_("taken down at"), null=True, blank=True)
    take_down_reason = models.TextField(_("reason for the take-down"), blank=True)
    taken_down_by = models.ForeignKey(
        User,
        verbose_name=_("taken down by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering: ClassVar = ["-first_published_at", "-pk"]
        # The newest first, county-wide and per unit: the portal's lists and feeds.
        indexes: ClassVar = [
            models.Index(
                models.F("first_published_at").desc(),
                models.F("id").desc(),
                name="publication_newest",
            ),
            models.Index(
                "unit",
                models.F("first_published_at").desc(),
                models.F("id").desc(),
                name="publication_unit_newest",
            ),
            # A catalog item's newest and its count, read from the index alone (the catalog
            # tree asks each item for a few rows, never the unit's whole list).
            models.Index(
                "unit",
                "item",
                models.F("first_published_at").desc(),
                models.F("id").desc(),
                "audience",
                "current",
                name="publication_item_newest",
            ),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["unit", "index_year", "index_serial"], name="publication_serial_unique"
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT) | Q(index_no__isnull=False, current__isnull=False),
                name="publication_published_has_index_no",
            ),
        ]

    def __str__(self) -> str:
        version = self.current or self.draft
        title = version.title if version else ""
        return f"{self.index_no or _('(unpublished)')} {title}"

    def get_absolute_url(self) -> str:
        if not self.index_no:
            return reverse("publishing:detail", kwargs={"pk": self.pk})
        code, rest = self.index_no.split("/", 1)
        return reverse("publishing_public:publication", kwargs={"org_code": code, "number": rest})

    def refresh_from_db(self, *args, **kwargs) -> None:
        self.__dict__.pop("_draft", None)
        super().refresh_from_db(*args, **kwargs)

    @property
    def draft(self) -> PublicationVersion | None:
        """The version being written, if any (cached on the object)."""
        if not hasattr(self, "_draft"):
            self._draft = (
                self.versions.filter(published_at__isnull=True).order_by("-number").first()
            )
        return self._draft

    @property
    def is_internal(self) -> bool:
        return self.audience == Audience.INTERNAL


class PublicationVersionQuerySet(models.QuerySet):
    def drafts(self) -> PublicationVersionQuerySet:
        return self.filter(published_at__isnull=True)

    def written_by(self, user: User) -> PublicationVersionQuerySet:
        """Drafts this user wrote or edited: they may not publish these themselves."""
        return self.drafts().filter(Q(created_by=user) | Q(edited_by=user))


class PublicationVersion(models.Model):
    """One version of a publication's content. Immutable once published."""

    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    topic = models.CharField(_("subject classification"), max_length=20, choices=Topic.choices)
    publisher_name = models.CharField(_("issuing body"), max_length=120)
    doc_no = models.CharField(
        pgettext_lazy("publication", "document number"), max_length=60, blank=True
    )
    written_on = models.DateField(_("date written"), null=True, blank=True)
    period = models.CharField(
        _("period covered"),
        max_length=40,
        blank=True,
        help_text=_("For regular items, e.g. 2026年上半年."),
    )
    validity = models.CharField(
        _("validity"), max_length=16, choices=Validity.choices, default=Validity.VALID
    )
    validity_changed_on = models.DateField(_("repealed or expired on"), null=True, blank=True)
    approval_reference = models.CharField(
        _("approval record"),
        max_length=200,
        blank=True,
        help_text=_(
            "The meeting that decided or approved it, e.g. 2026年1月8日乡党委会议集体讨论决定."
        ),
    )
    change_reason = models.CharField(_("reason for the change"), max_length=300, blank=True)
    # The 20-working-day rule (条例 Art. 26) counts from the day the information changed.
    changed_on = models.DateField(
        _("information created or changed on"),
        null=True,
        blank=True,
        help_text=_("It must be published within 20 working days of this day."),
    )
    # Service matters: the six elements, the time limit and the supervision method.
    basis = models.TextField(_("basis (办事依据)"), blank=True)
    duty = models.TextField(_("responsibility (办事职责)"), blank=True)
    conditions = models.TextField(_("conditions (办事条件)"), blank=True)
    procedure = models.TextField(_("procedure (办事程序)"), blank=True)
    discipline = models.TextField(_("discipline (办事纪律)"), blank=True)
    result = models.TextField(_("result (办事结果)"), blank=True)
    time_limit = models.TextField(_("time limit (办事期限)"), blank=True)
    supervision = models.TextField(_("supervision (监督方法)"), blank=True)

    created_by = models.ForeignKey(
        User, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    edited_by = models.ForeignKey(
        User, verbose_name=_("last edited by"), on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(_("last edited at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        User,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # 勘误: a correction of a typo in the published text, reviewed by one reviewer. What was
    # corrected is shown to the public beside the date and `change_reason` (why); empty on
    # every other version. Null, not blank, so that adding it never rebuilds the table.
    correction_note = models.CharField(
        _("what was corrected"), max_length=300, null=True, blank=True
    )
    # 政策解读: the policy this publication explains, a public publication of the same unit or
    # a unit above it.
    interprets = models.ForeignKey(
        Publication,
        verbose_name=_("interprets the policy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interpreting_versions",
    )
    # The hash of the canonical content, as sealed; it stays when the content is taken down.
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Set when the content was taken down: the version is a tombstone, its hash without its text.
    taken_down_at = models.DateTimeField(_("taken down at"), null=True, blank=True)

    objects = PublicationVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication version")
        verbose_name_plural = _("publication versions")
        ordering: ClassVar = ["publication", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["publication", "number"], name="version_number_unique"),
            models.UniqueConstraint(
                fields=["publication"],
                condition=Q(published_at__isnull=True),
                name="one_draft_per_publication",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def save(self, *args, **kwargs) -> None:
        if (
            self.pk is not None
            and type(self).objects.filter(pk=self.pk, published_at__isnull=False).exists()
        ):
            raise PermissionError("a published version never changes")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.published_at is not None:
            raise PermissionError("a published version never changes")
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_correction(self) -> bool:
        """A 勘误: published after one reviewer's check, with a correction note."""
        return bool(self.correction_note)

    @property
    def is_taken_down(self) -> bool:
        return self.taken_down_at is not None

    @property
    def seal(self) -> Seal | None:
        """The chain entry that sealed this version's content when it was published."""
        return self.seals.filter(event=SealEvent.PUBLISHED).order_by("number").first()

    def service_elements(self) -> list[tuple[str, str]]:
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in SERVICE_FIELDS
        ]


class _VersionPart(models.Model):
    """Something that belongs to one version and is frozen with it."""

    version = models.ForeignKey(PublicationVersion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self._refuse_if_published()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_published()
        return super().delete(*args, **kwargs)

    def _refuse_if_published(self) -> None:
        if PublicationVersion.objects.filter(
            pk=self.version_id, published_at__isnull=False
        ).exists():
            raise PermissionError("a published version never changes")


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is the content hash, so the uploaded name never reaches the file system.
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}.{instance.kind}"


class Attachment(_VersionPart):
    version = models.ForeignKey(
        PublicationVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    title = models.CharField(
        _("attachment title"),
        max_length=200,
        help_text=_("What readers see and what is printed, e.g. 2026年部门预算说明."),
    )
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("file type"), max_length=8)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering: ClassVar = ["position", "pk"]

    def __str__(self) -> str:
        return self.title or self.name


class PublicationTable(_VersionPart):
    """A table uploaded as CSV or XLSX, kept as text cells: a header row and data rows."""

    version = models.ForeignKey(
        PublicationVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="tables",
    )
    caption = models.CharField(_("table title"), max_length=200)
    columns = models.JSONField(_("columns"))
    rows = models.JSONField(_("rows"))
    source_name = models.CharField(_("uploaded file"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering: ClassVar = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption


class IndexCounter(models.Model):
    """The last serial given to a publisher in a year. It only goes up: numbers are never reused."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["unit", "year"], name="index_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last_serial}"


class Review(models.Model):
    """The review of one draft version: submitted, returned or approved, and by whom."""

    version = models.OneToOneField(
        PublicationVersion, on_delete=models.PROTECT, related_name="review"
    )
    stage = models.CharField(
        _("review stage"), max_length=16, choices=Stage.choices, default=Stage.WRITING
    )
    submitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    comments = models.TextField(_("reviewer's comments"), blank=True)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # 保密审查: the reviewer's secrecy-review checklist, confirmed with the approval.
    no_state_secret = models.BooleanField(_("contains no state secret"), default=False)
    no_superior_document = models.BooleanField(
        _("re-posts no non-public document of a superior body"), default=False
    )
    privacy_lawful = models.BooleanField(
        _("discloses no personal information beyond what the law allows"), default=False
    )
    scheduled_for = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_late = models.BooleanField(_("published after the 20 working days"), default=False)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.version} {self.stage}"


class Decision(models.Model):
    """A collective decision (集体研究决定) of the party committee and government, by a leader."""

    version = models.ForeignKey(
        PublicationVersion, on_delete=models.PROTECT, related_name="decisions"
    )
    meeting = models.CharField(_("meeting"), max_length=120)
    held_on = models.DateField(_("date of the meeting"))
    minutes_no = models.CharField(_("minutes number"), max_length=60)
    attendees = models.TextField(_("attendees"))
    outcome = models.TextField(_("outcome"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("collective decision")
        verbose_name_plural = _("collective decisions")
        ordering: ClassVar = ["pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.meeting} {self.minutes_no}"


class CongressApproval(models.Model):
    """Approval by the township people's congress (乡镇人民代表大会)."""

    version = models.ForeignKey(
        PublicationVersion, on_delete=models.PROTECT, related_name="congress_approvals"
    )
    session = models.CharField(_("session"), max_length=120)
    held_on = models.DateField(_("date of the session"))
    resolution = models.TextField(_("resolution"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("congress approval")
        verbose_name_plural = _("congress approvals")
        ordering: ClassVar = ["pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.session}"


class FindingState(models.TextChoices):
    OPEN = "open", _("Open")
    MASKED = "masked", _("Masked")
    OVERRIDDEN = "overridden", _("Kept, with a legal reason")


class Finding(models.Model):
    """Personal information found by the privacy screening in a draft, and what became of it."""

    version = models.ForeignKey(
        PublicationVersion, on_delete=models.PROTECT, related_name="findings"
    )
    kind = models.CharField(_("kind"), max_length=24)
    in_attachment = models.BooleanField(default=False)
    # The file it was found in, so masking knows which file to rewrite.
    attachment = models.ForeignKey(
        Attachment, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    place = models.CharField(_("where"), max_length=300)
    value = models.CharField(_("text found"), max_length=200)
    state = models.CharField(
        _("state"), max_length=16, choices=FindingState.choices, default=FindingState.OPEN
    )
    reason = models.TextField(_("legal reason"), blank=True)
    settled_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    found_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("privacy finding")
        verbose_name_plural = _("privacy findings")
        ordering: ClassVar = ["pk"]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.place}"


class SealChain(models.Model):
    """The head of one county's seal chain; its row is locked while a seal is added."""

    county = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="+")
    last_number = models.PositiveIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.county_id}: {self.last_number}"


class SealEvent(models.TextChoices):
    """What put an entry into the chain."""

    PUBLISHED = "published", pgettext_lazy("seal", "Published")
    # The public state (audience, status) of a publication sealed before seals covered it.
    STATE = "state", _("Public state sealed")
    WITHDRAWN = "withdrawn", pgettext_lazy("seal", "Withdrawn")
    TAKEN_DOWN = "taken_down", _("Taken down")


# How an entry's seal hash is computed: 1 covers the content only (entries sealed before the
# public state was); 2 also covers the event and the publication's public state.
SEAL_SCHEME = 2


class Seal(models.Model):
    """An entry of the county's chain: SHA-256 over a version's canonical content and, from
    scheme 2, its publication's public state (audience, status, withdrawal, take-down)."""

    county = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    version = models.ForeignKey(PublicationVersion, on_delete=models.PROTECT, related_name="seals")
    event = models.CharField(max_length=16, choices=SealEvent.choices, default=SealEvent.PUBLISHED)
    scheme = models.PositiveSmallIntegerField()
    # The publication's public state when sealed, canonical JSON (empty in scheme 1).
    state = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)
    previous = models.CharField(max_length=64, blank=True)
    seal_hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("seal")
        verbose_name_plural = _("seals")
        ordering: ClassVar = ["county", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["county", "number"], name="seal_number_unique"),
            # A version's content is sealed once, when it is published.
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(event="published"),
                name="seal_one_publication_per_version",
            ),
        ]

    def __str__(self) -> str:
        return self.seal_hash


class RenderedDocument(models.Model):
    """A published version's public document, rendered once and kept (`rendering.py`).

    Beside the version, not on it: a published version's row never changes. One per version
    and language; `key` digests what else the document shows (the catalog item's name, the
    templates), so a change there renders it afresh. Not content: the seal leaves it out.
    """

    version = models.ForeignKey(
        PublicationVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="rendered",
    )
    language = models.CharField(_("language"), max_length=16)
    key = models.CharField(_("key"), max_length=64)
    html = models.TextField(_("rendered document"))

    class Meta:
        verbose_name = _("rendered document")
        verbose_name_plural = _("rendered documents")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["version", "language"], name="one_rendered_document_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version_id} {self.language}"
