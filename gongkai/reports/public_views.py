"""Public pages: each unit's published reports by year, the report, its downloads."""

from __future__ import annotations

from collections import defaultdict

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
