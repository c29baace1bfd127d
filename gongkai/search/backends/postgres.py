"""PostgreSQL: GIN over lexemes of 1 to 4 characters, read newest first by windows.

Debian's PostgreSQL has no Chinese parser, and none is needed: the lexemes are made in
Python (from the same tokens as SQLite's, see search/text.py) and written as a tsvector
without positions, so no text search configuration touches them.

Lexemes. For every run of letters and digits: each character ("y" and its code), and each
run of 2, 3 and 4 characters ("x" and their codes). A query word of 1 to 4 characters is
then exactly one lexeme, which GIN answers with no recheck: no row's tsvector is read. A
longer word is the runs of 4 characters that cover it, AND-ed; as a row may hold those
apart, the rows that have them all are checked against the word itself (`strpos` over the
row's `words`: its runs, normalised, one space between runs and a line between fields), a
short text read on those rows only. So is a word written with punctuation inside it, whose
runs must end and start where the query's do (as the space in `words` says).

Two tables beside SearchDocument (made by migration 0008_postgres_grams):

- `search_chunk`: the title and the texts of a document, one row per chunk of at most
  CHUNK_TOKENS characters (a tsvector is at most 1 MB). Chunks overlap by OVERLAP
  characters (longer than any query term), so a word that straddles a cut is still whole
  in one chunk. Most documents are one chunk; `multi` marks the chunks of those that are
  not, so a query of several words can find them spread over chunks.
- `search_title`: the title alone, one row per document: the title tier of the results
  (hits in the title first) and listings by filters alone.

Every row also carries the document's sort key and, as lexemes, its facets (the same
tokens as SQLite's facets column: units, catalog item, topic, readers) and its *buckets*:
"k" and the sort key's top bits, i.e. one validity rank and 32 days, and "kk" for 16 of
those (512 days). A GIN index cannot return rows in order, and reading every hit of a
common word to sort it is what made the search slow (and grow with the corpus). So hits
are read newest first, a window of buckets at a time: `tsv @@ (words) & ('k…' | 'kk…' …)`
asks GIN for the hits of the newest buckets only (whole 512-day buckets where they fit, so
a long window is a short OR), and windows are added until CAP + 1 hits are in hand (past
CAP the total is a floor, as on SQLite). How many buckets a window takes is estimated from
the planner's lexeme statistics (pg_stats.most_common_elems): a rare word takes the whole
range in one query, a common one a few weeks of documents.
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

# As made by migration 0008_postgres_grams.
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


# Lexemes of words: "x" and the codes of 2 to 4 characters, "y" and the code of one.
# Facets, buckets and document numbers never start with x or y.
WORD = "x"
UNIGRAM = "y"
# The tsvector of a row, from its lexemes joined by spaces (e).
TSVECTOR = "array_to_tsvector(string_to_array(e, ' '))"


class _Chars(dict):
    """A token's first code → its character."""

    def __missing__(self, code: str) -> str:
        ch = chr(int(code, 36))
        self[code] = ch
        return ch


_CHARS = _Chars()


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
    """The word lexemes of a chunk's tokens: every character, and every run of 2, 3 and 4
    characters inside a run of letters and digits. (A text has one token per character: a
    bigram of it and the next, or the last of its run alone; None between two fields.)"""
    out: set[str] = set()
    add = out.add
    last = len(chunk) - 1
    for i, token in enumerate(chunk):
        if token is None:
            continue
        add(UNIGRAM + token[:4])
        if len(token) != 8:
            continue
        add(WORD + token)
        if i == last:
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


def _text(chunk: Sequence[str | None]) -> str:
    """The chunk's runs as text (normalised): a space after each run, a line between fields."""
    chars = _CHARS
    out: list[str] = []
    append = out.append
    for token in chunk:
        if token is None:
            append("\n")
            continue
        append(chars[token[:4]])
        if len(token) == 4:
            append(" ")
    return "".join(out)


def _rows(doc: SearchDocument) -> tuple[list[tuple], tuple]:
    """The document's chunk rows and its title row: ids, sort key, its lexemes joined by
    spaces (facets, buckets, document numbers, words) and its runs as text."""
    assert doc.sort_key is not None  # set before a document reaches the index
    number = bucket(doc.sort_key)
    marks = {*facets(doc), _bucket_lexeme(number), _coarse_lexeme(number >> COARSE_SHIFT)}
    title = tokens(doc.title)
    numbers = number_tokens(doc.title)
    title_row = (
        doc.pk,
        doc.sort_key,
        " ".join(marks | set(numbers) | _grams(title)),
        _text(title),
    )
    stream: list[str | None] = list(title)
    for text in (doc.summary, doc.body, doc.tables, doc.attachments):
        found = tokens(text)
        numbers.extend(number_tokens(text))
        if found:
            if stream:
                stream.append(None)
            stream.extend(found)
    chunks = _chunks(stream) or [[]]
    multi = len(chunks) > 1
    rows = [
        (
            doc.pk,
            doc.sort_key,
            multi,
            " ".join(marks | (set(numbers) if i == 0 else set()) | _grams(chunk)),
            _text(chunk),
        )
        for i, chunk in enumerate(chunks)
    ]
    return rows, title_row


