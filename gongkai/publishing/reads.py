"""Named reads of publications, which change nothing: a public one by its index number, one
for a staff step, and whether the seals still hold (content, chain and public state)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any, cast

from django.core.paginator import Paginator
from django.db import connections, router
from django.db.models import Sum
from django.http import Http404
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import audit
from gongkai.core.access import Asker
from gongkai.core.models import Audience, Unit, User
from gongkai.core.prepared import Prepared, stand_ins

from . import access
from .hashing import _attachment_bytes, content_hash, hash_of, public_state
from .models import (
    SEAL_SCHEME,
    SERVICE_FIELDS,
    Publication,
    PublicationQuerySet,
    PublicationTally,
    PublicationVersion,
    Seal,
    SealEvent,
    Status,
    Validity,
)


def public_by_index_no(index_no: str, queryset: PublicationQuerySet | None = None) -> Publication:
    """A public publication by its index number; 404 for anything else (internal, drafts)."""
    found = (
        (queryset if queryset is not None else Publication.objects.public())
        .select_related("unit", "current", "item")
        .filter(index_no=index_no.strip().upper())
        .first()
    )
    if found is None:
        raise Http404(_("No public publication has this index number."))
    return found


def interpretations_of(policy: Publication) -> PublicationQuerySet:
    """The public interpretations (政策解读) whose current version explains `policy`."""
    return (
        Publication.objects.public()
        .exclude(status=Status.WITHDRAWN)
        .filter(current__interprets=policy.pk)
        .select_related("current", "unit")
        .newest_first()
    )


# The same, its query compiled once per process: read on every publication page.
_INTERPRETATIONS = Prepared(lambda pk: interpretations_of(Publication(pk=pk)), *stand_ins(1))


def interpretations_list(policy: Publication) -> list[Publication]:
    """`interpretations_of(policy)`, as a list."""
    return _INTERPRETATIONS.all(policy.pk)


def policy_of(version: PublicationVersion) -> Publication | None:
    """The policy a version interprets, while it is public and not withdrawn."""
    if version.interprets_id is None:
        return None
    return (
        Publication.objects.public()
        .exclude(status=Status.WITHDRAWN)
        .select_related("current", "unit")
        .filter(pk=version.interprets_id)
        .first()
    )


def for_staff_step(user: User, pk: int, step: str) -> Publication:
    """The publication, if the user works in its unit; otherwise 404, and the attempt audited."""
    try:
        return access.get_for_staff(user, pk)
    except Http404:
        found = Publication.objects.filter(pk=pk).select_related("unit").first()
        if found is not None:
            audit.record(
                "publication:refused",
                actor=user,
                unit=found.unit,
                target=found,
                step=step,
                reason="not a member of the publishing unit",
            )
        raise Http404(_("No publication of your units has this id.")) from None


@dataclass
class SealCheck:
    publication: Publication
    version: PublicationVersion
    seal: Seal | None
    problems: list[str]

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def taken_down(self) -> bool:
        """A tombstone: verified by its hash, its content deleted by a take-down."""
        return self.version.taken_down_at is not None


def _attachments_intact(version: PublicationVersion) -> list[str]:
    broken = []
    for attachment in version.attachments.all():
        try:
            data = _attachment_bytes(attachment)
        except OSError:
            broken.append(_("the file “%(a)s” is missing") % {"a": attachment.name})
            continue
        if hashlib.sha256(data).hexdigest() != attachment.sha256:
            broken.append(_("the file “%(a)s” has changed") % {"a": attachment.name})
    return broken


def _stored_hash(version: PublicationVersion) -> str:
    """The content hash of what is stored; a tombstone has only the hash it keeps."""
    return version.content_hash if version.taken_down_at else content_hash(version)


def _tombstone_problems(version: PublicationVersion) -> list[str]:
    found = []
    if version.publication.taken_down_at is None:
        found.append(_("it is marked as taken down, but its publication was not taken down"))
    texts = [
        version.summary,
        version.body,
        version.correction_note,
        *(getattr(version, f) for f in SERVICE_FIELDS),
    ]
    if any(texts) or version.attachments.exists() or version.tables.exists():
        found.append(_("content reappeared after it was taken down"))
    return found


def _content_problems(version: PublicationVersion, seal: Seal) -> list[str]:
    if _stored_hash(version) == seal.content_hash:
        return []
    if version.taken_down_at:
        return [_("its tombstone no longer holds the sealed hash")]
    return [_("its stored content no longer matches the seal")]


def _link_problems(seal: Seal, previous: Seal | None) -> list[str]:
    found = []
    if hash_of(seal) != seal.seal_hash:
        found.append(_("the seal itself was altered"))
    if previous is not None and seal.previous != previous.seal_hash:
        found.append(_("the chain is broken before this seal"))
    return found


STATE_PARTS = {
    "audience": gettext_lazy("audience"),
    "status": gettext_lazy("status"),
    "current": gettext_lazy("current version"),
    "withdrawn_at": gettext_lazy("withdrawal date"),
    "withdrawal_reason": gettext_lazy("reason for the withdrawal"),
    "taken_down_at": gettext_lazy("take-down date"),
    "take_down_reason": gettext_lazy("reason for the take-down"),
}


def state_problems(publication: Publication, latest: Seal | None) -> list[str]:
    """Does the publication's public state (audience, status, withdrawal, take-down) match the
    chain's latest entry for it? A change made outside the application has no entry."""
    if latest is None:
        return []
    if latest.scheme < SEAL_SCHEME:
        return [_("its audience and status are not sealed")]
    try:
        sealed = json.loads(latest.state)
    except ValueError:
        sealed = {}
    now = json.loads(public_state(publication))
    return [
        _(
            "its %(what)s was changed without a seal: the seal records “%(sealed)s”, the "
            "database holds “%(now)s”"
        )
        % {"what": label, "sealed": sealed.get(key, ""), "now": now.get(key, "")}
        for key, label in STATE_PARTS.items()
        if sealed.get(key) != now.get(key)
    ]


