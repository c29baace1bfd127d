"""Spreadsheet cells that never run as formulas, for every CSV and XLSX download.

A cell a spreadsheet would read as a formula (it begins with = + - @, or a tab or carriage
return that some programs skip) is written as text with a leading apostrophe. Plain numbers,
negative ones too, stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?(0|[1-9]\d{0,14})(\.\d+)?$")


def text_cell(value: object) -> str:
    """The cell as text that a spreadsheet shows and never evaluates."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not NUMBER.match(text):
        return "'" + text
    return text


def csv_bytes(columns: Iterable[object], rows: Iterable[Iterable[object]]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel opens Chinese text right), every cell safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([text_cell(c) for c in columns])
    writer.writerows([text_cell(c) for c in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_row(row: Iterable[object]) -> list[object]:
    """A row for openpyxl: numbers, dates and empty cells as they are, text made safe
    (openpyxl would store a string beginning with = as a formula)."""
    return [
        value if value is None or not isinstance(value, str) else text_cell(value) for value in row
    ]
