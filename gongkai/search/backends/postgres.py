"""PostgreSQL: tsvectors of the same bigram tokens, GIN-indexed, read newest first by windows.

Debian's PostgreSQL has no Chinese parser, and none is needed: the tokens are made in
Python and written as tsvector literals with their positions, so no text search
configuration touches them; queries are tsquery literals with `<->` between tokens.

Two tables beside SearchDocument (made by migration 0005_postgres_windows):

- `search_chunk`: the title and the texts of a document, one row per chunk of at most
  CHUNK_TOKENS tokens (a tsvector keeps positions only up to 16,383). Chunks overlap by
  OVERLAP tokens (longer than any query term), so a phrase that straddles a cut is still
  whole in one chunk. Most documents are one chunk; `multi` marks the chunks of those that
  are not, so a query of several words can find them spread over chunks.
- `search_title`: the title alone, one row per document: the title tier of the results
  (hits in the title first) and listings by filters alone.

Every row also carries the document's sort key and, as lexemes, its facets (the same
tokens as SQLite's facets column: units, catalog item, topic, readers) and its *bucket*:
"k" and the sort key's top bits, i.e. one validity rank and 32 days. A GIN index cannot
return rows in order, and reading every hit of a common word to sort it is what made the
search slow (and grow with the corpus). So hits are read newest first, a window of buckets
at a time: `tsv @@ (words) & ('k…' | 'k…' …)` asks GIN for the hits of the newest buckets
only, and windows are added until CAP + 1 hits are in hand (past CAP the total is a floor,
as on SQLite). How many buckets a window takes is estimated from the planner's lexeme
statistics (pg_stats.most_common_elems): a rare word takes the whole range in one query, a
common one a few weeks of documents.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from gongkai.core import db_router

from ..models import DAY_BITS, PK_BITS, SearchDocument
from ..text import MAX_TERM_CHARS, Term, number_token, number_tokens, tokens
from . import Query, facets, sort_ranges, topic_token

TABLE = "search_chunk"
TITLE_TABLE = "search_title"
CHUNK_TOKENS = 8000
OVERLAP = MAX_TERM_CHARS + 4

# As made by migration 0005_postgres_windows.
GIN_INDEXES = {
    "search_chunk_tsv": f"CREATE INDEX search_chunk_tsv ON {TABLE} USING gin (tsv)",
    "search_chunk_multi_tsv": (
        f"CREATE INDEX search_chunk_multi_tsv ON {TABLE} USING gin (tsv) WHERE multi"
    ),
    "search_title_tsv": f"CREATE INDEX search_title_tsv ON {TITLE_TABLE} USING gin (tsv)",
}

# Hits are collected, in order, up to this many (100 pages of 20), as on SQLite.
CAP = 2000
# One bucket: a validity rank and 2^5 = 32 days.
BUCKET_SHIFT = PK_BITS + 5
# A coarse bucket: 2^4 = 16 buckets (512 days), so a long window is a short OR.
COARSE_SHIFT = 4
# A query estimated to find at most this many rows is run over its whole range at once.
RARE = 4000
# Statistics are read again after this many seconds.
STATS_SECONDS = 300


def bucket(sort_key: int) -> int:
    return sort_key >> BUCKET_SHIFT


def _bucket_lexeme(number: int) -> str:
    return f"k{number}"


def _coarse_lexeme(number: int) -> str:
    return f"kk{number}"


def _window(low: int, high: int) -> str:
    """The buckets low..high as a tsquery OR: whole coarse buckets where they fit."""
    parts = []
    at = high
    span = 1 << COARSE_SHIFT
    while at >= low:
        if (at + 1) % span == 0 and at - span + 1 >= low:
            parts.append(f"'{_coarse_lexeme(at >> COARSE_SHIFT)}'")
            at -= span
        else:
            parts.append(f"'{_bucket_lexeme(at)}'")
            at -= 1
    return " | ".join(parts)


# The tsvector of a chunk is made by PostgreSQL from the tokens joined by spaces: the
# 'simple' configuration takes each word whole as a lexeme and numbers the positions, in C,
# many times faster than building the literal here. Its parser would read a token such as
# "1e5a" as a number and a word, so every token is written with a letter before it: the
# lexeme of token "abcd" is "xabcd". Facets, buckets and document numbers never start with x.
WORD = "x"
# Every character of a text, as a lexeme without position.
UNIGRAM = "y"
# Between two fields of a chunk: a word of no lexeme's shape, deleted once the tsvector is
# made, so it only leaves a gap in the positions (a phrase never spans two fields).
GAP = "zz"
# t: the tokens, e: the lexemes without position.
TSVECTOR = f"ts_delete(to_tsvector('simple', t), '{WORD}{GAP}') || e::tsvector"


def _words(chunk: Sequence[str | None]) -> str:
    """The chunk's tokens as the text to_tsvector reads (each with WORD before it)."""
    if not chunk:
        return ""
    return WORD + f" {WORD}".join(GAP if token is None else token for token in chunk)


