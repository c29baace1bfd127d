"""`GET /api/v1/search`: the portal's search as JSON, for the same user as the page.

Anyone finds public documents; a unit's staff (signed in, or with a key) also find its
internal ones.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from gongkai.search import reads
from gongkai.search.index import Audience, Hit, Results
from gongkai.search.models import Validity

from .auth import reader
from .schemas import PageNumber, choice, errors, next_page_url

router = Router(tags=["search"])


class HitUnit(Schema):
    id: int
    name: str


class SearchHit(Schema):
    key: str
    title: str
    title_html: str = Field(description="The title, escaped, with the hits in <mark>.")
    url: str
    date: dt.date
    unit: HitUnit
    validity: choice(Validity)  # type: ignore[valid-type]
    topic: str
    catalog_item: str
    internal: bool
    snippets: list[str] = Field(description="Escaped, with the hits in <mark>.")


class SearchResults(Schema):
    items: list[SearchHit]
    next: str | None = Field(description="The next page's URL, or null on the last page.")
    query: str
    total: int = Field(description="Hits counted; a floor when total_exact is false.")
    total_exact: bool
    page: int
    page_size: int
    num_pages: int
    results: list[SearchHit] = Field(description="The same as items (kept for older clients).")


def _hit(hit: Hit) -> dict[str, Any]:
    return {
        "key": hit.key,
        "title": hit.title,
        "title_html": hit.title_html,
        "url": hit.url,
        "date": hit.date,
        "unit": {"id": hit.unit_id, "name": hit.unit_name},
        "validity": hit.validity,
        "topic": hit.topic,
        "catalog_item": hit.catalog_item_name,
        "internal": hit.audience == Audience.INTERNAL,
        "snippets": hit.snippets,
    }


@router.get(
    "/search",
    response={200: SearchResults, **errors(400, 401, 422)},
    summary="Search the published documents, as the portal's search page does.",
    url_name="search",
)
def search(
    request: HttpRequest,
    q: str = Query("", description="Search words."),
    unit: str = Query("", max_length=32, description="The issuing unit's organisation code."),
    catalog: int | None = Query(None, ge=1, le=2**63 - 1, description="A catalog item's id."),
    topic: str = Query("", max_length=100),
    validity: choice(Validity) | None = Query(None),  # type: ignore[valid-type]
    date_from: dt.date | None = Query(None),
    date_to: dt.date | None = Query(None),
    page: PageNumber = 1,
) -> dict[str, Any]:
    user = reader(request)
    params = {
        key: str(value)
        for key, value in {
            "q": q,
            "unit": unit,
            "catalog": catalog,
            "topic": topic,
            "validity": validity,
            "date_from": date_from,
            "date_to": date_to,
            "page": page if "page" in request.GET else None,
        }.items()
        if value not in (None, "")
    }
    form, results = reads.run(params, user)
    if form.is_bound and not form.is_valid():
        raise ValidationError(
            {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        )
    results = results or Results(query="")
    hits = [_hit(hit) for hit in results.hits]
    more = results.page < results.num_pages
    return {
        "items": hits,
        "next": next_page_url(request, results.page + 1) if more else None,
        "query": results.query,
        "total": results.total,
        "total_exact": results.total_exact,
        "page": results.page,
        "page_size": results.page_size,
        "num_pages": results.num_pages,
        "results": hits,
    }
