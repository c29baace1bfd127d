"""The public search page and its JSON twin; both run the same search for the same user."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongkai.core import access
from gongkai.core.access import Perm

from . import index
from .forms import SearchForm
from .index import Hit, Results


def reader_scope(user) -> list[int]:
    """The units whose internal documents this user may find (none for the public)."""
    return list(access.units(user, Perm.READ_INTERNAL).values_list("pk", flat=True))


def _run(request: HttpRequest) -> tuple[SearchForm, Results | None]:
    form = SearchForm(request.GET or None)
    if not form.is_bound or not form.is_valid():
        return form, None
    data = form.cleaned_data
    results = index.search(
        data["q"],
        filters=form.filters(),
        user_scope=reader_scope(request.user),
        page=data["page"],
    )
    return form, results


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    form, results = _run(request)
    return render(
        request,
        "search/search.html",
        {"form": form, "results": results, "hide_search_box": True},
    )


def _hit_json(hit: Hit) -> dict:
    return {
        "key": hit.key,
        "title": hit.title,
        "title_html": hit.title_html,
        "url": hit.url,
        "date": hit.date.isoformat(),
        "unit": {"id": hit.unit_id, "name": hit.unit_name},
        "validity": hit.validity,
        "topic": hit.topic,
        "catalog_item": hit.catalog_item_name,
        "internal": hit.audience == index.Audience.INTERNAL,
        "snippets": hit.snippets,
    }


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    form, results = _run(request)
    if form.is_bound and not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    results = results or Results(query="")
    return JsonResponse(
        {
            "query": results.query,
            "total": results.total,
            "total_exact": results.total_exact,
            "page": results.page,
            "page_size": results.page_size,
            "num_pages": results.num_pages,
            "results": [_hit_json(hit) for hit in results.hits],
        },
        json_dumps_params={"ensure_ascii": False},
    )