def _chunks(stream: list[str | None]) -> list[list[str | None]]:
    if not any(token is not None for token in stream):
        return []
    chunks, start = [], 0
    while True:
        chunks.append(stream[start : start + CHUNK_TOKENS])
        if start + CHUNK_TOKENS >= len(stream):
            return chunks
        start += CHUNK_TOKENS - OVERLAP


def _grams(chunk: Sequence[str | None]) -> set[str]:
    """The lexemes without position of a chunk's runs: every character ("y" and its code),
    and every run of 3 and of 4 characters ("x" and their codes). A word of up to 4
    characters is then one lexeme, found by GIN with no recheck of positions."""
    out: set[str] = set()
    add = out.add
    last = len(chunk) - 1
    for i, token in enumerate(chunk):
        if token is None:
            continue
        add(UNIGRAM + token[:4])
        if len(token) != 8 or i == last:
            continue
        second = chunk[i + 1]
        if second is None or len(second) != 8:
            continue
        trigram = WORD + token + second[4:]
        add(trigram)
        if i + 1 < last:
            third = chunk[i + 2]
            if third is not None and len(third) == 8:
                add(trigram + third[4:])
    return out


def _rows(doc: SearchDocument) -> tuple[list[tuple], tuple]:
    """The document's chunk rows and its title row: ids, sort key, the tokens joined by
    spaces and the lexemes without a position (facets, buckets, document numbers, grams)."""
    assert doc.sort_key is not None  # set before a document reaches the index
    number = bucket(doc.sort_key)
    marks = [*facets(doc), _bucket_lexeme(number), _coarse_lexeme(number >> COARSE_SHIFT)]
    title = tokens(doc.title)
    numbers = number_tokens(doc.title)
    title_row = (
        doc.pk,
        doc.sort_key,
        _words(title),
        " ".join([*marks, *numbers, *_grams(title)]),
    )
    stream: list[str | None] = list(title)
    for text in (doc.summary, doc.body, doc.tables, doc.attachments):
        found = tokens(text)
        numbers.extend(number_tokens(text))
        if found:
            if stream:
                stream.extend([None, None])
            stream.extend(found)
    chunks = _chunks(stream) or [[]]
    multi = len(chunks) > 1
    rows = [
        (
            doc.pk,
            doc.sort_key,
            multi,
            _words(chunk),
            " ".join([*marks, *(numbers if i == 0 else []), *_grams(chunk)]),
        )
        for i, chunk in enumerate(chunks)
    ]
    return rows, title_row


def _phrase_query(term: Term) -> str:
    """The term as a phrase of the positioned tokens: exact, but GIN rechecks the positions
    of every candidate (reading its whole tsvector)."""
    number = number_token(term)
    if number is not None:
        return f"'{number}'"
    last = len(term.tokens) - 1
    return " <-> ".join(
        f"'{WORD}{token}'" + (":*" if term.prefix and i == last else "")
        for i, token in enumerate(term.tokens)
    )


@dataclass(frozen=True)
class _TermPlan:
    match: str  # the tsquery GIN answers
    lexemes: list[str]  # lexemes every match holds (for estimates)
    verify: str | None  # a phrase the matches must also hold, checked on them only


