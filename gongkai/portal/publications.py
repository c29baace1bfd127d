"""Public publication pages: the catalog index, a unit's list, the publication page, its files.

A unit's catalog tree is the disclosure column's proactive part (`column.proactive`); its
older address /catalog/<org code>/ is served by the same view.

Every read goes through `access.visible(user)`, so an internal publication appears only to
the staff of its unit, signed in.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.timezone import localdate

from gongkai.catalog import reads as catalog_reads
from gongkai.catalog.models import CatalogItem
from gongkai.core.caching import (
    SITE_SCOPE,
    aware,
    object_scope,
    public_page,
    scoped_changed,
    site_changed,
    unit_changed,
)
from gongkai.core.db_router import read_connection
from gongkai.core.models import Unit, UnitKind
from gongkai.core.prepared import Prepared
from gongkai.obligations import reads as obligations
from gongkai.publishing import access, reads, rendering, tables
from gongkai.publishing.models import (
    Attachment,
    Publication,
    PublicationTable,
    PublicationVersion,
    Status,
)
from gongkai.publishing.views import file_response

PER_PAGE = 20


# A township or office by its code, with its parent: its query compiled once per process.
_UNIT = Prepared(
    lambda org_code: Unit.objects.select_related("parent").filter(
        org_code=org_code, kind__in=[UnitKind.TOWNSHIP, UnitKind.OFFICE]
    ),
    "\x00org_code\x00",
)


def _unit(org_code: str) -> Unit:
    found = _UNIT.first(org_code.upper())
    if found is None:
        raise Http404
    return found


def publication_changed(
    request: HttpRequest, org_code: str, number: str, version: int | None = None
) -> dt.datetime | None:
    """When the publication page last changed: its current (or the asked) version's time.

    The ETag and the page cache follow the publication's and the site's generations too
    (a withdrawal, a renamed unit); a withdrawn publication gets no validator at all, so
    no conditional request is answered 304 for it.
    """
    index_no = f"{org_code.upper()}/{number}"
    user = getattr(request, "user", None)
    if version is None and not (user is not None and user.is_authenticated):
        found = _public_current_time(index_no)
    else:
        visible = access.visible(user).filter(index_no=index_no)
        if version is None:
            rows = visible.values_list("pk", "current__published_at", "status")
        else:
            rows = PublicationVersion.objects.filter(
                publication__in=visible, number=version, published_at__isnull=False
            ).values_list("publication_id", "published_at", "publication__status")
        found = next(iter(rows.order_by()[:1]), None)
    if found is None:
        return None
    pk, moment, status = found
    if moment is None or status == Status.WITHDRAWN:
        return None
    scoped_changed(request, [SITE_SCOPE, object_scope(Publication._meta.label_lower, pk)])
    return aware(moment)


_PLACEHOLDER = "\x00index_no\x00"


@functools.cache
def _public_current_time_sql() -> tuple[str, tuple, int]:
    """The SQL of publishing's named read `public()` for one index number, built once.

    The ORM builds the same query on every request, which costs more than running it; the
    rule (published, public audience) stays publishing's: this is its query, reused.
    """
    query = (
        Publication.objects.public()
        .filter(index_no=_PLACEHOLDER)
        .values_list("pk", "current__published_at", "status")
        .order_by()[:1]
        .query
    )
    sql, params = query.sql_with_params()
    return sql, tuple(params), list(params).index(_PLACEHOLDER)


def _public_current_time(index_no: str) -> tuple[int, dt.datetime | None, str] | None:
    sql, params, slot = _public_current_time_sql()
    values = list(params)
    values[slot] = index_no
    with read_connection().cursor() as cursor:  # where the page itself is read from
        cursor.execute(sql, values)
        return cursor.fetchone()


@public_page(last_modified=site_changed)
def catalog_index(request: HttpRequest) -> HttpResponse:
    townships = (
        Unit.objects.filter(kind=UnitKind.TOWNSHIP)
        .prefetch_related("children")
        .order_by("position", "name")
    )
    rows = [(t, [c for c in t.children.all() if c.kind == UnitKind.OFFICE]) for t in townships]
    return render(request, "portal/publications/catalog_index.html", {"rows": rows})


@public_page(last_modified=unit_changed)
def unit_publications(request: HttpRequest, org_code: str) -> HttpResponse:
    """A unit's publications, newest first; `?item=` narrows to one catalog item."""
    unit = _unit(org_code)
    item = None
    waived: list = []
    if request.GET.get("item", "").isdigit():
        # A merged duplicate's old address leads to the item it became.
        if (kept := catalog_reads.merged_into(int(request.GET["item"]))) is not None:
            return redirect(f"{request.path}?item={kept.pk}", permanent=True)
        item = get_object_or_404(CatalogItem.objects.adopted_by(unit), pk=int(request.GET["item"]))
        year = localdate().year
        waived = obligations.public_waivers(unit, years=(year - 1, year)).get(item.pk, [])
    # A page's keys from the covering per-unit index, the count from publishing's tallies:
    # the same few queries on the first page and the thousandth.
    pages = reads.newest_of_unit(
        request.user, unit, item_id=item.pk if item else None, per_page=PER_PAGE
    )
    page = pages.get_page(request.GET.get("page"))
    return render(
        request,
        "portal/publications/unit_publications.html",
        {"unit": unit, "item": item, "page": page, "waived": waived},
    )


