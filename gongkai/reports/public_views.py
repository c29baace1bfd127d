"""Public pages: each unit's published reports by year, the report, its downloads; the API."""

from __future__ import annotations

from collections import defaultdict

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import tables
from .access import get_report_for_reader
from .models import AnnualReport
from .views import download


def index(request: HttpRequest) -> HttpResponse:
    by_unit: dict = defaultdict(list)
    units = {}
    for report in (
        AnnualReport.objects.published().select_related("unit").order_by("unit__path", "-year")
    ):
        units[report.unit_id] = report.unit
        by_unit[report.unit_id].append(report)
    rows = [(units[pk], reports) for pk, reports in by_unit.items()]
    return render(request, "reports/public/index.html", {"rows": rows})


def report(request: HttpRequest, org_code: str, year: int) -> HttpResponse:
    found = get_report_for_reader(request.user, org_code, year)
    return render(
        request,
        "reports/public/report.html",
        {"report": found, "tables": tables.build(found), "marks": False},
    )


def report_download(request: HttpRequest, org_code: str, year: int, fmt: str) -> HttpResponse:
    return download(get_report_for_reader(request.user, org_code, year), fmt)


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