def _latest_entry(publication: Publication) -> Seal | None:
    return Seal.objects.filter(version__publication=publication).order_by("-number").first()


def _before(seal: Seal) -> Seal | None:
    return Seal.objects.filter(county=seal.county_id, number=seal.number - 1).first()


def check_version(version: PublicationVersion, previous: Seal | None = None) -> SealCheck:
    """Does the stored version still match its seal (and, given one, the seal before it)?
    A tombstone matches by the hash it keeps, and must hold no content."""
    seal = version.seal
    found = []
    if seal is None:
        found.append(_("it has no seal"))
    else:
        found += _content_problems(version, seal)
        found += _link_problems(seal, previous)
    if version.taken_down_at:
        found += _tombstone_problems(version)
    else:
        found += _attachments_intact(version)
    return SealCheck(version.publication, version, seal, found)


def verify(publication: Publication) -> list[SealCheck]:
    """The seal checks of every published version of one publication, newest first; the
    newest also answers for the publication's public state and its later chain entries."""
    checks_ = []
    versions = publication.versions.filter(published_at__isnull=False).order_by("-number")
    for version in versions:
        seal = version.seal
        checks_.append(check_version(version, _before(seal) if seal else None))
    if checks_:
        later = Seal.objects.filter(version__publication=publication).exclude(
            event=SealEvent.PUBLISHED
        )
        for entry in later.order_by("number"):
            checks_[0].problems += _content_problems(entry.version, entry)
            checks_[0].problems += _link_problems(entry, _before(entry))
        checks_[0].problems += state_problems(publication, _latest_entry(publication))
    return checks_


def verify_chain(county: Unit | None = None) -> list[SealCheck]:
    """Check every entry of the county's chain (or of all counties), in chain order, then each
    publication's public state against its latest entry; return the failures."""
    seals = Seal.objects.select_related("version__publication").order_by("county_id", "number")
    if county is not None:
        seals = seals.filter(county=county)
    failures = []
    previous: Seal | None = None
    checked: set[int] = set()
    latest: dict[int, Seal] = {}
    for seal in seals.iterator():
        link = previous if previous is not None and previous.county_id == seal.county_id else None
        if link is None and seal.number != 1:
            link = _before(seal)
        version = seal.version
        found = _content_problems(version, seal) + _link_problems(seal, link)
        if version.pk not in checked:
            checked.add(version.pk)
            found += _tombstone_problems(version) if version.taken_down_at else []
            found += [] if version.taken_down_at else _attachments_intact(version)
        if link is None and seal.number == 1 and seal.previous:
            found.append(_("the first seal of the county points to another"))
        if link is not None and seal.number != link.number + 1:
            found.append(_("a seal is missing before this one"))
        if found:
            failures.append(SealCheck(version.publication, version, seal, found))
        latest[version.publication_id] = seal
        previous = seal
    publications = Publication.objects.filter(current__isnull=False).select_related("current")
    if county is not None:
        publications = publications.filter(unit__path__startswith=county.path)
    for publication in publications.iterator():
        found = state_problems(publication, latest.get(publication.pk))
        if found and publication.current is not None:
            failures.append(
                SealCheck(publication, publication.current, latest.get(publication.pk), found)
            )
    unsealed = PublicationVersion.objects.filter(published_at__isnull=False, seals__isnull=True)
    if county is not None:
        unsealed = unsealed.filter(publication__unit__path__startswith=county.path)
    for version in unsealed.select_related("publication"):
        failures.append(SealCheck(version.publication, version, None, [_("it has no seal")]))
    return failures


