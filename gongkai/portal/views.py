"""Public pages only: no models, no rules; reads come from the apps that own them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from gongkai.core.caching import LISTS_SCOPE, SITE_SCOPE, fragment, public_page, site_changed
from gongkai.core.models import Unit, UnitKind

from .column import COLUMN_KINDS, latest_publications


def _children(unit: Unit, kind: str):
    return unit.children.filter(kind=kind).order_by("position", "name")


@public_page(last_modified=site_changed)
def home(request: HttpRequest) -> HttpResponse:
    county = Unit.objects.counties().order_by("position", "pk").first()
    if county is None:
        return render(request, "portal/empty.html", status=200)
    # Read only when the kept part is missing: the townships and their villages change with
    # the site, the newest publications with the county-wide lists.
    townships = _children(county, UnitKind.TOWNSHIP).prefetch_related("children")
    latest = fragment(
        request,
        "home-latest",
        lambda: render_to_string(
            "portal/_latest.html", {"latest": latest_publications(request, county)}, request
        ),
        scopes=(SITE_SCOPE, LISTS_SCOPE),
        vary=(county.pk,),
        per_reader=True,
    )
    context = {"county": county, "townships": townships, "latest": mark_safe(latest)}
    return render(request, "portal/home.html", context)


def unit(request: HttpRequest, org_code: str) -> HttpResponse:
    found = get_object_or_404(Unit.objects.select_related("parent"), org_code=org_code.upper())
    context = {
        "unit": found,
        "has_column": found.kind in COLUMN_KINDS,
        "ancestors": list(found.ancestors().exclude(pk=found.pk)),
        "townships": _children(found, UnitKind.TOWNSHIP),
        "offices": _children(found, UnitKind.OFFICE),
        "villages": _children(found, UnitKind.VILLAGE),
    }
    return render(request, "portal/unit.html", context)