def _plan(term: Term) -> _TermPlan:
    """How a term is looked up: a word of 1 to 4 characters is one lexeme (no recheck);
    a longer one the runs of 4 characters covering it, then its phrase on those rows."""
    number = number_token(term)
    if number is not None:
        return _TermPlan(f"'{number}'", [number], None)
    if len(term.runs) != 1:
        # Words joined by punctuation: the phrase of tokens (the runs must end and start
        # where the query's do).
        whole = term.tokens[:-1] if term.prefix else term.tokens
        return _TermPlan(_phrase_query(term), [WORD + token for token in whole], None)
    codes = [token[:4] for token in term.tokens]
    if len(term.tokens[-1]) == 8:
        codes.append(term.tokens[-1][4:])
    if len(codes) == 1:
        lexemes = [UNIGRAM + codes[0]]
    elif len(codes) <= 4:
        lexemes = [WORD + "".join(codes)]
    else:
        # A chunk holding the word holds these; one holding them may hold them apart.
        lexemes = list(
            dict.fromkeys(WORD + "".join(codes[i : i + 4]) for i in range(len(codes) - 3))
        )
    match = " & ".join(f"'{lexeme}'" for lexeme in lexemes)
    return _TermPlan(match, lexemes, _phrase_query(term) if len(codes) > 4 else None)


def _facet_query(query: Query) -> tuple[str, list[str]]:
    """The facets every result must carry, as tsquery, and those lexemes (for estimates)."""
    filters = query.filters
    required = []
    if filters.unit_id:
        required.append(f"u{int(filters.unit_id)}")
    if filters.catalog_item_id:
        required.append(f"c{int(filters.catalog_item_id)}")
    if filters.topic:
        required.append(topic_token(filters.topic))
    parts = [f"'{lexeme}'" for lexeme in required]
    if query.scope:
        readable = " | ".join(f"'ai{int(unit)}'" for unit in sorted(query.scope))
        parts.append(f"!('ain' & !({readable}))")
    else:
        parts.append("!'ain'")
    return " & ".join(parts), required


# Statistics ---------------------------------------------------------------------------


@dataclass
class _Stats:
    rows: float
    freqs: dict[str, float]
    floor: float  # the frequency of a lexeme that is not among the most common
    read_at: float


_STATS: dict[tuple[str, str], _Stats] = {}


def _stats(cursor, table: str) -> _Stats:
    """Rows and lexeme frequencies of the table, from the planner's statistics (both tables
    are read in one query, and kept STATS_SECONDS)."""
    name = cursor.db.settings_dict["NAME"]
    key = (name, table)
    found = _STATS.get(key)
    if found is not None and time.monotonic() - found.read_at < STATS_SECONDS:
        return found
    cursor.execute(
        "SELECT c.relname, c.reltuples, s.most_common_elems::text::text[], "
        "s.most_common_elem_freqs FROM pg_class c LEFT JOIN pg_stats s "
        "ON s.tablename = c.relname AND s.attname = 'tsv' "
        "AND s.schemaname = current_schema() "
        "WHERE c.relname IN (%s, %s) AND c.relnamespace = current_schema()::regnamespace",
        [TABLE, TITLE_TABLE],
    )
    rows = cursor.fetchall()
    now = time.monotonic()
    for relname, tuples, lexemes, frequencies in rows:
        freqs: dict[str, float] = {}
        floor = 1.0
        if lexemes and frequencies:
            freqs = dict(zip(lexemes, frequencies, strict=False))
            # The three last numbers are the lowest and highest frequency and that of nulls.
            floor = frequencies[-3]
        stats = _Stats(rows=max(float(tuples), 0.0), freqs=freqs, floor=floor, read_at=now)
        _STATS[(name, relname)] = stats
    return _STATS.get(key) or _Stats(rows=0.0, freqs={}, floor=1.0, read_at=now)


def _share(stats: _Stats, lexemes: list[str]) -> float:
    """The share of rows holding every lexeme, at most (the rarest bounds it; facets are
    taken as independent of the words)."""
    words = [stats.freqs.get(lexeme, stats.floor) for lexeme in lexemes if lexeme[0] != "u"]
    facets = [stats.freqs.get(lexeme, stats.floor) for lexeme in lexemes if lexeme[0] == "u"]
    share = min(words, default=1.0)
    for facet in facets:
        share *= facet
    return share


# Collecting hits ----------------------------------------------------------------------


