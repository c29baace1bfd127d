"""PostgreSQL: a stored tsvector of the same bigram tokens, GIN-indexed, phrase queries.

Debian's PostgreSQL has no Chinese parser, and none is needed: the tokens are made in
Python and written as tsvector literals with their positions, so no text search
configuration touches them; queries are tsquery literals with `<->` between tokens.
A tsvector keeps positions only up to 16,383, so texts are cut into chunks of at most
CHUNK_TOKENS tokens that overlap by OVERLAP tokens (longer than any query term), so a
phrase that straddles a cut is still whole in one chunk. The title is its own chunk: a
hit there puts the document in the first tier.
"""

from __future__ import annotations

from django.db import connection

from ..models import SearchDocument
from ..text import MAX_TERM_CHARS, Term, tokens
from . import Query

TABLE = "search_chunk"
CHUNK_TOKENS = 2000
OVERLAP = MAX_TERM_CHARS + 4
# PostgreSQL keeps at most 256 positions per lexeme in a tsvector.
MAX_POSITIONS = 255

# The table itself is made by migration 0002_token_index.


def _tsvector(chunk: list[str | None]) -> str:
    """A tsvector literal; None stands for a gap between two fields."""
    positions: dict[str, list[int]] = {}
    for position, token in enumerate(chunk, start=1):
        if token is not None:
            found = positions.setdefault(token, [])
            if len(found) < MAX_POSITIONS:
                found.append(position)
    return " ".join(f"'{token}':{','.join(map(str, where))}" for token, where in positions.items())


def _chunks(stream: list[str | None]) -> list[list[str | None]]:
    if not any(token is not None for token in stream):
        return []
    chunks, start = [], 0
    while True:
        chunks.append(stream[start : start + CHUNK_TOKENS])
        if start + CHUNK_TOKENS >= len(stream):
            return chunks
        start += CHUNK_TOKENS - OVERLAP


def _rows(doc: SearchDocument) -> list[tuple[int, bool, str]]:
    rows = [(doc.pk, True, _tsvector(chunk)) for chunk in _chunks(tokens(doc.title))]
    stream: list[str | None] = []
    for text in (doc.summary, doc.body, doc.tables, doc.attachments):
        found = tokens(text)
        if found:
            if stream:
                stream.extend([None, None])
            stream.extend(found)
    rows.extend((doc.pk, False, _tsvector(chunk)) for chunk in _chunks(stream))
    return rows


def _tsquery(term: Term) -> str:
    last = len(term.tokens) - 1
    return " <-> ".join(
        f"'{token}'" + (":*" if term.prefix and i == last else "")
        for i, token in enumerate(term.tokens)
    )


class PostgresBackend:
    def add(self, docs: list[SearchDocument]) -> None:
        rows = [row for doc in docs for row in _rows(doc)]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (document_id, in_title, tsv) VALUES (%s, %s, %s::tsvector)",
                rows,
            )

    def delete(self, docs: list[SearchDocument]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE document_id = ANY(%s::bigint[])",
                [[doc.pk for doc in docs]],
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    def find(self, query: Query) -> tuple[list[SearchDocument], int, bool]:
        where: list[str] = []
        params: list = []
        for term in query.terms:
            where.append(
                f"d.id IN (SELECT c.document_id FROM {TABLE} c WHERE c.tsv @@ %s::tsquery)"
            )
            params.append(_tsquery(term))
        filters = query.filters
        if filters.unit_id:
            where.append("position(%s in d.unit_path) > 0")
            params.append(f"/{int(filters.unit_id)}/")
        if filters.catalog_item_id:
            where.append("d.catalog_item_id = %s")
            params.append(int(filters.catalog_item_id))
        if filters.topic:
            where.append("d.topic = %s")
            params.append(filters.topic)
        if filters.date_from:
            where.append("d.date >= %s")
            params.append(filters.date_from)
        if filters.date_to:
            where.append("d.date <= %s")
            params.append(filters.date_to)
        if filters.validity:
            where.append("d.validity = ANY(%s::text[])")
            params.append(sorted(filters.validity))
        where.append("(d.audience = 'public' OR d.reader_unit_id = ANY(%s::bigint[]))")
        params.append(sorted(query.scope))

        if query.terms:
            title = (
                f"d.id IN (SELECT c.document_id FROM {TABLE} c "
                "WHERE c.in_title AND c.tsv @@ %s::tsquery)"
            )
            title_params = [" & ".join(f"({_tsquery(term)})" for term in query.terms)]
        else:
            title, title_params = "", []
        condition = " AND ".join(where)
        order = f"({title}) DESC, d.sort_key DESC" if query.terms else "d.sort_key DESC"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.id, count(*) OVER () FROM search_searchdocument d WHERE {condition} "
                f"ORDER BY {order} LIMIT %s OFFSET %s",
                [*params, *title_params, query.limit, query.offset],
            )
            rows = cursor.fetchall()
            if rows:
                total = rows[0][1]
            else:
                cursor.execute(
                    f"SELECT count(*) FROM search_searchdocument d WHERE {condition}", params
                )
                total = cursor.fetchone()[0]
        ids = [row[0] for row in rows]
        found = SearchDocument.objects.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found], total, True
