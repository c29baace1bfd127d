from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import DOCUMENT_AUDIENCES, Audience


class Validity(models.TextChoices):
    CURRENT = "current", _("current")
    EXPIRED = "expired", _("expired")
    REPEALED = "repealed", _("repealed")


# Current documents come first, then lapsed ones, then repealed ones.
VALIDITY_RANK: dict[str, int] = {Validity.CURRENT: 2, Validity.EXPIRED: 1, Validity.REPEALED: 0}


class SearchDocumentQuerySet(models.QuerySet):
    def by_sort_keys(self, keys: list[int]) -> list[SearchDocument]:
        """The documents with these sort keys, in the order given."""
        found = {doc.sort_key: doc for doc in self.filter(sort_key__in=keys)}
        return [found[key] for key in keys if key in found]


class SearchDocument(models.Model):
    """What the index knows of one document: filters, what a result shows, and the texts.

    The texts are kept so snippets can be cut from them and the index rebuilt without
    asking the app that owns the document. The searchable tokens live beside this table in
    vendor-specific SQL (an FTS5 table on SQLite, a tsvector table on PostgreSQL).
    """

    key = models.CharField(max_length=100, unique=True)
    # The FTS5 rowid, and the order of results within a tier: validity rank, date, then id.
    sort_key = models.BigIntegerField(unique=True, null=True)
    unit_id = models.BigIntegerField()
    unit_path = models.CharField(max_length=255)
    unit_name = models.CharField(max_length=120, blank=True)
    catalog_item_id = models.BigIntegerField(null=True, blank=True)
    catalog_item_name = models.CharField(max_length=200, blank=True)
    topic = models.CharField(max_length=100, blank=True, db_index=True)
    date = models.DateField()
    validity = models.CharField(max_length=16, choices=Validity.choices)
    audience = models.CharField(max_length=16, choices=DOCUMENT_AUDIENCES)
    # For an internal document: the unit whose staff may read it.
    reader_unit_id = models.BigIntegerField(null=True, blank=True)
    title = models.TextField()
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    tables = models.TextField(blank=True)
    attachments = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    indexed_at = models.DateTimeField(auto_now=True)

    objects = SearchDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(validity__in=[choice.value for choice in Validity]),
                name="search_document_validity_known",
            ),
            models.CheckConstraint(
                condition=models.Q(audience=Audience.PUBLIC)
                | models.Q(audience=Audience.INTERNAL, reader_unit_id__isnull=False),
                name="search_document_internal_has_readers",
            ),
        ]

    def __str__(self) -> str:
        return self.key

    def make_sort_key(self) -> int:
        """Validity rank, then the day, then the primary key, packed into 52 bits."""
        return sort_key(self.validity, self.date, self.pk)


class RebuildProgress(models.Model):
    """How far a rebuild of the index has come (one row while one runs), so a stopped
    rebuild can go on from there (`gongkai rebuild_search_index --resume`)."""

    started_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=100, blank=True)
    # The key of the last document indexed from `source`, and how many it has given.
    last_key = models.CharField(max_length=100, blank=True)
    done_in_source = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search index rebuild")
        verbose_name_plural = _("search index rebuilds")

    def __str__(self) -> str:
        return f"{self.done} documents since {self.started_at:%Y-%m-%d %H:%M}"


# Bits of the sort key, 52 in all. SQLite 3.40's FTS5 skipped rows of AND queries in
# `ORDER BY rowid DESC` over our first keys, decimal numbers near 10^17; these packed keys do
# not (tests/test_search.py::test_a_descending_scan_over_our_sort_keys_loses_no_row).
PK_BITS = 30
DAY_BITS = 20


def sort_key(validity: str, day, pk: int) -> int:
    if not 0 < pk < 2**PK_BITS:
        raise OverflowError("the search index numbers its documents below 2^30")
    return (VALIDITY_RANK[validity] << (DAY_BITS + PK_BITS)) | (_day(day) << PK_BITS) | pk


def _day(day) -> int:
    # 2^20 days reach the year 2870; a later date sorts as the last day that fits.
    return min(day.toordinal(), 2**DAY_BITS - 1)


def sort_key_range(rank: int, first_day=None, last_day=None) -> tuple[int, int]:
    """The lowest and highest sort key of one validity rank between two days."""
    low_day = _day(first_day) if first_day else 0
    high_day = _day(last_day) if last_day else 2**DAY_BITS - 1
    base = rank << (DAY_BITS + PK_BITS)
    return base | (low_day << PK_BITS), base | (high_day << PK_BITS) | (2**PK_BITS - 1)
