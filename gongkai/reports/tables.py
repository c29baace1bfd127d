"""The report's tables laid out as in the official format, for the pages, the exports and the API.

One structure serves all: the HTML (staff page, public page, HTML and PDF export) draws it
with a template, the Word export with python-docx, the API as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import layout
from .layout import t3, t4
from .models import AnnualReport, Source


@dataclass
class CellView:
    key: str
    value: int | Decimal
    source: str  # Source.COMPUTED, Source.ENTERED or "" when it waits for a hand entry
    field: Any = None  # the bound form field, on the editing page

    @property
    def entered(self) -> bool:
        return self.source == Source.ENTERED

    @property
    def waits_for_entry(self) -> bool:
        return self.source == ""

    @property
    def text(self) -> str:
        if isinstance(self.value, Decimal):
            return format(self.value.normalize(), "f") if self.value else "0"
        return str(self.value)


def _cell(report: AnnualReport, key: str, form: Any, by_hand: set[str]) -> CellView:
    source: str
    if key in report.entered:
        source = Source.ENTERED
    elif key in by_hand:
        source = ""
    else:
        source = Source.COMPUTED
    return CellView(key, report.value(key), source, form[key] if form is not None else None)


def build(report: AnnualReport, *, form: Any = None, by_hand: set[str] | None = None) -> dict:
    """Every table, ready to draw. `by_hand`: the cells the records cannot count."""
    by_hand = by_hand or set()
    table2 = [
        {
            "caption": sub.caption,
            "label_column": sub.label_column,
            "columns": [
                (label, layout.TABLE2_WIDTH - len(sub.columns) + 1 if i == 0 else 1)
                for i, label in enumerate(sub.columns)
            ],
            "rows": [
                (
                    label,
                    [
                        (
                            _cell(report, cell.key, form, by_hand),
                            layout.TABLE2_WIDTH - len(sub.columns) + 1 if c == 0 else 1,
                        )
                        for c, cell in enumerate(cells)
                    ],
                )
                for label, cells in sub.grid()
            ],
        }
        for sub in layout.TABLE2
    ]
    table3 = [
        {
            **entry,
            "cells": [
                _cell(report, t3(entry["row"].index, c), form, by_hand)
                for c in range(len(layout.T3_COLUMNS))
            ],
        }
        for entry in layout.table3_rows_for_layout()
    ]
    table4 = [
        _cell(report, t4(g, c), form, by_hand)
        for g in range(len(layout.T4_GROUPS))
        for c in range(len(layout.T4_COLUMNS))
    ]
    return {
        "table2": table2,
        "table2_width": layout.TABLE2_WIDTH + 1,
        "table3": table3,
        "t3_note": layout.T3_CORNER_NOTE,
        "t3_group": layout.T3_COLUMN_GROUP,
        "t3_org_group": layout.T3_ORG_GROUP,
        "t3_first": layout.T3_COLUMNS[0],
        "t3_orgs": layout.T3_COLUMNS[1 : layout.T3_TOTAL_COLUMN],
        "t3_total": layout.T3_COLUMNS[layout.T3_TOTAL_COLUMN],
        "t3_width": len(layout.T3_COLUMNS),
        "table4": table4,
        "t4_review": layout.T4_REVIEW,
        "t4_litigation": layout.T4_LITIGATION,
        "t4_suits": layout.T4_GROUPS[1:],
        "t4_columns": layout.T4_COLUMNS,
    }


def as_json(report: AnnualReport) -> dict[str, Any]:
    """The tables as the API gives them: labels exactly as official, in official order."""

    def number(key: str) -> int | float:
        value = report.value(key)
        return float(value) if isinstance(value, Decimal) else value

    return {
        "table2": [
            {
                "caption": sub.caption,
                "columns": [sub.label_column, *sub.columns],
                "rows": [
                    [label, *(number(cell.key) for cell in cells)] for label, cells in sub.grid()
                ],
            }
            for sub in layout.TABLE2
        ],
        "table3_columns": list(layout.T3_COLUMNS),
        "table3": [
            [row.label, *(number(t3(row.index, c)) for c in range(len(layout.T3_COLUMNS)))]
            for row in layout.TABLE3_ROWS
        ],
        "table4": {
            layout.T4_REVIEW: {
                column: number(t4(0, c)) for c, column in enumerate(layout.T4_COLUMNS)
            },
            layout.T4_LITIGATION: {
                group: {column: number(t4(g, c)) for c, column in enumerate(layout.T4_COLUMNS)}
                for g, group in enumerate(layout.T4_GROUPS)
                if g > 0
            },
        },
    }