def _collect(
    cursor,
    table: str,
    match: str,
    lexemes: list[str],
    ranges,
    limit: int,
    verify: str | None = None,
) -> list[int]:
    """Up to `limit` sort keys of rows matching, newest first, read a window of buckets at
    a time (see the module's docstring). `verify`: a phrase checked on the matching rows
    only (ts_match_vq is not an operator GIN answers, so the index is asked for `match`)."""
    stats = _stats(cursor, table)
    checked = "AND ts_match_vq(tsv, %s::tsquery) " if verify else ""
    extra = [verify] if verify else []
    share = _share(stats, lexemes)
    keys: list[int] = []
    seen: set[int] = set()

    def run(low: int, high: int, buckets: range | None) -> int:
        condition = match
        if buckets is not None:
            condition = f"({match}) & ({_window(buckets.start, buckets.stop - 1)})"
        cursor.execute(
            f"SELECT DISTINCT sort_key FROM {table} WHERE tsv @@ %s::tsquery {checked}"
            "AND sort_key BETWEEN %s AND %s ORDER BY sort_key DESC LIMIT %s",
            [condition, *extra, low, high, limit - len(keys)],
        )
        found = 0
        for (key,) in cursor.fetchall():
            if key not in seen:
                seen.add(key)
                keys.append(key)
                found += 1
        return found

    for whole_low, whole_high in ranges:
        if len(keys) >= limit:
            break
        if stats.rows * share <= RARE:
            run(whole_low, whole_high, None)
            continue
        for rank_low, rank_high in _split_by_rank([(whole_low, whole_high)]):
            # The keys there are: a rank's range reaches far past today's date.
            cursor.execute(
                f"SELECT min(sort_key), max(sort_key) FROM {SearchDocument._meta.db_table} "
                "WHERE sort_key BETWEEN %s AND %s",
                [rank_low, rank_high],
            )
            low, high = cursor.fetchone()
            if low is None:
                continue
            at, bottom = bucket(high), bucket(low)
            # A bucket not among the most common lexemes is (nearly) empty; without any
            # statistics yet, every bucket is taken as the rarest.
            missing = 0.0 if stats.freqs else stats.floor
            while at >= bottom and len(keys) < limit:
                wanted = (limit - len(keys)) * 1.1
                # Buckets to take so the window is expected to hold what is still wanted.
                expected, width = 0.0, 0
                while at - width >= bottom and expected < wanted:
                    per_bucket = stats.freqs.get(_bucket_lexeme(at - width), missing)
                    expected += stats.rows * per_bucket * share
                    width += 1
                rest_expected = _expected_rest(stats, share, at - width, bottom, missing)
                if at - width < bottom or rest_expected <= RARE:
                    run(low, min(high, _bucket_high(at)), None)
                    break
                window_low = at - width + 1
                window = range(window_low, at + 1)
                found = run(
                    max(low, window_low << BUCKET_SHIFT), min(high, _bucket_high(at)), window
                )
                at = window_low - 1
                if len(keys) < limit:
                    # Fewer than expected: correct the estimate by what the window held.
                    share *= max(found, 0.5) / max(expected, 1.0)
    return keys


def _expected_rest(stats: _Stats, share: float, at: int, bottom: int, missing: float) -> float:
    """How many hits the buckets from `bottom` to `at` are expected to hold."""
    if at < bottom:
        return 0.0
    total = sum(stats.freqs.get(_bucket_lexeme(b), missing) for b in range(bottom, at + 1))
    return stats.rows * total * share


def _bucket_high(number: int) -> int:
    return ((number + 1) << BUCKET_SHIFT) - 1


