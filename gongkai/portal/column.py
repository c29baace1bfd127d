"""The disclosure column (政府信息公开): the county's, and each township's and office's.

Each unit's column has the standard parts, one page each, at stable addresses:

    /disclosure/<org code>/                  the column: its parts and latest publications
    /disclosure/<org code>/guide/            政府信息公开指南 (from the unit's guide data)
    /disclosure/<org code>/rules/            政府信息公开制度
    /disclosure/<org code>/proactive/        法定主动公开内容 (the unit's catalog tree,
                                             /catalog/<org code>/ too)
    /disclosure/<org code>/annual-reports/   政府信息公开年报
                                             (the county's is /annual-reports/ too)
    /disclosure/<org code>/on-application/   依申请公开

Reads come from the apps that own them (catalog, publishing, reports); no page queries
per row, so a list costs the same few queries however long it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import CatalogItem, Group
from gongkai.catalog.reads import Branch, tree
from gongkai.core.caching import SITE_SCOPE, fragment, public_page, unit_changed, unit_scope
from gongkai.core.models import Unit, UnitKind
from gongkai.obligations import reads as obligations
from gongkai.publishing import access as publishing_access
from gongkai.publishing import reads as publishing_reads
from gongkai.publishing.models import Publication, PublicationTally
from gongkai.reports.models import AnnualReport

from . import village

COLUMN_KINDS = (UnitKind.COUNTY, UnitKind.TOWNSHIP, UnitKind.OFFICE)
LATEST = 10
PER_ITEM = 3


@dataclass(frozen=True)
class Part:
    slug: str
    url_name: str
    title: str
    about: str


PARTS = (
    Part(
        "guide",
        "portal:guide",
        _("Disclosure guide"),
        _("What is disclosed, how to obtain it, and who to contact."),
    ),
    Part(
        "rules",
        "portal:rules",
        _("Disclosure rules"),
        _("The rules the unit follows: review, deadlines, applications, oversight."),
    ),
    Part(
        "proactive",
        "portal:proactive",
        _("Statutory proactive disclosure"),
        _("The disclosure catalog, item by item, with what has been published."),
    ),
    Part(
        "annual-reports",
        "portal:annual_reports",
        _("Annual reports on disclosure"),
        _("The yearly report on the unit's disclosure work."),
    ),
    Part(
        "on-application",
        "portal:on_application",
        _("Disclosure on application"),
        _("How to ask for information that has not been published, and the form."),
    ),
)
PART_BY_SLUG = {part.slug: part for part in PARTS}


def column_unit(org_code: str, kinds: tuple[str, ...] = COLUMN_KINDS) -> Unit:
    return get_object_or_404(
        Unit.objects.select_related("parent"), org_code=org_code.upper(), kind__in=kinds
    )


def _county_unit() -> Unit:
    return get_object_or_404(Unit.objects.counties().order_by("position", "pk")[:1])


def _context(unit: Unit, part: Part | None, **extra) -> dict:
    county = unit.county if unit.kind != UnitKind.COUNTY else unit
    return {
        "unit": unit,
        "county": county,
        "part": part,
        "parts": [
            (p, reverse(p.url_name, kwargs={"org_code": unit.org_code}), p == part) for p in PARTS
        ],
        "ancestors": [u for u in _ancestors(unit) if u.pk != unit.pk],
        **extra,
    }


def _ancestors(unit: Unit) -> list[Unit]:
    chain = []
    current: Unit | None = unit
    while current is not None:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))


def latest_publications(request: HttpRequest, scope: Unit, limit: int = LATEST) -> list:
    """The newest publications of a unit and the units under it that this reader may see.

    Two queries: the newest keys first, sorting narrow rows only, then those rows with
    their version and unit (sorting the joined rows is several times slower at scale).
    """
    keys = list(
        publishing_access.visible(request.user)
        .filter(unit__in=Unit.objects.subtree(scope).values("pk"))
        .newest_first()
        .values_list("pk", flat=True)[:limit]
    )
    rows = (
        Publication.objects.filter(pk__in=keys)
        .select_related("current", "unit")
        .only(
            "index_no",
            "audience",
            "status",
            "first_published_at",
            "unit__name",
            "unit__short_name",
            "current__title",
            "current__validity",
            "current__published_at",
        )
        .newest_first()
    )
    return list(rows)


def sub_units(unit: Unit) -> list[tuple[Unit, list[Unit]]]:
    """Townships with their offices (for the county), or a township's offices."""
    return sub_units_and_villages(unit)[0]


