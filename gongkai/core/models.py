from __future__ import annotations

import hashlib
from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import codes


class User(AbstractUser):
    """A member of staff. Chinese names are not split, so one full-name field is kept."""

    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class UnitKind(models.TextChoices):
    COUNTY = "county", _("county")
    TOWNSHIP = "township", _("township")
    OFFICE = "office", _("station or office")
    VILLAGE = "village", _("village")


# The kind of parent each kind of unit hangs under; a county is the root.
PARENT_KIND: dict[str, str | None] = {
    UnitKind.COUNTY: None,
    UnitKind.TOWNSHIP: UnitKind.COUNTY,
    UnitKind.OFFICE: UnitKind.TOWNSHIP,
    UnitKind.VILLAGE: UnitKind.TOWNSHIP,
}


class UnitQuerySet(models.QuerySet):
    def of_kind(self, kind: str) -> UnitQuerySet:
        return self.filter(kind=kind)

    def counties(self) -> UnitQuerySet:
        return self.filter(kind=UnitKind.COUNTY)

    def subtree(self, unit: Unit) -> UnitQuerySet:
        """The unit and every unit below it."""
        return self.filter(path__startswith=unit.path)

    def by_code(self, org_code: str) -> UnitQuerySet:
        return self.filter(org_code=org_code.upper())


class Unit(models.Model):
    """An organisation in the county tree: county → township → office / village."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    name = models.CharField(_("full name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=40)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[codes.validate_credit_code],
        help_text=_("18 characters, as on the unit's registration certificate."),
    )
    org_code = models.CharField(
        _("organisation code"),
        max_length=9,
        unique=True,
        editable=False,
        help_text=_("Characters 9–17 of the credit code; the first part of every index number."),
    )
    # Materialised path of primary keys ("/1/4/17/") so a subtree is one indexed prefix match.
    path = models.CharField(max_length=255, editable=False, db_index=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    started_on = models.DateField(
        _("in operation since"),
        null=True,
        blank=True,
        help_text=_(
            "A unit set up during the year owes disclosures only for periods that end on or "
            "after this day. Empty: since before the platform was used."
        ),
    )

    # The disclosure guide's contact details (Regulation Art. 12).
    address = models.CharField(_("office address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    fax = models.CharField(_("fax"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("online contact"), blank=True)
    supervision_phone = models.CharField(
        _("supervision phone"),
        max_length=60,
        blank=True,
        help_text=_(
            "The 监督电话 printed on bulletin-board sheets and service guides, for complaints "
            "about disclosure. Empty: the nearest higher unit's number is used."
        ),
    )
    disclosure_office = models.CharField(
        _("disclosure office"),
        max_length=120,
        blank=True,
        help_text=_("The office that handles disclosure for this unit, e.g. 党政办公室."),
    )

    # A county's website identifiers, shown in the footer of every public page.
    site_sponsor = models.CharField(
        _("site sponsor"),
        max_length=120,
        blank=True,
        help_text=_("The 主办单位 named in the footer, e.g. 示例县人民政府办公室."),
    )
    site_code = models.CharField(
        _("website identification code"),
        max_length=20,
        blank=True,
        help_text=_("The 网站标识码 given to government websites, e.g. 4313990001."),
    )
    icp_number = models.CharField(
        _("ICP record number"),
        max_length=60,
        blank=True,
        help_text=_("The ICP备案号, e.g. 湘ICP备12345678号; it links to the MIIT record site."),
    )
    police_number = models.CharField(
        _("public security record number"),
        max_length=60,
        blank=True,
        help_text=_("The 公安机关备案号, e.g. 湘公网安备43139902000001号."),
    )
    police_link = models.URLField(
        _("public security record link"),
        blank=True,
        help_text=_("The address of the record on the public security record site."),
    )
    party_mark_link = models.URLField(
        _("Party and government organ mark link"),
        blank=True,
        help_text=_(
            "The address the 党政机关 mark links to (the site's record with the organisation "
            "registry). Empty: the mark is not shown."
        ),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering: ClassVar = ["path"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[choice.value for choice in UnitKind]),
                name="unit_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.credit_code = codes.normalize(self.credit_code)
        self.org_code = codes.organisation_code(self.credit_code)
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if path != self.path:
            self.path = path
            type(self).objects.filter(pk=self.pk).update(path=path)

    def get_absolute_url(self) -> str:
        return reverse("portal:unit", kwargs={"org_code": self.org_code})

    def clean(self) -> None:
        super().clean()
        if self.credit_code:
            self.credit_code = codes.normalize(self.credit_code)
        expected = PARENT_KIND.get(self.kind)
        if self.kind and expected is None and self.parent_id is not None:
            raise ValidationError(
                {"parent": _("A county is the top of the tree and has no parent unit.")}
            )
        if expected is not None:
            if self.parent is None:
                raise ValidationError(
                    {
                        "parent": _("A %(kind)s must belong to a %(parent)s.")
                        % {"kind": self.get_kind_display(), "parent": UnitKind(expected).label}
                    }
                )
            if self.parent.kind != expected:
                raise ValidationError(
                    {
                        "parent": _("A %(kind)s cannot be placed under a %(parent)s.")
                        % {
                            "kind": self.get_kind_display(),
                            "parent": self.parent.get_kind_display(),
                        }
                    }
                )

    @property
    def is_county(self) -> bool:
        return self.kind == UnitKind.COUNTY

    @property
    def is_township(self) -> bool:
        return self.kind == UnitKind.TOWNSHIP

    @property
    def is_office(self) -> bool:
        return self.kind == UnitKind.OFFICE

    @property
    def is_village(self) -> bool:
        return self.kind == UnitKind.VILLAGE

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def ancestor_ids(self) -> list[int]:
        """Primary keys from the root down to this unit, this unit included."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def ancestors(self) -> UnitQuerySet:
        return Unit.objects.filter(pk__in=self.ancestor_ids()).order_by("path")

    @property
    def township(self) -> Unit | None:
        """The township this unit is, or belongs to."""
        if self.kind == UnitKind.TOWNSHIP:
            return self
        if self.kind in (UnitKind.OFFICE, UnitKind.VILLAGE):
            return self.parent
        return None

    def supervision_phone_in_force(self) -> str:
        """This unit's 监督电话, else the nearest higher unit's, else ""."""
        if self.supervision_phone:
            return self.supervision_phone
        for unit in self.ancestors().exclude(pk=self.pk).order_by("-path"):
            if unit.supervision_phone:
                return unit.supervision_phone
        return ""

    @property
    def county(self) -> Unit:
        unit = self
        while unit.parent is not None:
            unit = unit.parent
        return unit