def withdrawn_page(request: HttpRequest, publication: Publication) -> HttpResponse:
    """What a reader finds at every address of a withdrawn publication (page, versions, files,
    tables): 410 Gone, with when and why, and none of the content."""
    context = {
        "publication": publication,
        "unit": publication.unit,
        "item": publication.item,
        "title": publication.current.title,
    }
    return render(request, "portal/publications/withdrawn.html", context, status=410)


def _version(request: HttpRequest, org_code: str, number: str, version: int | None):
    publication = access.get_published(request.user, org_code, number)
    if version is None:
        shown = publication.current
    else:
        shown = get_object_or_404(
            PublicationVersion, publication=publication, number=version, published_at__isnull=False
        )
    return publication, shown


@public_page(last_modified=publication_changed)
def publication(
    request: HttpRequest, org_code: str, number: str, version: int | None = None
) -> HttpResponse:
    publication, shown = _version(request, org_code, number, version)
    if publication.status == Status.WITHDRAWN:
        return withdrawn_page(request, publication)
    if shown.number == 1 and shown.pk == publication.current_id:
        # The first version is the current one: there is no other to list.
        versions = [shown]
    else:
        versions = list(
            publication.versions.filter(published_at__isnull=False)
            .select_related("published_by")
            .order_by("-number")
        )
    context = {
        "publication": publication,
        "version": shown,
        "is_current": shown.pk == publication.current_id,
        "versions": versions,
        # Rendered once per version and kept: a published version never changes.
        "document": rendering.document(publication, shown),
        "unit": publication.unit,
        "item": publication.item,
        "number": publication.index_no.split("/", 1)[1],
        # 政策解读: the policy this version explains, and the interpretations of this one.
        "policy": reads.policy_of(shown),
        "interpretations": reads.interpretations_list(publication),
    }
    return render(request, "portal/publications/publication.html", context)


def attachment(
    request: HttpRequest, org_code: str, number: str, version: int, part: int
) -> HttpResponse:
    publication, shown = _version(request, org_code, number, version)
    if publication.status == Status.WITHDRAWN:
        return withdrawn_page(request, publication)
    return file_response(get_object_or_404(Attachment, pk=part, version=shown))


def table_download(
    request: HttpRequest, org_code: str, number: str, version: int, part: int, fmt: str
) -> HttpResponse:
    publication, shown = _version(request, org_code, number, version)
    if publication.status == Status.WITHDRAWN:
        return withdrawn_page(request, publication)
    table = get_object_or_404(PublicationTable, pk=part, version=shown)
    base = f"{publication.index_no.replace('/', '_')}-{table.position + 1}"
    if fmt == "csv":
        response = HttpResponse(
            tables.to_csv(table.columns, table.rows), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            tables.to_xlsx(table.caption, table.columns, table.rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = content_disposition_header(
        True, f"{base} {table.caption}.{fmt}"
    )
    return response


def verify(request: HttpRequest, org_code: str, number: str) -> HttpResponse:
    """The seal of each published version, and whether the stored content still matches it."""
    publication = access.get_published(request.user, org_code, number)
    checks = reads.verify(publication)
    context = {
        "publication": publication,
        "version": publication.current,
        "checks": checks,
        "valid": all(check.valid for check in checks),
        "unit": publication.unit,
        "item": publication.item,
    }
    return render(request, "portal/publications/verify.html", context)
