"""Public annual-report pages: the report and its downloads.

The index of every unit's reports is the county's column part (`column.annual_reports`),
served at /annual-reports/ too.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.reports import tables
from gongkai.reports.access import get_report_for_reader
from gongkai.reports.views import download


def report(request: HttpRequest, org_code: str, year: int) -> HttpResponse:
    found = get_report_for_reader(request.user, org_code, year)
    return render(
        request,
        "portal/reports/report.html",
        {"report": found, "tables": tables.build(found), "marks": False},
    )


def report_download(request: HttpRequest, org_code: str, year: int, fmt: str) -> HttpResponse:
    return download(get_report_for_reader(request.user, org_code, year), fmt)
