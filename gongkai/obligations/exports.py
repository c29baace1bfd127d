"""XLSX exports of the heat map and of obligation lists."""

from __future__ import annotations

import datetime as dt
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from gongkai.core import cells

from .models import STATUS_LABELS
from .reads import HeatMap


def _book(title: str, header: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(cells.xlsx_row(header))
    for row in rows:
        sheet.append(cells.xlsx_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def heat_map_xlsx(heat: HeatMap, *, year: int) -> bytes:
    header = [_("Unit")]
    for _value, label in heat.groups:
        header += [
            f"{label} · {STATUS_LABELS['met']}",
            f"{label} · {STATUS_LABELS['late']}",
            f"{label} · {STATUS_LABELS['overdue']}",
        ]
    header += [str(STATUS_LABELS[s]) for s in ("open", "met", "late", "overdue", "waived")]
    header += [label for _key, label in heat.columns]
    rows = []
    for unit, unit_cells, total, extras in heat.full_rows:
        row: list = [unit.name]
        for _value, cell in unit_cells:
            row += [cell.counts["met"], cell.counts["late"], cell.counts["overdue"]]
        row += [total.counts[s] for s in ("open", "met", "late", "overdue", "waived")]
        row += [extra.value for extra in extras]
        rows.append(row)
    header = [str(h) for h in header]
    return _book(_("Obligations %(year)s") % {"year": year}, header, rows)


def list_xlsx(obligations, *, today: dt.date) -> bytes:
    header = [
        _("Unit"),
        _("Catalog item"),
        _("Period"),
        _("Due on"),
        _("Status"),
        _("Index number"),
        _("Published on"),
        _("Reason for the waiver"),
    ]
    rows = [
        [
            o.unit.name,
            str(o.item),
            o.period_label,
            o.due_on,
            o.status_label(today),
            o.publication.index_no if o.publication else "",
            o.published_on,
            o.waiver_reason,
        ]
        for o in obligations
    ]
    return _book(_("Obligations"), [str(h) for h in header], rows)
