"""The disclosure catalog (公开目录): what must be disclosed, by whom, how often, after what.

Each county keeps one catalog, loaded from the default in `defaults.py` and edited by the
county's supervisors. Townships and offices adopt the items that apply to them and may add
items of their own (their unit plan, as the seed plan asks of every station and office).
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.core.models import Audience, Unit, UnitKind, User


class Group(models.TextChoices):
    """The four lists of the seed plan's 内容 section, and the Regulation's Art. 21 items."""

    TOWNSHIP = "township", _("Matters of the township government")
    VILLAGE = "village", _("Matters corresponding to village disclosure")
    OFFICE = "office", _("Matters of the stations and offices")
    INTERNAL = "internal", _("Matters disclosed to the township's own staff")
    ART21 = "art21", _("Township matters of Article 21 of the Regulation")


class Mode(models.TextChoices):
    PROACTIVE = "proactive", _("Proactive disclosure")
    ON_APPLICATION = "on_application", _("Disclosure on application")


class Level(models.TextChoices):
    COUNTY = "county", _("County level")
    TOWNSHIP = "township", _("Township level")


class Approval(models.TextChoices):
    """The check a publication under the item needs before it is published (seed: 标准公开程序)."""

    REVIEW = "review", _("Review only")
    COLLECTIVE = "collective", _("Collective decision by the party committee and government")
    CONGRESS = "congress", _("Approval by the township people's congress")


class Cadence(models.TextChoices):
    """How often the item is disclosed (seed: 四时间, 三个统一)."""

    STANDING = "standing", _("Kept current: updated whenever it changes")
    ANNUAL = "annual", _("Every year")
    HALF_YEARLY = "half_yearly", _("Regular work: at least every half year")
    QUARTERLY = "quarterly", _("Every quarter")
    TIMELY = "timely", _("Phased work: as each phase is done")
    IMMEDIATE = "immediate", _("Temporary work: at once")
    WITH_VILLAGE = "with_village", _("In step with the village's disclosure")


# Cadences whose publications cover a period (e.g. 2026年上半年), which must then be named.
PERIODIC_CADENCES = frozenset({Cadence.ANNUAL, Cadence.HALF_YEARLY, Cadence.QUARTERLY})


class Channel(models.TextChoices):
    """The standard channel values of the county catalogs (国办发〔2019〕54号)."""

    WEBSITE = "website", "政府网站"
    GAZETTE = "gazette", "政府公报"
    SOCIAL = "social", "两微一端"
    HEARING = "hearing", "发布会/听证会"
    BROADCAST = "broadcast", "广播电视"
    PRINT = "print", "纸质媒体"
    READING_POINT = "reading_point", "公开查阅点"
    SERVICE_CENTRE = "service_centre", "政务服务中心"
    SERVICE_STATION = "service_station", "便民服务站"
    DOOR_TO_DOOR = "door_to_door", "入户/现场"
    BOARD = "board", "社区/企事业单位/村公示栏（电子屏）"
    PUSH = "push", "精准推送"
    OTHER = "other", "其他"


class Catalog(models.Model):
    """One county's catalog."""

    county = models.OneToOneField(
        Unit,
        verbose_name=pgettext_lazy("catalog", "county"),
        on_delete=models.PROTECT,
        related_name="catalog",
        limit_choices_to={"kind": UnitKind.COUNTY},
    )
    name = models.CharField(pgettext_lazy("catalog", "name"), max_length=120)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("disclosure catalog")
        verbose_name_plural = _("disclosure catalogs")

    def __str__(self) -> str:
        return self.name


class CatalogItemQuerySet(models.QuerySet):
    def active(self) -> CatalogItemQuerySet:
        return self.filter(is_active=True)

    def of_county(self) -> CatalogItemQuerySet:
        """Items of the county's catalog itself, not a unit's own."""
        return self.filter(owner__isnull=True)

    def adopted_by(self, unit: Unit) -> CatalogItemQuerySet:
        return self.filter(adoptions__unit=unit)

    def adoptable_by(self, unit: Unit) -> CatalogItemQuerySet:
        """The county's items a unit may adopt, and the unit's own items."""
        return self.filter(catalog__county_id=unit.county.pk).filter(
            Q(owner__isnull=True) | Q(owner=unit)
        )

    def in_order(self) -> CatalogItemQuerySet:
        return self.order_by("position", "pk")


