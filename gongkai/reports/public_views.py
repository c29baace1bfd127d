"""The annual report's JSON view (its public pages are the portal's: `gongkai.portal.reports`)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import tables
from .access import get_report_for_reader


@require_GET
def api_report(request: HttpRequest, org_code: str, year: int) -> JsonResponse:
    """GET /api/v1/annual-reports/<org code>/<year>: the tables; drafts for the unit's staff."""
    found = get_report_for_reader(request.user, org_code, year)
    body = {
        "unit": found.unit.org_code,
        "unit_name": found.unit.name,
        "year": found.year,
        "title": found.title,
        "status": found.status,
        "published_at": (
            timezone.localtime(found.published_at).isoformat() if found.published_at else None
        ),
        "url": request.build_absolute_uri(found.get_public_url()),
        "sections": {heading: text for _name, heading, text in found.sections()},
        **tables.as_json(found),
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