class Role(models.TextChoices):
    CLERK = "clerk", _("clerk")
    REVIEWER = "reviewer", _("reviewer")
    LEADER = "leader", _("leader")
    UNIT_ADMIN = "unit_admin", _("unit administrator")
    SUPERVISOR = "supervisor", _("county supervisor")
    INTERNAL_STAFF = "internal_staff", _("internal staff")
    # 人大代表, 政协委员 and invited media who evaluate the county's units once a year.
    EVALUATOR = "evaluator", _("evaluator (deputy, member or media)")
    # 村务监督委员会 (村民委员会组织法 Art. 32): checks and signs off a village's disclosures.
    VILLAGE_SUPERVISION = "village_supervision", _("village supervision committee")


class Audience(models.TextChoices):
    """公开对象: who may read a record. A catalog item may be for a specific group of people; a
    document itself is read by everyone or by its unit's own staff (`DOCUMENT_AUDIENCES`)."""

    PUBLIC = "public", _("The whole of society")
    SPECIFIC = "specific", _("A specific group")
    INTERNAL = "internal", _("The unit's own staff")


# A published document's audience: an item for a specific group publishes to everyone.
DOCUMENT_AUDIENCES = [
    (Audience.PUBLIC.value, Audience.PUBLIC.label),
    (Audience.INTERNAL.value, Audience.INTERNAL.label),
]


class MembershipQuerySet(models.QuerySet):
    def of_user(self, user: User) -> MembershipQuerySet:
        return self.filter(user=user).select_related("unit")