def sub_units_and_villages(unit: Unit) -> tuple[list[tuple[Unit, list[Unit]]], list[Unit]]:
    """`sub_units`, and a township's villages, from one query."""
    if unit.kind == UnitKind.OFFICE:
        return [], []
    kinds: tuple[str, ...] = (UnitKind.TOWNSHIP, UnitKind.OFFICE)
    if unit.kind == UnitKind.TOWNSHIP:
        kinds = (*kinds, UnitKind.VILLAGE)
    found = list(Unit.objects.subtree(unit).filter(kind__in=kinds).exclude(pk=unit.pk))
    villages = sorted(
        (u for u in found if u.kind == UnitKind.VILLAGE), key=lambda u: (u.position, u.name)
    )
    units = sorted((u for u in found if u.kind != UnitKind.VILLAGE), key=lambda u: u.path)
    if unit.kind == UnitKind.TOWNSHIP:
        return [(office, []) for office in units], villages
    townships = [u for u in units if u.kind == UnitKind.TOWNSHIP]
    return [(t, [u for u in units if u.parent_id == t.pk]) for t in townships], villages


def county_column(request: HttpRequest) -> HttpResponse:
    return redirect("portal:column", org_code=_county_unit().org_code)


@public_page(last_modified=unit_changed)
def column(request: HttpRequest, org_code: str) -> HttpResponse:
    unit = column_unit(org_code, (*COLUMN_KINDS, UnitKind.VILLAGE))
    if unit.kind == UnitKind.VILLAGE:
        return village.page(request, unit)
    units, villages = sub_units_and_villages(unit)
    context = _context(
        unit,
        None,
        latest=latest_publications(request, unit),
        sub_units=units,
        villages=villages,
    )
    return render(request, "portal/column/overview.html", context)


@public_page(last_modified=unit_changed)
def guide(request: HttpRequest, org_code: str) -> HttpResponse:
    unit = column_unit(org_code)
    context = _context(
        unit,
        PART_BY_SLUG["guide"],
        adopted=CatalogItem.objects.adopted_by(unit).count()
        if unit.kind != UnitKind.COUNTY
        else None,
    )
    return render(request, "portal/column/guide.html", context)


@public_page(last_modified=unit_changed)
def rules(request: HttpRequest, org_code: str) -> HttpResponse:
    unit = column_unit(org_code)
    return render(request, "portal/column/rules.html", _context(unit, PART_BY_SLUG["rules"]))


@public_page(last_modified=unit_changed)
def proactive(request: HttpRequest, org_code: str) -> HttpResponse:
    """The unit's catalog tree; under each item its newest publications and how many."""
    unit = column_unit(org_code)
    part = PART_BY_SLUG["proactive"]
    visible = publishing_access.visible(request.user)
    if unit.kind == UnitKind.COUNTY:
        counts = dict(
            publishing_access.visible_tallies(request.user)
            .order_by()
            .values("unit")
            .annotate(n=Sum("published"))
            .values_list("unit", "n")
        )
        rows = [
            (t, counts.get(t.pk, 0), [(o, counts.get(o.pk, 0)) for o in offices])
            for t, offices in sub_units(unit)
        ]
        return render(
            request, "portal/column/proactive_county.html", _context(unit, part, rows=rows)
        )

    today = localdate()

    def render_tree() -> str:
        items = newest_by_item(visible, publishing_access.visible_tallies(request.user), unit)
        waived = obligations.public_waivers(unit, years=(today.year - 1, today.year))
        for item in items:
            item.waived = waived.get(item.pk, [])
        return render_to_string(
            "portal/column/_tree.html", {"unit": unit, "tree": phone_tree(items)}, request
        )

    # The tree shows what is published in the unit, its catalog and waivers: kept until one
    # of those moves the unit's or the site's generation (or the year turns).
    tree_html = fragment(
        request,
        "catalog-tree",
        render_tree,
        scopes=(SITE_SCOPE, unit_scope(unit.org_code)),
        vary=(unit.pk, today.year),
        per_reader=True,
    )
    context = _context(unit, part, tree=mark_safe(tree_html), offices=sub_units(unit))
    return render(request, "portal/column/proactive.html", context)


