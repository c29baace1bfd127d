"""CSV and XLSX downloads never carry a cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from gongkai.core import cells


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x","点我")', '\'=HYPERLINK("http://x","点我")'),
        ("+86 cmd", "'+86 cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("-12.5", "-12.5"),  # a negative number stays a number
        ("耕地", "耕地"),
        ("", ""),
    ],
)
def test_formula_cells_are_written_as_text(cell, written):
    data = cells.csv_bytes(["列"], [[cell]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == [written]


def test_header_cells_are_safe_too():
    data = cells.csv_bytes(["=cmd|' /C calc'!A0"], [])
    assert data.decode("utf-8-sig").startswith("'=cmd")
