"""The search interface: index, remove, search, rebuild. Nothing else in the project needs
to know which backend runs underneath (SQLite FTS5 or PostgreSQL, from the database vendor).
"""

from __future__ import annotations

import inspect
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from multiprocessing.pool import AsyncResult, Pool

from django.db import connection, transaction
from django.utils.safestring import SafeString

from gongkai.core.models import DOCUMENT_AUDIENCES, Audience

from .backends import Filters, Query, get_backend
from .models import RebuildProgress, SearchDocument, Validity
from .text import Highlighter, parse_query, plain_snippet

__all__ = [
    "Audience",
    "Document",
    "Filters",
    "Hit",
    "Results",
    "Tokenizer",
    "Validity",
    "index_document",
    "index_documents",
    "index_on_commit",
    "rebuild",
    "rebuild_stored",
    "register_source",
    "remove_document",
    "remove_on_commit",
    "search",
]

log = logging.getLogger(__name__)

MAX_PAGE = 100
MAX_PAGE_SIZE = 50
BATCH = 500
# A rebuild commits this many documents at a time, with how far it has come: on SQLite
# FTS5 writes a transaction's terms as one segment (SQLiteBackend.begin_bulk), and fewer,
# larger segments cost less to write and to merge.
REBUILD_BATCH = 2000


@dataclass(frozen=True)
class Document:
    """One searchable document, as the app that owns it describes it."""

    key: str  # stable and unique, e.g. "publication:123"
    unit_id: int
    unit_path: str  # Unit.path, e.g. "/1/4/17/": a unit filter finds its whole subtree
    title: str
    url: str
    date: date
    unit_name: str = ""
    catalog_item_id: int | None = None
    catalog_item_name: str = ""
    topic: str = ""  # 主题分类
    validity: str = Validity.CURRENT
    audience: str = Audience.PUBLIC
    reader_unit_id: int | None = None  # internal only: whose staff may read it
    summary: str = ""
    body: str = ""
    tables: str = ""  # the text of the document's tables
    attachments: str = ""  # the text extracted from PDF, Word and Excel attachments

    def __post_init__(self) -> None:
        if self.validity not in Validity.values:
            raise ValueError(f"unknown validity {self.validity!r}")
        if self.audience not in dict(DOCUMENT_AUDIENCES):
            raise ValueError(f"unknown audience {self.audience!r}")
        if self.audience == Audience.INTERNAL and self.reader_unit_id is None:
            raise ValueError("an internal document needs reader_unit_id")
        if not self.key or len(self.key) > 100:
            raise ValueError("a document key is 1 to 100 characters")


@dataclass(frozen=True)
class Hit:
    key: str
    title: str
    title_html: SafeString  # escaped, hits in <mark>
    url: str
    date: date
    unit_id: int
    unit_name: str
    validity: str
    audience: str
    topic: str
    catalog_item_name: str
    snippets: list[SafeString]  # escaped, hits in <mark>

    @property
    def validity_label(self) -> str:
        return Validity(self.validity).label


@dataclass(frozen=True)
class Results:
    """One page of hits. On SQLite the hits are counted up to 2,000 (100 pages of 20): past
    that, `total` is 2,000 and `total_exact` is False, and the page says "more than"."""

    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    # False when there were more hits than the backend counts (the total is then a floor).
    total_exact: bool = True
    page: int = 1
    page_size: int = 20
    # False when the query had no searchable characters and no filter was given.
    searched: bool = False

    @property
    def num_pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.total // self.page_size)))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.page_size + 1


# Writing ------------------------------------------------------------------------------


def _fill(row: SearchDocument, doc: Document) -> SearchDocument:
    for name in (
        "unit_id",
        "unit_path",
        "unit_name",
        "catalog_item_id",
        "catalog_item_name",
        "topic",
        "date",
        "validity",
        "audience",
        "title",
        "summary",
        "body",
        "tables",
        "attachments",
        "url",
    ):
        setattr(row, name, getattr(doc, name))
    row.reader_unit_id = doc.reader_unit_id if doc.audience == Audience.INTERNAL else None
    return row


