"""The figures per unit for a year, as an XLSX workbook."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from gongkai.core import cells

from .models import ASPECTS, Evaluation
from .reads import Results


def header() -> list[str]:
    labels = [
        str(getattr(Evaluation._meta.get_field(name), "verbose_name", name)) for name in ASPECTS
    ]
    return [
        _("Unit"),
        _("Organisation code"),
        _("Satisfied"),
        _("Basically satisfied"),
        _("Dissatisfied"),
        _("Satisfaction rate (%)"),
        _("Error reports"),
        _("Answered"),
        _("Answered on time"),
        _("Evaluation forms"),
        *labels,
    ]


def to_xlsx(year: int, rows: list[Results]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = str(year)
    sheet.append(cells.xlsx_row(header()))
    for found in rows:
        sheet.append(
            cells.xlsx_row(
                [
                    found.unit.name,
                    found.unit.org_code,
                    found.satisfied,
                    found.basically_satisfied,
                    found.dissatisfied,
                    found.satisfaction_rate,
                    found.error_reports,
                    found.answered,
                    found.answered_on_time,
                    found.evaluations,
                    *[found.scores.get(name) for name in ASPECTS],
                ]
            )
        )
    sheet.freeze_panes = "C2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
