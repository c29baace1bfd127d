"""The two index backends, chosen from the database vendor: SQLite FTS5 and PostgreSQL."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.db import connection

from ..models import VALIDITY_RANK, Audience, SearchDocument, sort_key_range
from ..text import Term


@dataclass(frozen=True)
class Filters:
    """What a search may be narrowed to. Empty fields do not narrow."""

    unit_id: int | None = None  # the unit and every unit below it
    catalog_item_id: int | None = None
    topic: str = ""
    date_from: date | None = None
    date_to: date | None = None
    validity: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(
            self.unit_id
            or self.catalog_item_id
            or self.topic
            or self.date_from
            or self.date_to
            or self.validity
        )


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]
    filters: Filters
    # Units whose internal documents the reader may see; empty for the public.
    scope: frozenset[int]
    offset: int
    limit: int


class Backend(Protocol):
    def add(self, docs: list[SearchDocument]) -> None: ...

    def delete(self, docs: list[SearchDocument]) -> None: ...

    def clear(self) -> None: ...

    def find(self, query: Query) -> tuple[list[SearchDocument], int, bool]:
        """The page of documents, the total, and whether the total is exact (it is a
        lower bound when the backend stopped counting)."""


def topic_token(topic: str) -> str:
    return "t" + hashlib.blake2s(topic.encode(), digest_size=8).hexdigest()


def facets(doc: SearchDocument) -> list[str]:
    """The filter tokens of a document: "any", its units, catalog item, topic, readers."""
    out = ["any"]
    out.extend(f"u{part}" for part in doc.unit_path.strip("/").split("/") if part)
    if doc.catalog_item_id:
        out.append(f"c{doc.catalog_item_id}")
    if doc.topic:
        out.append(topic_token(doc.topic))
    if doc.audience == Audience.INTERNAL:
        out.extend(["ain", f"ai{doc.reader_unit_id}"])
    return out


def sort_ranges(query: Query) -> list[tuple[int, int]]:
    """Rowid ranges for the validity and date filters, best validity first."""
    filters = query.filters
    if not (filters.date_from or filters.date_to or filters.validity):
        return [(0, sort_key_range(max(VALIDITY_RANK.values()))[1])]
    ranks = sorted((VALIDITY_RANK[v] for v in (filters.validity or VALIDITY_RANK)), reverse=True)
    return [sort_key_range(rank, filters.date_from, filters.date_to) for rank in ranks]


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    from .sqlite import SQLiteBackend

    return SQLiteBackend()
