"""SQLite: FTS5 tables of bigram tokens, ranked without bm25.

The FTS5 rowid is the document's sort key (validity rank, date, id), so `ORDER BY rowid
DESC LIMIT n` walks the hits already in result order and stops after n: the cost does not
grow with the number of hits, which is what keeps a word found in a tenth of 200,000
documents as fast as a rare one (bm25 would score every hit). Hits are collected up to CAP;
past that the total is a lower bound. Results come in two tiers: hits in the title first,
read from a small table of titles alone, then the rest; each tier in sort-key order.

Filters other than dates and validity are tokens in a `facets` column, so FTS5 intersects
them with the words itself; dates and validity are rowid ranges.

Both tables are contentless (they keep no copy of the tokens): a row is deleted by handing
FTS5 the same tokens again, computed from the texts kept in SearchDocument.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from ..models import SearchDocument
from ..text import Term, index_tokens, joined_tokens, number_token
from . import Query, facets, sort_ranges, topic_token

TABLE = "search_fts"
TITLE_TABLE = "search_title_fts"
CONTENT = ("title", "summary", "body", "tables", "attachments")
COLUMNS = (*CONTENT, "facets")
TITLE_COLUMNS = ("title", "facets")
# The tables themselves are made by migrations (0007_sqlite_prefix_index makes them as they
# are now: ASCII tokenizer, prefix index of 4 characters).

# FTS5's settings (kept in each table's %_config) while published documents come one by
# one, FTS5's defaults; and during a rebuild (SQLiteBackend.begin_bulk says why).
SETTINGS = {"automerge": 4, "hashsize": 1024 * 1024, "crisismerge": 16}
BULK_SETTINGS = {"automerge": 0, "hashsize": 64 * 1024 * 1024, "crisismerge": 64}

# Hits are collected, in order, up to this many (100 pages of 20); past it the total is
# reported as "more than CAP" instead of being counted, since counting every hit of a
# common word is what would make a search slow.
CAP = 2000

# Words are looked for in every column, facets included, because a column filter costs a
# quarter more on long phrases and cannot change the answer: a facet token ("any", "u12",
# "c5", "ai3", "t…") never equals a word token, which is four or eight base-36 digits
# coding assigned characters ("c123" or "ai12" would code unassigned planes 7 and 8).
_ALL = ""
_TITLE = "{title}"
_FACETS = "{facets}"


def _column(text: str) -> str:
    """A column's tokens, then the exact tokens of its document numbers (which no phrase
    ever asks for, so nothing can match across the seam)."""
    return " ".join(index_tokens(text))


def _values(doc: SearchDocument, prepared: dict[str, list[str]]) -> tuple[list, list]:
    """The row for the main table and the row for the title table."""
    columns = prepared.get(doc.key) or [_column(getattr(doc, column)) for column in CONTENT]
    doc_facets = " ".join(facets(doc))
    return [doc.sort_key, *columns, doc_facets], [doc.sort_key, columns[0], doc_facets]


def _phrase(term: Term) -> str:
    number = number_token(term)
    if number is not None:
        return f'"{number}"'
    return '"' + " ".join(term.tokens) + '"' + ("*" if term.prefix else "")


def _words(terms: tuple[Term, ...], columns: str = "") -> str:
    return " AND ".join(
        f"{columns}: {_phrase(term)}" if columns else _phrase(term) for term in terms
    )


def _write(
    command: str, docs: list[SearchDocument], prepared: dict[str, list[str]] | None = None
) -> None:
    # In rowid order: FTS5 writes the terms it holds in memory out as a new segment whenever
    # a rowid is lower than the one before, so rows in the order of their documents' dates
    # would make a segment of a row or two and leave the merging of them all to later.
    rows = sorted(
        (_values(doc, prepared or {}) for doc in docs if doc.sort_key is not None),
        key=lambda row: row[0][0],
    )
    if not rows:
        return
    with connection.cursor() as cursor:
        for table, columns, index in ((TABLE, COLUMNS, 0), (TITLE_TABLE, TITLE_COLUMNS, 1)):
            marks = ", ".join("%s" for _ in range(len(columns) + 1))
            if command == "insert":
                sql = f"INSERT INTO {table} (rowid, {', '.join(columns)}) VALUES ({marks})"
            else:
                sql = (
                    f"INSERT INTO {table} ({table}, rowid, {', '.join(columns)}) "
                    f"VALUES ('delete', {marks})"
                )
            cursor.executemany(sql, [row[index] for row in rows])


def _collect(cursor, table: str, expr: str, ranges: list[tuple[int, int]], limit: int) -> list:
    """Up to `limit` rowids matching, in result order (range by range, newest first)."""
    keys: list[int] = []
    for low, high in ranges:
        if len(keys) >= limit:
            break
        cursor.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH %s AND rowid BETWEEN %s AND %s "
            "ORDER BY rowid DESC LIMIT %s",
            [expr, low, high, limit - len(keys)],
        )
        keys.extend(row[0] for row in cursor.fetchall())
    return keys


class SQLiteBackend:
    # The columns' tokens of documents from their texts in CONTENT's order, by a function
    # a rebuild can run in a second process; add() takes them by key.
    prepare = staticmethod(joined_tokens)

    def create(self, docs: list[SearchDocument]) -> None:
        """Save new rows with their ids and sort keys in one statement (bulk_create, then
        an UPDATE of the sort keys once the ids are known, costs a rebuild a sixth of its
        time). The ids follow the table's highest so far, as AUTOINCREMENT's would: the
        caller's transaction holds the write lock from its first write, and if it did not
        yet, a writer that came between makes the insert fail, never two rows share an id.
        """
        table = SearchDocument._meta.db_table
        fields = SearchDocument._meta.concrete_fields
        now = timezone.now()
        # Texts and numbers go as they are; the day and the time as Django writes them.
        stamp = connection.ops.adapt_datetimefield_value(now)
        dates = [i for i, field in enumerate(fields) if field.get_internal_type() == "DateField"]
        times = [
            i for i, field in enumerate(fields) if field.get_internal_type() == "DateTimeField"
        ]
        names = [field.attname for field in fields]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
                f"coalesce((SELECT max(id) FROM {table}), 0))",
                [table],
            )
            last = cursor.fetchone()[0]
            values = []
            for number, doc in enumerate(docs, start=last + 1):
                doc.pk = number
                doc.sort_key = doc.make_sort_key()
                doc.indexed_at = now
                row = [getattr(doc, name) for name in names]
                for i in dates:
                    row[i] = connection.ops.adapt_datefield_value(row[i])
                for i in times:
                    row[i] = stamp
                values.append(row)
            columns = ", ".join(
                connection.ops.quote_name(field.column or field.attname) for field in fields
            )
            marks = ", ".join("%s" for _ in fields)
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
        for doc in docs:
            doc._state.adding = False
            doc._state.db = connection.alias

    def add(self, docs: list[SearchDocument], prepared: dict[str, list[str]] | None = None) -> None:
        """Index the rows; `prepared` may hold the columns' tokens already made, by key."""
        _write("insert", docs, prepared)

    def delete(
        self, docs: list[SearchDocument], prepared: dict[str, list[str]] | None = None
    ) -> None:
        """A contentless table forgets a row when given the very tokens it was given:
        `prepared` may hold them already made, by key, else they are made again."""
        _write("delete", docs, prepared)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            for table in (TABLE, TITLE_TABLE):
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")

    def begin_bulk(self) -> None:
        """Before a rebuild: stop merging segments as rows come in, which halves the cost of
        an insert, and let a transaction's rows make one segment (FTS5 keeps the terms of a
        transaction in memory up to `hashsize`, 1 MiB, about 200 documents, and writes them
        out as a segment each time it is full) and let up to 64 segments gather on a level
        before they are merged (`crisismerge`, 16). optimize() merges everything once at the
        end and puts the three settings back, for the documents published from then on: a
        stopped rebuild leaves them set until it is resumed to its end."""
        with connection.cursor() as cursor:
            for table in (TABLE, TITLE_TABLE):
                for name, value in BULK_SETTINGS.items():
                    cursor.execute(
                        f"INSERT INTO {table} ({table}, rank) VALUES (%s, %s)", [name, value]
                    )

    def optimize(self) -> None:
        """Merge each index's segments into one, as after a bulk load, and merge as rows
        come in again (FTS5's default) for the documents published from now on."""
        with connection.cursor() as cursor:
            for table in (TABLE, TITLE_TABLE):
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
                for name, value in SETTINGS.items():
                    cursor.execute(
                        f"INSERT INTO {table} ({table}, rank) VALUES (%s, %s)", [name, value]
                    )

    def find(self, query: Query) -> tuple[list[SearchDocument], int, bool]:
        ranges = sort_ranges(query)
        narrowed = _narrowed(query)
        allowed = _allowed(query)

        def restrict(expr: str) -> str:
            if narrowed:
                expr = f"({expr}) AND ({narrowed})"
            return f"({expr}) NOT ({allowed})"

        with connection.cursor() as cursor:
            if query.terms:
                hits = _collect(cursor, TABLE, restrict(_words(query.terms, _ALL)), ranges, CAP + 1)
                titles = (
                    _collect(
                        cursor,
                        TITLE_TABLE,
                        restrict(_words(query.terms, _TITLE)),
                        ranges,
                        query.offset + query.limit,
                    )
                    if hits
                    else []
                )
                in_title = set(titles)
                ordered = titles + [key for key in hits if key not in in_title]
                exact = len(hits) <= CAP
                total = len(hits) if exact else CAP
            else:
                # Filters alone: every document carries "any" in the small title table.
                hits = _collect(cursor, TITLE_TABLE, restrict(f'{_FACETS}: "any"'), ranges, CAP + 1)
                ordered, exact = hits, len(hits) <= CAP
                total = len(hits) if exact else CAP
        page = ordered[query.offset : query.offset + query.limit]
        return SearchDocument.objects.by_sort_keys(page), total, exact


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
