"""The search's JSON view; the public search page is the portal's (`gongkai.portal.search`).

Both run the same search (`reads.run`) for the same user.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from . import index
from .index import Hit, Results
from .reads import reader_scope
from .reads import run as _run

__all__ = ["reader_scope", "search_api"]


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
