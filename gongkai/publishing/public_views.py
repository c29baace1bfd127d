"""Public pages: the catalog tree of each township and office, lists, and the publication page.

Every read goes through `access.visible(user)`, so an internal publication appears only to
the staff of its unit, signed in.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from gongkai.catalog.models import CatalogItem
from gongkai.catalog.reads import tree
from gongkai.core.models import Unit, UnitKind
from gongkai.portal.conditional import public_page, publication_changed, site_changed

from . import access, actions, tables
from .models import Attachment, PublicationTable, PublicationVersion
from .views import file_response

PER_PAGE = 20
PER_ITEM = 5


def _unit(org_code: str) -> Unit:
    return get_object_or_404(
        Unit.objects.select_related("parent"),
        org_code=org_code.upper(),
        kind__in=[UnitKind.TOWNSHIP, UnitKind.OFFICE],
    )


@public_page(last_modified=site_changed)
def catalog_index(request: HttpRequest) -> HttpResponse:
    townships = (
        Unit.objects.filter(kind=UnitKind.TOWNSHIP)
        .prefetch_related("children")
        .order_by("position", "name")
    )
    rows = [(t, [c for c in t.children.all() if c.kind == UnitKind.OFFICE]) for t in townships]
    return render(request, "publishing/public/catalog_index.html", {"rows": rows})


@public_page(last_modified=site_changed)
def unit_catalog(request: HttpRequest, org_code: str) -> HttpResponse:
    """The unit's catalog as a tree: groups, first-level matters, items, latest publications."""
    unit = _unit(org_code)
    items = list(CatalogItem.objects.adopted_by(unit).in_order())
    publications = (
        access.visible(request.user)
        .filter(unit=unit)
        .select_related("current")
        .only(
            "index_no",
            "item_id",
            "first_published_at",
            "audience",
            "status",
            "current__title",
            "current__validity",
            "current__published_at",
        )
        .newest_first()
    )
    by_item: dict[int, list] = {}
    for publication in publications:
        by_item.setdefault(publication.item_id, []).append(publication)
    for item in items:
        found = by_item.get(item.pk, [])
        item.latest = found[:PER_ITEM]
        item.more = len(found) > PER_ITEM
        item.total = len(found)
    context = {
        "unit": unit,
        "tree": tree(items),
        "offices": unit.children.filter(kind=UnitKind.OFFICE).order_by("position", "name")
        if unit.kind == UnitKind.TOWNSHIP
        else [],
    }
    return render(request, "publishing/public/unit_catalog.html", context)


@public_page(last_modified=site_changed)
def unit_publications(request: HttpRequest, org_code: str) -> HttpResponse:
    """A unit's publications, newest first; `?item=` narrows to one catalog item."""
    unit = _unit(org_code)
    publications = access.visible(request.user).filter(unit=unit).select_related("current", "item")
    item = None
    if request.GET.get("item", "").isdigit():
        item = get_object_or_404(CatalogItem.objects.adopted_by(unit), pk=int(request.GET["item"]))
        publications = publications.filter(item=item)
    page = Paginator(publications.newest_first(), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "publishing/public/unit_publications.html",
        {"unit": unit, "item": item, "page": page},
    )


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
        "attachments": list(shown.attachments.all()),
        "tables": list(shown.tables.all()),
        "unit": publication.unit,
        "item": publication.item,
        "number": publication.index_no.split("/", 1)[1],
    }
    return render(request, "publishing/public/publication.html", context)


def attachment(
    request: HttpRequest, org_code: str, number: str, version: int, part: int
) -> HttpResponse:
    _publication, shown = _version(request, org_code, number, version)
    return file_response(get_object_or_404(Attachment, pk=part, version=shown))


def table_download(
    request: HttpRequest, org_code: str, number: str, version: int, part: int, fmt: str
) -> HttpResponse:
    publication, shown = _version(request, org_code, number, version)
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
    checks = actions.verify(publication)
    context = {
        "publication": publication,
        "version": publication.current,
        "checks": checks,
        "valid": all(check.valid for check in checks),
        "unit": publication.unit,
        "item": publication.item,
    }
    return render(request, "publishing/public/verify.html", context)
