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


def test_xlsx_rows_keep_numbers_and_make_text_safe():
    assert cells.xlsx_row(["=1+1", -3, 2.5, None, "耕地", "-4"]) == [
        "'=1+1",
        -3,
        2.5,
        None,
        "耕地",
        "-4",
    ]


def test_every_csv_and_xlsx_writer_goes_through_the_safe_cells():
    """Only this module writes CSV; every module that builds a workbook uses its cells."""
    from pathlib import Path

    root = Path(cells.__file__).resolve().parent.parent
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "demo.py":
            continue
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(root).as_posix()
        if "csv.writer(" in source or "csv.DictWriter(" in source:
            assert name == "core/cells.py", name
        if "Workbook(" in source and name != "core/cells.py":
            assert "cells." in source, f"{name} builds a workbook without core.cells"