_TEXTS = ("title", "summary", "body", "tables", "attachments")


def index_documents(docs: Iterable[Document], prepared: dict | None = None) -> int:
    """Add or replace documents, in batches, each committed (or, inside the caller's
    transaction, all in it: no savepoint between batches, since on SQLite each one would
    make FTS5 write out the terms it holds so far as a segment of their own). Returns how
    many were indexed. `prepared`: what Tokenizer made of these documents, when it made it
    in a second process."""
    backend = get_backend()
    count = 0
    iterator = iter(docs)
    while batch := list(islice(iterator, BATCH)):
        by_key = {doc.key: doc for doc in batch}
        with transaction.atomic(savepoint=False):
            old = list(SearchDocument.objects.filter(key__in=by_key))
            if old:
                if prepared:
                    # A document indexed again with the same texts (a rebuild): the old
                    # row's tokens, which deleting it needs, are the new ones.
                    same = {
                        row.key: prepared[row.key]
                        for row in old
                        if row.key in prepared
                        and all(
                            getattr(row, name) == getattr(by_key[row.key], name) for name in _TEXTS
                        )
                    }
                    backend.delete(old, same)  # type: ignore[call-arg]
                else:
                    backend.delete(old)
                SearchDocument.objects.filter(pk__in=[row.pk for row in old]).delete()
            rows = [_fill(SearchDocument(key=key), doc) for key, doc in by_key.items()]
            create = getattr(backend, "create", None)
            if create is not None:
                create(rows)
            else:
                rows = SearchDocument.objects.bulk_create(rows)
                for row in rows:
                    row.sort_key = row.make_sort_key()
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {SearchDocument._meta.db_table} SET sort_key = %s WHERE id = %s",
                        [(row.sort_key, row.pk) for row in rows],
                    )
            if prepared:
                backend.add(rows, prepared)  # type: ignore[call-arg]
            else:
                backend.add(rows)
        count += len(rows)
    return count


def index_document(doc: Document) -> None:
    """Add a document to the index, or replace the one with the same key. Runs now, in the
    caller's transaction; see index_on_commit for the usual way."""
    backend = get_backend()
    with transaction.atomic():
        row = SearchDocument.objects.filter(key=doc.key).first()
        if row is not None:
            backend.delete([row])
        else:
            row = SearchDocument(key=doc.key)
        _fill(row, doc)
        if row.pk is None:
            row.save()
        row.sort_key = row.make_sort_key()
        row.save()
        backend.add([row])


def remove_document(key: str) -> None:
    """Take a document out of the index; a key that is not there is no error."""
    backend = get_backend()
    with transaction.atomic():
        row = SearchDocument.objects.filter(key=key).first()
        if row is not None:
            backend.delete([row])
            row.delete()


def index_on_commit(doc: Document) -> None:
    """Index the document once the caller's transaction commits (never if it rolls back).

    A failure is logged, not raised: the publication stands, and `gongkai
    rebuild_search_index` puts the index right.
    """
    transaction.on_commit(lambda: index_document(doc), robust=True)


def remove_on_commit(key: str) -> None:
    transaction.on_commit(lambda: remove_document(key), robust=True)


# Rebuilding ---------------------------------------------------------------------------


