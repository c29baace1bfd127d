"""Browsing by subject classification (主题分类), across the county.

    /topics/                  every topic, with how many public publications it has
    /topics/<topic>/          its publications, newest first; ?unit=<org code> narrows to a
                              unit and the units under it; paginated

Two queries a page: the counts (or one page of keys), then those rows with version and unit.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.core.caching import public_page, site_changed
from gongkai.core.models import Unit, UnitKind
from gongkai.publishing.models import Publication, Topic

PER_PAGE = 20


def _public():
    return Publication.objects.public()


@public_page(last_modified=site_changed)
def index(request: HttpRequest) -> HttpResponse:
    counts = dict(
        _public()
        .order_by()
        .values("current__topic")
        .annotate(n=Count("pk"))
        .values_list("current__topic", "n")
    )
    topics = [(value, label, counts.get(value, 0)) for value, label in Topic.choices]
    return render(request, "portal/topics/index.html", {"topics": topics})


def _filter_units() -> list[Unit]:
    return list(
        Unit.objects.filter(kind__in=[UnitKind.TOWNSHIP, UnitKind.OFFICE])
        .only("org_code", "name", "short_name", "kind", "path")
        .order_by("path")
    )


@public_page(last_modified=site_changed)
def topic(request: HttpRequest, topic: str) -> HttpResponse:
    if topic not in Topic.values:
        raise Http404
    units = _filter_units()
    chosen = None
    code = request.GET.get("unit", "").strip().upper()
    if code:
        chosen = next((u for u in units if u.org_code == code), None)
        if chosen is None:
            raise Http404
    rows = _public().filter(current__topic=topic)
    if chosen is not None:
        rows = rows.filter(unit__path__startswith=chosen.path)
    rows = (
        rows.select_related("current", "unit")
        .only(
            "index_no",
            "audience",
            "status",
            "first_published_at",
            "unit__name",
            "unit__short_name",
            "current__title",
            "current__validity",
        )
        .newest_first()
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "topic": topic,
        "label": Topic(topic).label,
        "units": units,
        "chosen": chosen,
        "page": page,
    }
    return render(request, "portal/topics/topic.html", context)