def _split_by_rank(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges cut at each validity rank, best first (buckets never span two ranks)."""
    out = []
    rank_shift = DAY_BITS + PK_BITS
    for low, high in ranges:
        for rank in range(high >> rank_shift, (low >> rank_shift) - 1, -1):
            out.append((max(low, rank << rank_shift), min(high, ((rank + 1) << rank_shift) - 1)))
    return out


class PostgresBackend:
    def add(self, docs: list[SearchDocument]) -> None:
        chunks: list[tuple] = []
        titles: list[tuple] = []
        for doc in docs:
            if doc.sort_key is None:
                continue
            rows, title = _rows(doc)
            chunks.extend(rows)
            titles.append(title)
        if not titles:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TABLE} (document_id, sort_key, multi, tsv) "
                f"SELECT d, k, m, {TSVECTOR} "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::boolean[], %s::text[], %s::text[]) "
                "AS x(d, k, m, t, e)",
                [list(column) for column in zip(*chunks, strict=True)],
            )
            cursor.execute(
                f"INSERT INTO {TITLE_TABLE} (document_id, sort_key, tsv) "
                f"SELECT d, k, {TSVECTOR} "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[]) AS x(d, k, t, e)",
                [list(column) for column in zip(*titles, strict=True)],
            )

    def delete(self, docs: list[SearchDocument]) -> None:
        with connection.cursor() as cursor:
            for table in (TABLE, TITLE_TABLE):
                cursor.execute(
                    f"DELETE FROM {table} WHERE document_id = ANY(%s::bigint[])",
                    [[doc.pk for doc in docs]],
                )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            for table in (TABLE, TITLE_TABLE):
                cursor.execute(f"DELETE FROM {table}")

    def begin_bulk(self) -> None:
        """Before a bulk load: drop the GIN indexes (building them once at the end is many
        times faster than keeping them up to date row by row). `optimize` makes them again."""
        with connection.cursor() as cursor:
            for name in GIN_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")

    def optimize(self) -> None:
        """After a bulk load: make any missing GIN index, read the statistics again."""
        with connection.cursor() as cursor:
            for name, statement in GIN_INDEXES.items():
                cursor.execute(
                    "SELECT 1 FROM pg_class WHERE relname = %s AND relkind = 'i' "
                    "AND relnamespace = current_schema()::regnamespace",
                    [name],
                )
                if cursor.fetchone() is None:
                    cursor.execute(statement)
            for table in (TABLE, TITLE_TABLE):
                cursor.execute(f"ANALYZE {table}")
        _STATS.clear()

    def find(self, query: Query) -> tuple[list[SearchDocument], int, bool]:
        ranges = sort_ranges(query)
        facet_match, facet_lexemes = _facet_query(query)
        # An anonymous reader's search reads the replica when one serves (db_router).
        with db_router.read_connection().cursor() as cursor:
            if query.terms:
                plans = [_plan(term) for term in query.terms]
                words = " & ".join(f"({plan.match})" for plan in plans)
                match = f"({words}) & {facet_match}"
                lexemes = [*(lexeme for plan in plans for lexeme in plan.lexemes), *facet_lexemes]
                phrases = [f"({plan.verify})" for plan in plans if plan.verify]
                verify = " & ".join(phrases) if phrases else None
                hits = _collect(cursor, TABLE, match, lexemes, ranges, CAP + 1, verify)
                if len(query.terms) > 1:
                    hits = _spread(cursor, query, facet_match, ranges, hits)
                titles = (
                    _collect(
                        cursor,
                        TITLE_TABLE,
                        match,
                        lexemes,
                        ranges,
                        query.offset + query.limit,
                        verify,
                    )
                    if hits
                    else []
                )
                in_title = set(titles)
                ordered = titles + [key for key in hits if key not in in_title]
            else:
                match = f"'any' & {facet_match}"
                hits = _collect(cursor, TITLE_TABLE, match, facet_lexemes, ranges, CAP + 1)
                ordered = hits
        exact = len(hits) <= CAP
        total = len(hits) if exact else CAP
        page = ordered[query.offset : query.offset + query.limit]
        return SearchDocument.objects.by_sort_keys(page), total, exact


def _spread(cursor, query: Query, facet_match: str, ranges, hits: list[int]) -> list[int]:
    """Add the documents of several chunks whose words are found only in different chunks."""
    low = min(low for low, _high in ranges)
    high = max(high for _low, high in ranges)
    parts = []
    params: list = []
    for i, term in enumerate(query.terms):
        # The phrase of positioned tokens: rare rows, and every term's shape answered.
        match = _phrase_query(term) if i else f"({_phrase_query(term)}) & {facet_match}"
        parts.append(
            f"SELECT sort_key FROM {TABLE} WHERE multi AND tsv @@ %s::tsquery "
            "AND sort_key BETWEEN %s AND %s"
        )
        params.extend([match, low, high])
    cursor.execute(" INTERSECT ".join(parts), params)
    spread = {
        key for (key,) in cursor.fetchall() if any(low <= key <= high for low, high in ranges)
    }
    if not spread - set(hits):
        return hits
    return sorted(spread | set(hits), reverse=True)[: CAP + 1]