class CatalogItem(models.Model):
    """One row of the catalog, with the standard columns."""

    catalog = models.ForeignKey(
        Catalog, verbose_name=_("catalog"), on_delete=models.PROTECT, related_name="items"
    )
    owner = models.ForeignKey(
        Unit,
        verbose_name=_("own item of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_catalog_items",
        help_text=_("Empty for the county's items; the unit, for an item a unit added itself."),
    )
    # The default catalog's key for this item ("T03"), so loading the default again finds it.
    key = models.CharField(_("key"), max_length=20, blank=True, editable=False)
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    level1 = models.CharField(_("first-level matter"), max_length=60)
    level2 = models.CharField(_("second-level matter"), max_length=120)
    content = models.TextField(_("content to disclose (elements)"))
    basis = models.TextField(_("basis for disclosure"))
    time_limit = models.CharField(_("time limit for disclosure"), max_length=200)
    subject = models.CharField(_("disclosing body"), max_length=120)
    channels = models.JSONField(_("channels and carriers"), default=list)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    mode = models.CharField(_("manner of disclosure"), max_length=16, choices=Mode.choices)
    level = models.CharField(_("level of disclosure"), max_length=16, choices=Level.choices)
    approval = models.CharField(
        _("approval needed before publishing"), max_length=16, choices=Approval.choices
    )
    cadence = models.CharField(_("cadence"), max_length=16, choices=Cadence.choices)
    unit_kind = models.CharField(
        _("for units of kind"),
        max_length=16,
        choices=[
            (UnitKind.TOWNSHIP, UnitKind.TOWNSHIP.label),
            (UnitKind.OFFICE, UnitKind.OFFICE.label),
            (UnitKind.VILLAGE, UnitKind.VILLAGE.label),
        ],
        help_text=_("Which units adopt this item by default."),
    )
    service_guide = models.BooleanField(
        _("service guide"),
        default=False,
        help_text=_(
            "A service matter: its publications carry the six elements, the time limit and "
            "the supervision method."
        ),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    # A duplicate merged into another item: retired, its old addresses lead to that item.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        User,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CatalogItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("catalog item")
        verbose_name_plural = _("catalog items")
        ordering: ClassVar = ["position", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["catalog", "key"], condition=~Q(key=""), name="catalog_item_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level1} · {self.level2}"

    def clean(self) -> None:
        super().clean()
        unknown = [c for c in self.channels or [] if c not in Channel.values]
        if unknown:
            raise ValidationError(
                {"channels": _("Unknown channel: %(value)s") % {"value": unknown[0]}}
            )
        if not self.channels:
            raise ValidationError({"channels": _("Name at least one channel.")})
        if self.group == Group.INTERNAL and self.audience != Audience.INTERNAL:
            raise ValidationError(
                {
                    "audience": _(
                        "Items disclosed to the unit's own staff have the staff as audience."
                    )
                }
            )

    @property
    def is_internal(self) -> bool:
        return self.audience == Audience.INTERNAL

    @property
    def needs_decision(self) -> bool:
        """More than a review: a collective decision or the congress's approval."""
        return self.approval != Approval.REVIEW

    @property
    def needs_collective_decision(self) -> bool:
        return self.approval == Approval.COLLECTIVE

    @property
    def is_periodic(self) -> bool:
        return self.cadence in PERIODIC_CADENCES

    def channel_labels(self) -> list[str]:
        return [Channel(c).label for c in self.channels if c in Channel.values]


class Adoption(models.Model):
    """A unit's choice to disclose a catalog item: its unit plan is the set of its adoptions."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="adoptions"
    )
    item = models.ForeignKey(
        CatalogItem,
        verbose_name=_("catalog item"),
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    note = models.CharField(
        _("how it applies here"),
        max_length=200,
        blank=True,
        help_text=_("e.g. the unit's own channel or time limit for this item."),
    )
    adopted_at = models.DateTimeField(_("adopted at"), auto_now_add=True)
    adopted_by = models.ForeignKey(
        User,
        verbose_name=_("adopted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["unit", "item"], name="adoption_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.item}"