class Membership(models.Model):
    """A user's role in a unit. A user may hold several."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering: ClassVar = ["unit__path", "role"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"

    def clean(self) -> None:
        super().clean()
        if self.role == Role.SUPERVISOR and self.unit.kind != UnitKind.COUNTY:
            raise ValidationError(
                {
                    "role": _("County supervisors belong to the county, not to a %(kind)s.")
                    % {"kind": self.unit.get_kind_display()}
                }
            )
        if self.role == Role.VILLAGE_SUPERVISION and self.unit.kind != UnitKind.VILLAGE:
            raise ValidationError(
                {
                    "role": _(
                        "The village supervision committee belongs to a village, not to a %(kind)s."
                    )
                    % {"kind": self.unit.get_kind_display()}
                }
            )
        if self.role == Role.EVALUATOR and self.unit.kind != UnitKind.COUNTY:
            raise ValidationError(
                {
                    "role": _("Evaluators belong to the county, not to a %(kind)s.")
                    % {"kind": self.unit.get_kind_display()}
                }
            )


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("audit events are append-only")

    def delete(self):
        raise PermissionError("audit events are append-only")

    def for_target(self, obj: models.Model) -> AuditEventQuerySet:
        return self.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))


class AuditEvent(models.Model):
    """One recorded state change. Append-only: database triggers refuse UPDATE and DELETE."""

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("target type"), max_length=64, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=255, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering: ClassVar = ["-occurred_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit events are append-only")


class CalendarDay(models.Model):
    """An administrator's entry for one day: a holiday or an adjusted working day.

    Entries win over the chinese_calendar package. A year the package does not know stays
    provisional until its schedule is entered and the year is recorded as a CalendarYear.
    """

    day = models.DateField(_("day"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering: ClassVar = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.name}"


class CalendarYear(models.Model):
    """A year whose official holiday schedule an administrator has entered in full."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("The State Council notice the schedule comes from."),
    )

    class Meta:
        verbose_name = _("announced year")
        verbose_name_plural = _("announced years")
        ordering: ClassVar = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class ApiToken(models.Model):
    """A staff member's key for the staff APIs: it acts with exactly that person's roles.

    Only the SHA-256 of the key is kept; the key is shown once when issued. A revoked key, or
    the key of a deactivated user, is refused (see `tokens.authenticate`).
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("key begins with"), max_length=8, db_index=True)
    name = models.CharField(_("name"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering: ClassVar = ["pk"]

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}… {self.name}".strip()

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class SecurityNote(models.Model):
    """Anonymous noise counted, not recorded one by one: failures of one kind per address or
    per account name in one time window (bad API keys, failed sign-ins).

    The table stays small: one row per kind, address or account and window, at most
    `SECURITY_LOG_MAX_ROWS` new rows per window (the rest are counted under "*"), and rows
    older than `SECURITY_LOG_DAYS` are pruned (`gongkai prune_security_log`).
    """

    class Scope(models.TextChoices):
        ADDRESS = "address", _("network address")
        ACCOUNT = "account", _("account name")

    kind = models.CharField(_("kind"), max_length=32)
    scope = models.CharField(_("counted per"), max_length=8, choices=Scope.choices)
    value = models.CharField(_("network address or account name"), max_length=150)
    window_start = models.DateTimeField(_("window starts"), db_index=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    last_at = models.DateTimeField(_("last at"))

    class Meta:
        verbose_name = _("security log entry")
        verbose_name_plural = _("security log")
        ordering: ClassVar = ["-window_start", "-count"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["kind", "scope", "value", "window_start"], name="one_note_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.window_start:%Y-%m-%d %H:%M} {self.kind} {self.value} ×{self.count}"


class CacheGeneration(models.Model):
    """How far one part of the public site has changed, for the rendered-page cache.

    A scope names what a set of pages shows: one publication, one unit's lists, the
    county-wide lists, or the whole site. An audited change moves the scopes it touches
    (`gongkai.core.caching`), so a page cached under the others' generations stays valid.
    """

    scope = models.CharField(_("scope"), max_length=128, unique=True)
    value = models.BigIntegerField(_("generation"), default=0)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("page-cache generation")
        verbose_name_plural = _("page-cache generations")

    def __str__(self) -> str:
        return f"{self.scope} {self.value}"
