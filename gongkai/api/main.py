"""The API: `api`, mounted at /api/v1/ in `gongkai/urls.py` with `api_urls()`.

Each topic is a router in its own module; add a new one with one `api.add_router(...)` line.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI, parser
from ninja.renderers import JSONRenderer

from gongkai.publishing.actions import AlreadyDone, AlreadyPublished

from . import (
    annual_reports,
    assessment,
    errors,
    evaluation,
    info_requests,
    meetings,
    obligations,
    publications,
    search,
    staff_publications,
    units,
    villages,
)


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class Parser(parser.Parser):
    """JSON bodies; a form-encoded body (an HTML form, `curl -d`/`-F`) is read as its fields."""

    FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        if request.content_type in self.FORMS:
            return errors.without_nul(request.POST.dict())
        return errors.without_nul(super().parse_body(request))


class GongkaiAPI(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method == "GET":
            # Public reads may be fetched by any site: no cookie is needed for them.
            response["Access-Control-Allow-Origin"] = "*"
        return response


api = GongkaiAPI(
    title="Gongkai API",
    version="1",
    description=(
        "Government-affairs disclosure (政务公开) of the county and its townships as JSON: "
        "units, catalogs, publications and their seals, search, annual reports, and "
        "applications for disclosure; staff steps with a per-user key "
        '(`Authorization: Token <key>`). Every list answers `{"items": [...], "next": '
        'url|null}`; every error `{"error": "...", "fields": {"<field>": "..."}}`.'
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=Renderer(),
    parser=Parser(),
)
errors.install(api, conflicts=[AlreadyDone, AlreadyPublished])

api.add_router("", units.router)
# Before the publications router, whose publications/{index_no} would take its paths.
api.add_router("", evaluation.router)
api.add_router("", publications.router)
api.add_router("", staff_publications.router)
api.add_router("", info_requests.router)
api.add_router("", search.router)
api.add_router("", annual_reports.router)
api.add_router("", obligations.router)
api.add_router("", assessment.router)
api.add_router("", villages.router)
api.add_router("", meetings.router)


def api_urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """`api.urls`, answering an unknown method (405) as JSON; `unknown_path` then takes the rest."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = errors.json_method_errors(pattern.callback)
    return patterns, app_name, namespace