@dataclass(frozen=True)
class _TermPlan:
    match: str  # the tsquery GIN answers
    lexemes: list[str]  # lexemes every match holds (for estimates)
    verify: str | None  # the text a matching row's `words` must also hold, or None


def _run_lexemes(run: str) -> list[str]:
    """The lexemes every text with this run of characters holds: one for 1 to 4
    characters, the runs of 4 that cover a longer one."""
    codes = [token[:4] for token in tokens(run)]
    if len(codes) == 1:
        return [UNIGRAM + codes[0]]
    if len(codes) <= 4:
        return [WORD + "".join(codes)]
    return list(dict.fromkeys(WORD + "".join(codes[i : i + 4]) for i in range(len(codes) - 3)))


def _plan(term: Term) -> _TermPlan:
    """How a term is looked up: a word of 1 to 4 characters is one lexeme, answered by GIN
    alone; a longer word, or one with punctuation inside, is also checked on the rows GIN
    returns (whether the text holds it whole, its runs ending and starting as the query's)."""
    number = number_token(term)
    if number is not None:
        return _TermPlan(f"'{number}'", [number], None)
    lexemes = list(dict.fromkeys(lexeme for run in term.runs for lexeme in _run_lexemes(run)))
    match = " & ".join(f"'{lexeme}'" for lexeme in lexemes)
    whole = len(term.runs) == 1 and len(term.runs[0]) <= 4
    return _TermPlan(match, lexemes, None if whole else " ".join(term.runs))


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
    verify: Sequence[str] = (),
) -> list[int]:
    """Up to `limit` sort keys of rows matching, newest first, read a window of buckets at
    a time (see the module's docstring). `verify`: texts the rows' words must also hold,
    checked on the rows GIN returns."""
    stats = _stats(cursor, table)
    checked = "".join("AND strpos(words, %s) > 0 " for _text in verify)
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
            [condition, *verify, low, high, limit - len(keys)],
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
                    per_bucket = _bucket_share(stats, at - width, missing)
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


def _bucket_share(stats: _Stats, number: int, missing: float) -> float:
    """The share of rows in a bucket. The many word lexemes crowd small buckets out of the
    statistics' most common elements; their coarse bucket is kept, and a sixteenth of it
    stands for each of its buckets."""
    share = stats.freqs.get(_bucket_lexeme(number))
    if share is not None:
        return share
    coarse = stats.freqs.get(_coarse_lexeme(number >> COARSE_SHIFT))
    if coarse is not None:
        return coarse / (1 << COARSE_SHIFT)
    return missing


def _expected_rest(stats: _Stats, share: float, at: int, bottom: int, missing: float) -> float:
    """How many hits the buckets from `bottom` to `at` are expected to hold."""
    if at < bottom:
        return 0.0
    total = sum(_bucket_share(stats, b, missing) for b in range(bottom, at + 1))
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
                f"INSERT INTO {TABLE} (document_id, sort_key, multi, tsv, words) "
                f"SELECT d, k, m, {TSVECTOR}, w "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::boolean[], %s::text[], %s::text[]) "
                "AS x(d, k, m, e, w)",
                [list(column) for column in zip(*chunks, strict=True)],
            )
            cursor.execute(
                f"INSERT INTO {TITLE_TABLE} (document_id, sort_key, tsv, words) "
                f"SELECT d, k, {TSVECTOR}, w "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[]) AS x(d, k, e, w)",
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
                verify = [plan.verify for plan in plans if plan.verify]
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
        plan = _plan(term)
        match = plan.match if i else f"({plan.match}) & {facet_match}"
        checked = "AND strpos(words, %s) > 0 " if plan.verify else ""
        parts.append(
            f"SELECT sort_key FROM {TABLE} WHERE multi AND tsv @@ %s::tsquery {checked}"
            "AND sort_key BETWEEN %s AND %s"
        )
        params.extend([match, *([plan.verify] if plan.verify else []), low, high])
    cursor.execute(" INTERSECT ".join(parts), params)
    spread = {
        key for (key,) in cursor.fetchall() if any(low <= key <= high for low, high in ranges)
    }
    if not spread - set(hits):
        return hits
    return sorted(spread | set(hits), reverse=True)[: CAP + 1]
