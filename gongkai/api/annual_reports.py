"""`GET /api/v1/annual-reports/{org_code}/{year}`: a unit's annual report (年度报告) as JSON.

The tables come in the official order with the official labels. Anyone reads a published
report; a draft answers 404 except to the unit's own staff (signed in, or with a key).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Router, Schema

from gongkai.reports import tables
from gongkai.reports.access import get_report_for_reader
from gongkai.reports.models import Status

from .auth import reader
from .schemas import choice, errors

router = Router(tags=["annual reports"])

Number = int | float


class Table2Part(Schema):
    caption: str
    columns: list[str]
    rows: list[list[str | Number]] = Field(description="The label, then the figures.")


class AnnualReportOut(Schema):
    unit: str
    unit_name: str
    year: int
    title: str
    status: choice(Status)  # type: ignore[valid-type]
    published_at: dt.datetime | None
    url: str
    sections: dict[str, str] = Field(description="Each section's heading and text, in order.")
    table2: list[Table2Part] = Field(description="Table 2: information disclosed proactively.")
    table3_columns: list[str]
    table3: list[list[str | Number]] = Field(
        description="Table 3: applications received and handled; the row label, then one "
        "figure per column of table3_columns."
    )
    table4: dict[str, dict[str, Number | dict[str, Number]]] = Field(
        description="Table 4: administrative reviews and lawsuits."
    )


@router.get(
    "/annual-reports/{org_code}/{year}",
    response={200: AnnualReportOut, **errors(401, 404, 422)},
    summary="A unit's annual report on government information disclosure, with its tables.",
    url_name="annual_report",
)
def annual_report(
    request: HttpRequest,
    org_code: str = Path(..., max_length=32, description="The unit's organisation code."),
    year: int = Path(..., ge=1, le=9999),
) -> dict[str, Any]:
    found = get_report_for_reader(reader(request), org_code, year)
    return {
        "unit": found.unit.org_code,
        "unit_name": found.unit.name,
        "year": found.year,
        "title": found.title,
        "status": found.status,
        "published_at": timezone.localtime(found.published_at) if found.published_at else None,
        "url": request.build_absolute_uri(found.get_public_url()),
        "sections": {heading: text for _name, heading, text in found.sections()},
        **tables.as_json(found),
    }