def newest_by_item(
    visible: QuerySet[Publication], tallies: QuerySet[PublicationTally], unit: Unit
) -> list[CatalogItem]:
    """The unit's catalog items in order, each with `total` (how many publications this reader
    may see) and `latest` (the newest `PER_ITEM` of them).

    Two queries, whatever the unit has published: the items, each with its count from
    publishing's tallies (kept by the publishing action) and the keys of its newest
    publications from correlated subqueries that read publishing's per-item index (a few
    index entries per item, never the unit's whole list), then those few publications
    with their current versions.
    """
    mine = visible.filter(unit=unit, item=OuterRef("pk")).order_by()
    newest = mine.order_by("-first_published_at", "-pk").values("pk")
    counted = (
        tallies.filter(unit=unit, item=OuterRef("pk"))
        .order_by()
        .values("item")
        .annotate(n=Sum("published"))
        .values("n")
    )
    items = list(
        CatalogItem.objects.adopted_by(unit)
        .in_order()
        .annotate(
            total=Coalesce(Subquery(counted), 0),
            **{f"newest_{n}": Subquery(newest[n : n + 1]) for n in range(PER_ITEM)},
        )
    )
    keys = [
        key
        for item in items
        for key in (getattr(item, f"newest_{n}") for n in range(PER_ITEM))
        if key is not None
    ]
    rows = {
        publication.pk: publication
        for publication in Publication.objects.filter(pk__in=keys)
        .select_related("current")
        .only(*publishing_reads.LIST_ROW_FIELDS)  # the rows are portal/_row.html, as a list's
    }
    for item in items:
        item.latest = [
            rows[key]
            for key in (getattr(item, f"newest_{n}") for n in range(PER_ITEM))
            if key in rows
        ]
    return items


@dataclass
class ShownGroup:
    """A catalog group as the page shows it: items with something to read under their
    first-level matter, and the items with nothing yet folded away in catalog order."""

    group: Group
    branches: list[Branch]
    empty: list[CatalogItem]


def phone_tree(items: list[CatalogItem]) -> list[ShownGroup]:
    """Most items of a township's catalog are empty; listed in full the page is metres long on a
    phone. An item is empty when it has no publication the reader may see and no waiver notice."""
    shown = []
    for node in tree(items):
        branches = []
        empty: list[CatalogItem] = []
        for branch in node.branches:
            filled = [item for item in branch.items if item.latest or item.waived]
            empty.extend(item for item in branch.items if not (item.latest or item.waived))
            if filled:
                branches.append(Branch(branch.name, filled))
        shown.append(ShownGroup(node.group, branches, empty))
    return shown


def _annual_reports(request: HttpRequest, unit: Unit) -> HttpResponse:
    reports = list(
        AnnualReport.objects.published()
        .filter(unit__path__startswith=unit.path)
        .select_related("unit", "publication")
        .order_by("unit__path", "-year")
    )
    context = _context(unit, PART_BY_SLUG["annual-reports"], reports=reports)
    if unit.kind == UnitKind.COUNTY:
        context["site_county"] = unit  # the layout's county: no second read
    return render(request, "portal/column/annual_reports.html", context)


@public_page(last_modified=unit_changed)
def annual_reports(request: HttpRequest, org_code: str) -> HttpResponse:
    return _annual_reports(request, column_unit(org_code))


def annual_report_index(request: HttpRequest) -> HttpResponse:
    """Every unit's annual reports: the county's column part, at /annual-reports/."""
    return _annual_reports(request, _county_unit())


@public_page(last_modified=unit_changed)
def on_application(request: HttpRequest, org_code: str) -> HttpResponse:
    unit = column_unit(org_code)
    apply_url = reverse("info_requests_public:apply") + f"?unit={unit.org_code}"
    context = _context(unit, PART_BY_SLUG["on-application"], apply_url=apply_url)
    return render(request, "portal/column/on_application.html", context)
