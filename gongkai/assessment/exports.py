"""The ranking as XLSX: one row per unit, its score, rank, last year's, the points lost in each
group, and each indicator."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from .models import IndicatorGroup
from .reads import Standing, UnitScore, weights_of


def ranking_xlsx(standing: Standing, *, previous: dict[int, UnitScore]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = (_("Assessment %(year)s") % {"year": standing.year})[:31]
    indicators = list(standing.scheme.indicators.all())
    weights = weights_of(standing.scheme)
    sheet.append(
        [
            _("Unit"),
            _("Kind"),
            _("Score"),
            _("Rank"),
            _("Last year's score"),
            *[
                _("%(group)s: points lost (weight %(weight)s)")
                % {"group": label, "weight": weights.get(value, "—")}
                for value, label in IndicatorGroup.choices
            ],
            *[f"{i.label} ({_('findings')} / {_('points lost')})" for i in indicators],
        ]
    )
    for row in sorted(standing.rows, key=lambda r: (r.unit.kind, r.rank, r.unit.path)):
        before = previous.get(row.unit.pk)
        points = {p.indicator: p for p in row.points}
        cells: list = [
            row.unit.name,
            row.unit.get_kind_display(),
            float(row.score),
            row.rank,
            float(before.score) if before else None,
        ]
        for value in IndicatorGroup.values:
            loss = row.group(value)
            cells.append(float(loss.deduction) if loss else None)
        for i in indicators:
            p = points.get(i.key)
            cells.append(f"{p.count} / {p.deduction}" if p else "")
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