class Tokenizer:
    """Makes the tokens of the next batch in a second process while this one writes the
    current batch, when the machine has a second CPU and the backend can take tokens made
    elsewhere (SQLite: `prepare`); otherwise the backend makes them as it writes.

        with Tokenizer() as tokenizer:
            for batch, prepared in tokenizer.ahead(batches):
                index_documents(batch, prepared)

    The process is started at the second batch, so a rebuild of one batch starts none.
    """

    def __init__(self) -> None:
        self.prepare = getattr(get_backend(), "prepare", None)
        self.pool: Pool | None = None

    def __enter__(self) -> Tokenizer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None

    def _submit(self, batch: list[Document]) -> AsyncResult | None:
        if self.prepare is None or (os.cpu_count() or 1) < 2:
            return None
        if self.pool is None:
            # fork: the child has the text functions already, and whatever the main module
            # is, it is not run again. The child only tokenizes: it never uses the
            # database connection it inherits, and ends without closing it.
            self.pool = multiprocessing.get_context("fork").Pool(1)
        texts = [[doc.title, doc.summary, doc.body, doc.tables, doc.attachments] for doc in batch]
        return self.pool.apply_async(self.prepare, (texts,))

    def ahead(
        self, batches: Iterable[list[Document]]
    ) -> Iterator[tuple[list[Document], dict | None]]:
        """Each batch with its tokens by key (None: the backend makes them), one batch
        being tokenized ahead of the one handed out."""
        pending: tuple[list[Document], AsyncResult | None] | None = None
        iterator = iter(batches)
        number = 0
        while True:
            try:
                batch = next(iterator)
            except StopIteration:
                break
            except Exception:
                # The source failed: what it gave before is indexed all the same.
                if pending is not None:
                    yield pending[0], _by_key(*pending)
                raise
            job = self._submit(batch) if number else None
            number += 1
            if pending is not None:
                yield pending[0], _by_key(*pending)
            pending = (batch, job)
        if pending is not None:
            yield pending[0], _by_key(*pending)


def _by_key(batch: list[Document], job: AsyncResult | None) -> dict | None:
    if job is None:
        return None
    # The last document of a key is the one indexed (index_documents keeps the last).
    return dict(zip((doc.key for doc in batch), job.get(), strict=True))


# A source yields its documents in a stable order. It may take `after`, the key of the last
# document a stopped rebuild indexed, and start after it; a source that does not is read
# from its start and the documents already indexed are passed over.
Source = Callable[..., Iterable[Document]]
_SOURCES: dict[str, Source] = {}


def register_source(name: str, documents: Source) -> None:
    """Let `rebuild` ask an app for all its documents (call from AppConfig.ready)."""
    _SOURCES[name] = documents


def _stored(batch: int = BATCH) -> Iterator[list[SearchDocument]]:
    """The indexed rows in sort-key order, the FTS5 rowid's (see _write in the SQLite
    backend for why that order)."""
    last: int | None = -1
    rows_of = SearchDocument.objects.filter(sort_key__isnull=False).order_by("sort_key")
    while rows := list(rows_of.filter(sort_key__gt=last)[:batch]):
        yield rows
        last = rows[-1].sort_key


def _batches(documents: Iterator[Document]) -> Iterator[list[Document]]:
    while batch := list(islice(documents, REBUILD_BATCH)):
        yield batch


def _documents_after(documents: Source, after: str, done: int) -> Iterator[Document]:
    if not after:
        yield from documents()
        return
    if "after" in inspect.signature(documents).parameters:
        yield from documents(after=after)
    else:
        yield from islice(documents(), done, None)