# What a row of a public list shows of a publication (`portal/_row.html`).
LIST_ROW_FIELDS = (
    "index_no",
    "unit_id",
    "item_id",
    "audience",
    "status",
    "first_published_at",
    "current__title",
    "current__validity",
    "current__published_at",
)
# A unit's list reads its rows as values, not model instances (`ListRow`).
_LIST_VALUES = (
    "pk",
    "index_no",
    "audience",
    "status",
    "first_published_at",
    "current__title",
    "current__validity",
)


@dataclass(frozen=True, slots=True)
class ListRow:
    """A row of a unit's public list (`portal/publications/unit_publications.html`), as values."""

    pk: int
    index_no: str | None
    audience: str
    status: str
    first_published_at: dt.datetime | None
    title: str
    validity: str
    url: str
    # When it was first published, in the site's time zone: as `|date:"c"` and `|date:"Y-m-d"`
    # write it, converted once a row rather than once a filter.
    published_iso: str = ""
    published_day: str = ""

    def get_absolute_url(self) -> str:
        return self.url

    @property
    def is_withdrawn(self) -> bool:
        return self.status == Status.WITHDRAWN

    @property
    def is_internal(self) -> bool:
        return self.audience == Audience.INTERNAL

    @property
    def in_force(self) -> bool:
        return self.validity == Validity.VALID

    def get_validity_display(self) -> str:
        return str(Validity(self.validity).label)


# An index number as its page's address has it: `<org code>/<year>-<serial>`.
_INDEX_NO = re.compile(r"[0-9A-Za-z]{9}/\d{4}-\d{5}")
_SAMPLE_INDEX_NO = "000000000/0000-00000"


def _list_rows(values) -> list[ListRow]:
    """`ListRow`s from a page's values; their addresses from one `reverse` a page, not one a
    row (an index number is its page's path: /info/000014349/2026-00001/)."""
    sample = Publication(index_no=_SAMPLE_INDEX_NO).get_absolute_url()
    head, _sample, tail = sample.partition(_SAMPLE_INDEX_NO)
    rows = []
    for pk, index_no, audience, status, first_published_at, title, validity in values:
        if index_no and _INDEX_NO.fullmatch(index_no):
            url = f"{head}{index_no}{tail}"
        else:
            url = Publication(pk=pk, index_no=index_no).get_absolute_url()
        iso = day = ""
        if first_published_at is not None:
            local = localtime(first_published_at)
            iso, day = local.isoformat(), f"{local.year:04d}-{local.month:02d}-{local.day:02d}"
        rows.append(
            ListRow(
                pk, index_no, audience, status, first_published_at, title, validity, url, iso, day
            )
        )
    return rows


# Values no unit or item id takes, standing in for them while a list's SQL is compiled;
# and a LIMIT and an OFFSET no page asks for, replaced by parameters.
_UNIT_MARK, _ITEM_MARK = stand_ins(2)
_LIMIT_MARK, _OFFSET_MARK = 987_654_321, 876_543_219


