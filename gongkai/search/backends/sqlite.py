"""SQLite: an FTS5 table of bigram tokens, ranked without bm25.

The FTS5 rowid is the document's sort key (validity rank, date, id), so `ORDER BY rowid
DESC LIMIT n` walks the hits already in result order and stops after n: the cost does not
grow with the number of hits, which is what makes a word found in a tenth of 200,000
documents as fast as a rare one. Results come in two tiers, hits in the title first, each
tier in sort-key order. Filters that are not dates or validity are tokens in a `facets`
column, so FTS5 intersects them with the words itself; dates and validity are rowid ranges.

The table is contentless (it keeps no copy of the tokens): a row is deleted by handing
FTS5 the same tokens again, which are computed from the texts kept in SearchDocument.
"""

from __future__ import annotations

from django.db import connection

from ..models import VALIDITY_RANK, Audience, SearchDocument
from ..text import Term, tokens
from . import Query, topic_token

TABLE = "search_fts"
CONTENT = ("title", "summary", "body", "tables", "attachments")
COLUMNS = (*CONTENT, "facets")

# The table itself is made by migration 0002_token_index.

# Fetching goes no deeper than this many results (100 pages of 20).
MAX_DEPTH = 2000

_ALL = "{" + " ".join(CONTENT) + "}"
_TITLE = "{title}"
_FACETS = "{facets}"


def facets(doc: SearchDocument) -> list[str]:
    out = ["any"]
    out.extend(f"u{part}" for part in doc.unit_path.strip("/").split("/") if part)
    if doc.catalog_item_id:
        out.append(f"c{doc.catalog_item_id}")
    if doc.topic:
        out.append(topic_token(doc.topic))
    if doc.audience == Audience.INTERNAL:
        out.extend(["ain", f"ai{doc.reader_unit_id}"])
    return out


def _values(doc: SearchDocument) -> list:
    return [
        doc.sort_key,
        *(" ".join(tokens(getattr(doc, column))) for column in CONTENT),
        " ".join(facets(doc)),
    ]


def _phrase(term: Term) -> str:
    return '"' + " ".join(term.tokens) + '"' + ("*" if term.prefix else "")


def _words(terms: tuple[Term, ...], columns: str) -> str:
    return " AND ".join(f"{columns}: {_phrase(term)}" for term in terms)


class SQLiteBackend:
    def add(self, docs: list[SearchDocument]) -> None:
        placeholders = ", ".join("%s" for _ in range(len(COLUMNS) + 1))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) VALUES ({placeholders})",
                [_values(doc) for doc in docs],
            )

    def delete(self, docs: list[SearchDocument]) -> None:
        placeholders = ", ".join("%s" for _ in range(len(COLUMNS) + 1))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} ({TABLE}, rowid, {', '.join(COLUMNS)}) "
                f"VALUES ('delete', {placeholders})",
                [_values(doc) for doc in docs if doc.sort_key is not None],
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('delete-all')")

    def optimize(self) -> None:
        """Merge the index's segments into one, as after a bulk load."""
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")

    def find(self, query: Query) -> tuple[list[SearchDocument], int]:
        ranges = _ranges(query)
        allowed = _allowed(query)
        narrowed = _narrowed(query)
        if query.terms:
            everywhere = _words(query.terms, _ALL)
            in_title = _words(query.terms, _TITLE)
            if narrowed:
                everywhere = f"({everywhere}) AND ({narrowed})"
                in_title = f"({in_title}) AND ({narrowed})"
            tiers = [in_title, f"({everywhere}) NOT ({in_title})"]
            total_expr = everywhere
        else:
            total_expr = narrowed or f'{_FACETS}: "any"'
            tiers = [total_expr]
        if allowed:
            tiers = [f"({tier}) NOT ({allowed})" for tier in tiers]
            total_expr = f"({total_expr}) NOT ({allowed})"

        with connection.cursor() as cursor:
            total = 0
            for low, high in ranges:
                cursor.execute(
                    f"SELECT count(*) FROM {TABLE} WHERE {TABLE} MATCH %s "
                    "AND rowid BETWEEN %s AND %s",
                    [total_expr, low, high],
                )
                total += cursor.fetchone()[0]
            wanted = min(query.offset + query.limit, MAX_DEPTH)
            keys: list[int] = []
            if query.offset < wanted and total:
                for tier in tiers:
                    for low, high in ranges:
                        if len(keys) >= wanted:
                            break
                        cursor.execute(
                            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s "
                            "AND rowid BETWEEN %s AND %s ORDER BY rowid DESC LIMIT %s",
                            [tier, low, high, wanted - len(keys)],
                        )
                        keys.extend(row[0] for row in cursor.fetchall())
        page = keys[query.offset : query.offset + query.limit]
        return SearchDocument.objects.by_sort_keys(page), total


def _ranges(query: Query) -> list[tuple[int, int]]:
    """Rowid ranges for the validity and date filters, best validity first."""
    filters = query.filters
    if not (filters.date_from or filters.date_to or filters.validity):
        return [(0, len(VALIDITY_RANK) * 10**17)]
    low_day = _day(filters.date_from) if filters.date_from else 0
    high_day = _day(filters.date_to) if filters.date_to else 99999999
    ranks = sorted((VALIDITY_RANK[v] for v in (filters.validity or VALIDITY_RANK)), reverse=True)
    return [
        (rank * 10**17 + low_day * 10**8, rank * 10**17 + high_day * 10**8 + 10**8 - 1)
        for rank in ranks
    ]


def _day(day) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _narrowed(query: Query) -> str:
    """The facet tokens every result must carry."""
    filters = query.filters
    required = []
    if filters.unit_id:
        required.append(f'"u{int(filters.unit_id)}"')
    if filters.catalog_item_id:
        required.append(f'"c{int(filters.catalog_item_id)}"')
    if filters.topic:
        required.append(f'"{topic_token(filters.topic)}"')
    return f"{_FACETS}: ({' AND '.join(required)})" if required else ""


def _allowed(query: Query) -> str:
    """The internal documents this reader may NOT see (an expression to subtract)."""
    if not query.scope:
        return f'{_FACETS}: "ain"'
    readable = " OR ".join(f'"ai{int(unit_id)}"' for unit_id in sorted(query.scope))
    return f'{_FACETS}: "ain" NOT {_FACETS}: ({readable})'