def rebuild(progress: Callable[[int], None] | None = None, *, resume: bool = False) -> int:
    """Index every document of the registered sources again (documents they no longer
    have drop out); without sources, from the texts the index keeps. Returns the number of
    documents indexed by this run.

    Batches are committed one by one, with how far the rebuild has come (RebuildProgress),
    so a stopped rebuild goes on from there with `resume=True`. The search keeps answering
    meanwhile, from old and new rows; on PostgreSQL its GIN indexes are dropped for the
    load and made again at the end (much faster than keeping them up to date row by row).
    """
    if not _SOURCES:
        return rebuild_stored(progress)
    backend = get_backend()
    state = RebuildProgress.objects.filter(pk=1).first() if resume else None
    if state is None:
        RebuildProgress.objects.filter(pk=1).delete()
        state = RebuildProgress.objects.create(pk=1)
    _begin_bulk()
    count = 0
    names = list(_SOURCES)
    first = names.index(state.source) if state.source in names else 0
    with Tokenizer() as tokenizer:
        for name in names[first:]:
            after = state.last_key if name == state.source else ""
            done = state.done_in_source if name == state.source else 0
            iterator = iter(_documents_after(_SOURCES[name], after, done))
            for batch, prepared in tokenizer.ahead(_batches(iterator)):
                with transaction.atomic():
                    count += index_documents(batch, prepared)
                    done += len(batch)
                    state.source, state.last_key, state.done_in_source = name, batch[-1].key, done
                    state.done += len(batch)
                    state.save()
                if progress:
                    progress(state.done)
    # Documents the sources no longer have: not indexed again since the rebuild started.
    while gone := list(SearchDocument.objects.filter(indexed_at__lt=state.started_at)[:BATCH]):
        with transaction.atomic():
            backend.delete(gone)
            SearchDocument.objects.filter(pk__in=[row.pk for row in gone]).delete()
    _optimize()
    state.delete()
    return count


def rebuild_stored(progress: Callable[[int], None] | None = None) -> int:
    """Make the tokens again from the texts the index keeps (after the tokenizer changed)."""
    backend = get_backend()
    count = 0
    with transaction.atomic():
        backend.clear()
        _begin_bulk()
        for rows in _stored():
            backend.add(rows)
            count += len(rows)
            if progress:
                progress(count)
    _optimize()
    return count


def _begin_bulk() -> None:
    begin_bulk = getattr(get_backend(), "begin_bulk", None)
    if begin_bulk is not None:
        begin_bulk()


def _optimize() -> None:
    optimize = getattr(get_backend(), "optimize", None)
    if optimize is not None:
        optimize()


# Reading ------------------------------------------------------------------------------


def _hit(row: SearchDocument, highlighter: Highlighter) -> Hit:
    snippets: list[SafeString] = []
    for text in (row.summary, row.body, row.tables, row.attachments):
        snippet = highlighter.snippet(text)
        if snippet:
            snippets.append(snippet)
            if len(snippets) == 2:
                break
    if not snippets and (row.summary or row.body):
        snippets.append(plain_snippet(row.summary or row.body))
    return Hit(
        key=row.key,
        title=row.title,
        title_html=highlighter.mark(row.title),
        url=row.url,
        date=row.date,
        unit_id=row.unit_id,
        unit_name=row.unit_name,
        validity=row.validity,
        audience=row.audience,
        topic=row.topic,
        catalog_item_name=row.catalog_item_name,
        snippets=snippets,
    )


def search(
    query: str,
    *,
    filters: Filters | None = None,
    user_scope: Iterable[int] = (),
    page: int = 1,
    page_size: int = 20,
) -> Results:
    """Search the index. Never raises for what a person may type.

    `user_scope` is the set of unit ids whose internal documents the reader may see
    (access.units(user, Perm.READ_INTERNAL)); leave it empty for the public. Results rank
    hits in the title first; within that, current documents before lapsed and repealed
    ones, then the newest first. Without words and without filters nothing is searched.
    """
    filters = filters or Filters()
    query = query or ""
    page = max(1, min(int(page), MAX_PAGE))
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    terms = tuple(parse_query(query))
    if not terms and not filters:
        return Results(query=query, page=page, page_size=page_size)
    rows, total, exact = get_backend().find(
        Query(
            terms=terms,
            filters=filters,
            scope=frozenset(int(unit) for unit in user_scope),
            offset=(page - 1) * page_size,
            limit=page_size,
        )
    )
    highlighter = Highlighter(terms)
    return Results(
        query=query,
        hits=[_hit(row, highlighter) for row in rows],
        total=total,
        total_exact=exact,
        page=page,
        page_size=page_size,
        searched=True,
    )