@functools.cache
def _public_page_sql(using: str, by_item: bool) -> tuple[Any, str, list, int]:
    """The SQL of a page of a unit's public list: its keys (from the covering index) and their
    rows in one statement, LIMIT and OFFSET as parameters; built once per database.

    The rule is publishing's own (`access.visible` for an anonymous reader) and the query
    the ORM builds from it, with stand-ins in place of the unit, the item and the window.
    """
    keys = access.visible(None).filter(unit_id=_UNIT_MARK)
    if by_item:
        keys = keys.filter(item_id=_ITEM_MARK)
    window = keys.newest_first().values("pk")[_OFFSET_MARK : _OFFSET_MARK + _LIMIT_MARK]
    rows = Publication.objects.filter(pk__in=window).newest_first().values_list(*_LIST_VALUES)
    compiler = rows.query.get_compiler(using=using)
    sql, params = compiler.as_sql()
    window_sql = f"LIMIT {_LIMIT_MARK} OFFSET {_OFFSET_MARK}"
    if sql.count(window_sql) != 1:
        raise ValueError(f"no window of its own in {sql}")
    before, after = sql.split(window_sql)
    # The window's parameters go where its text was: after those of the SQL before it.
    slot = before.count("%s")
    sql = f"{before}LIMIT %s OFFSET %s{after}"
    return compiler, sql, list(params), slot


@functools.cache
def _public_count_sql(using: str, by_item: bool) -> tuple[str, list]:
    """How many of a unit's publications an anonymous reader sees, from the tallies: the SQL
    of `access.visible_tallies` for one unit (and item), built once per database."""
    tallies = access.visible_tallies(None).filter(unit_id=_UNIT_MARK)
    if by_item:
        tallies = tallies.filter(item_id=_ITEM_MARK)
    sql, params = (
        (tallies.order_by().values("unit_id").annotate(n=Sum("published")).values_list("n"))
        .query.get_compiler(using=using)
        .as_sql()
    )
    return sql, list(params)


def _bind(params: list, unit_id: int, item_id: int | None) -> list:
    return [
        unit_id if value == _UNIT_MARK else item_id if value == _ITEM_MARK else value
        for value in params
    ]


class _NewestOfUnit:
    """A unit's publications visible to a reader, newest first, for a `Paginator`: a page's keys
    are read from publishing's covering per-unit (or per-item) index alone, then only those
    rows; the count comes from the tallies the publishing action keeps, never a count of
    the unit's publications. For an anonymous reader both are SQL compiled once per process
    (`_public_page_sql`), read from the database the router gives anonymous readers."""

    ordered = True

    def __init__(self, user: Asker, unit: Unit, item_id: int | None) -> None:
        self.user, self.unit, self.item_id = user, unit, item_id
        self.public = user is None or not user.is_authenticated

    def _narrowed(self, queryset):
        queryset = queryset.filter(unit=self.unit)
        return queryset if self.item_id is None else queryset.filter(item_id=self.item_id)

    def count(self) -> int:
        if self.public:
            using = router.db_for_read(PublicationTally)
            sql, params = _public_count_sql(using, self.item_id is not None)
            with connections[using].cursor() as cursor:
                cursor.execute(sql, _bind(params, self.unit.pk, self.item_id))
                return sum(n or 0 for (n,) in cursor.fetchall())
        tallies = self._narrowed(access.visible_tallies(self.user))
        return tallies.aggregate(n=Sum("published"))["n"] or 0

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[ListRow]:
        if self.public:
            return self._public_rows(window.start or 0, window.stop - (window.start or 0))
        keys = list(
            self._narrowed(access.visible(self.user))
            .newest_first()
            .values_list("pk", flat=True)[window]
        )
        # What a list row shows, not the versions' texts: a page reads 20 narrow rows.
        rows = Publication.objects.filter(pk__in=keys).newest_first().values_list(*_LIST_VALUES)
        return _list_rows(rows)

    def _public_rows(self, offset: int, limit: int) -> list[ListRow]:
        using = router.db_for_read(Publication)
        compiler, sql, params, slot = _public_page_sql(using, self.item_id is not None)
        bound = _bind(params, self.unit.pk, self.item_id)
        bound[slot:slot] = [limit, offset]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, bound)
            rows = cursor.fetchall()
        return _list_rows(compiler.results_iter([rows]))


def newest_of_unit(
    user: Asker, unit: Unit, *, item_id: int | None = None, per_page: int = 20
) -> Paginator:
    """A unit's publications (or one catalog item's) that `user` may read, newest first, in
    pages of `per_page` (`ListRow`s): two queries a page, whatever the unit has published."""
    # Sliced and counted like a queryset, which is all a Paginator asks of it.
    return Paginator(cast(Any, _NewestOfUnit(user, unit, item_id)), per_page)
