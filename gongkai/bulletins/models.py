"""Postings: a printed bulletin-board sheet (公开栏) put up at a place, and when it came down.

A posting belongs to the unit whose board it is on (a township, an office or a village) and
names the published versions the sheet carried, so the record says exactly what the
villagers could read there. Postings are written only by `actions.py`.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Unit, User
from gongkai.publishing.models import Publication, PublicationVersion


class PostingQuerySet(models.QuerySet):
    def still_up(self) -> PostingQuerySet:
        return self.filter(taken_down_on__isnull=True)

    def of_publication(self, publication: Publication) -> PostingQuerySet:
        """Postings that carried any version of the publication."""
        return self.filter(versions__publication=publication).distinct()

    def newest_first(self) -> PostingQuerySet:
        return self.order_by("-posted_on", "-pk")


def photo_path(instance: Posting, filename: str) -> str:
    # Named by the content hash, like attachments: the uploaded name never reaches the disk.
    return f"postings/{instance.photo_sha256[:2]}/{instance.photo_sha256}.{instance.photo_kind}"


class Posting(models.Model):
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("board of"),
        on_delete=models.PROTECT,
        related_name="postings",
    )
    place = models.CharField(
        _("place"),
        max_length=200,
        help_text=_("Where the board is, e.g. 青山村村委会公开栏."),
    )
    posted_on = models.DateField(_("posted on"))
    versions = models.ManyToManyField(
        PublicationVersion,
        verbose_name=_("publication versions posted"),
        related_name="postings",
    )
    photo = models.FileField(_("photo"), upload_to=photo_path, max_length=200, blank=True)
    photo_kind = models.CharField(max_length=8, blank=True, editable=False)
    photo_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    taken_down_on = models.DateField(_("taken down on"), null=True, blank=True)
    taken_down_by = models.ForeignKey(
        User,
        verbose_name=_("taken down recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("bulletin-board posting")
        verbose_name_plural = _("bulletin-board postings")
        ordering: ClassVar = ["-posted_on", "-pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(taken_down_on__isnull=True)
                | Q(taken_down_on__gte=models.F("posted_on")),
                name="posting_down_after_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.posted_on:%Y-%m-%d} {self.place}"

    @property
    def is_up(self) -> bool:
        return self.taken_down_on is None


class BatchStatus(models.TextChoices):
    PREPARING = "preparing", _("being printed")
    READY = "ready", _("ready")


def batch_path(instance: BatchSheet, filename: str) -> str:
    return f"bulletins/batches/{instance.pk}.pdf"


class BatchSheet(models.Model):
    """A large batch of sheets for one board, printed by the background worker: asked for by a
    staff member, who downloads it from its page once it is ready. Written only by
    `actions.py`."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("board of"), on_delete=models.PROTECT, related_name="+"
    )
    publications = models.JSONField(_("publications"))
    size = models.CharField(_("paper size"), max_length=2)
    shown_from = models.DateField(_("shown from"))
    shown_to = models.DateField(_("shown until"))
    signoff_for_all = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        User, verbose_name=_("asked for by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked for at"), auto_now_add=True)
    status = models.CharField(
        _("state"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PREPARING
    )
    file = models.FileField(_("file"), upload_to=batch_path, max_length=200, blank=True)
    name = models.CharField(_("file name"), max_length=200, blank=True)
    printed_at = models.DateTimeField(_("printed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("batch of sheets")
        verbose_name_plural = _("batches of sheets")
        ordering: ClassVar = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return self.name or f"{self.unit} {self.requested_at:%Y-%m-%d %H:%M}"
