"""The report as Word (python-docx: the format offices submit), PDF (WeasyPrint) and HTML.

All three draw the tables from `tables.build` / `layout`, so the labels and numbers agree; the
HTML and the PDF share one template, whose font is Noto Sans CJK SC, embedded in the PDF.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.core.pdf import from_html

from . import layout, tables
from .models import AnnualReport

FONT = "Noto Sans CJK SC"
WORD_FONT = "宋体"  # what offices' Word installations have; the heading font likewise
HEADING_FONT = "黑体"

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _context(report: AnnualReport) -> dict:
    return {"report": report, "tables": tables.build(report), "marks": False}


def html(report: AnnualReport) -> str:
    return render_to_string("reports/export.html", _context(report))


def pdf(report: AnnualReport) -> bytes:
    return from_html(html(report))


# Word ---------------------------------------------------------------------------------------


def _font(run, name: str, size: float | None = None, bold: bool = False) -> None:
    run.font.name = name
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(
    container,
    text: str,
    *,
    size: float = 12,
    bold: bool = False,
    font=WORD_FONT,
    align=None,
    indent: bool = False,
):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _set(cell, text: str, *, bold: bool = False, align_left: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if align_left else WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run(text), WORD_FONT, 9, bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _widths(table, widths_mm: Sequence[float]) -> None:
    """Column widths, set on every cell (Word reads the cells' widths, LibreOffice the grid)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


class _Grid:
    """A table's cells by (row, column), read once and again only after a merge.

    python-docx's `table.cell()` walks the whole table on every call, which made the report's
    three tables take seconds to fill.
    """

    def __init__(self, table) -> None:
        self.table = table
        self._columns = len(table.columns)
        self._cells: list | None = None

    def cell(self, row: int, column: int):
        if self._cells is None:
            self._cells = self.table._cells
        return self._cells[row * self._columns + column]

    def merge(self, top: int, left: int, bottom: int, right: int):
        cell = self.cell(top, left)
        if (bottom, right) != (top, left):
            cell = cell.merge(self.cell(bottom, right))
            self._cells = None
        return cell


def _merge(grid: _Grid, top: int, left: int, bottom: int, right: int, text: str, **kw) -> None:
    _set(grid.merge(top, left, bottom, right), text, **kw)


def _table2(document, report: AnnualReport) -> None:
    width = layout.TABLE2_WIDTH + 1
    rows = sum(2 + len(sub.rows) for sub in layout.TABLE2)
    table = document.add_table(rows=rows, cols=width)
    table.style = "Table Grid"
    _widths(table, [50] + [123 / layout.TABLE2_WIDTH] * layout.TABLE2_WIDTH)
    grid = _Grid(table)
    r = 0
    for sub in layout.TABLE2:
        _merge(grid, r, 0, r, width - 1, sub.caption, bold=True)
        _set(grid.cell(r + 1, 0), sub.label_column, bold=True)
        spans = _spans(len(sub.columns))
        for (left, right), label in zip(spans, sub.columns, strict=True):
            _merge(grid, r + 1, left, r + 1, right, label, bold=True)
        for row_index, (label, cells) in enumerate(sub.grid()):
            line = r + 2 + row_index
            _set(grid.cell(line, 0), label, align_left=True)
            for (left, right), cell in zip(spans, cells, strict=True):
                _merge(grid, line, left, line, right, _text(report, cell.key))
        r += 2 + len(sub.rows)


def _spans(count: int) -> list[tuple[int, int]]:
    """Value columns of a table-2 sub-table: the first widens to fill the table."""
    first_right = layout.TABLE2_WIDTH - count + 1
    return [(1, first_right)] + [(first_right + i, first_right + i) for i in range(1, count)]


def _text(report: AnnualReport, key: str) -> str:
    return tables.CellView(key, report.value(key), "").text


def _table3(document, report: AnnualReport) -> None:
    columns = len(layout.T3_COLUMNS)
    header = 3
    table = document.add_table(rows=header + len(layout.TABLE3_ROWS), cols=3 + columns)
    table.style = "Table Grid"
    _widths(table, [14, 16, 52] + [13] * columns)
    grid = _Grid(table)
    _merge(grid, 0, 0, 2, 2, layout.T3_CORNER_NOTE)
    _merge(grid, 0, 3, 0, 2 + columns, layout.T3_COLUMN_GROUP, bold=True)
    _merge(grid, 1, 3, 2, 3, layout.T3_COLUMNS[0], bold=True)
    _merge(grid, 1, 4, 1, 3 + len(layout.T3_APPLICANT_COLUMNS) - 1, layout.T3_ORG_GROUP, bold=True)
    for offset, label in enumerate(layout.T3_COLUMNS[1 : layout.T3_TOTAL_COLUMN]):
        _set(grid.cell(2, 4 + offset), label, bold=True)
    total_column = 3 + layout.T3_TOTAL_COLUMN
    _merge(grid, 1, total_column, 2, total_column, layout.T3_COLUMNS[-1], bold=True)
    for entry in layout.table3_rows_for_layout():
        line = header + entry["row"].index
        if entry["section"]:
            caption, span = entry["section"]
            _merge(grid, line, 0, line + span - 1, 0, caption)
        if entry["group"]:
            caption, span = entry["group"]
            _merge(grid, line, 1, line + span - 1, 1, caption)
        left = 3 - entry["span"]
        _merge(grid, line, left, line, 2, entry["row"].label, align_left=True)
        for column in range(columns):
            _set(grid.cell(line, 3 + column), _text(report, layout.t3(entry["row"].index, column)))


def _table4(document, report: AnnualReport) -> None:
    per = len(layout.T4_COLUMNS)
    table = document.add_table(rows=4, cols=per * len(layout.T4_GROUPS))
    table.style = "Table Grid"
    _widths(table, [173 / (per * len(layout.T4_GROUPS))] * (per * len(layout.T4_GROUPS)))
    grid = _Grid(table)
    _merge(grid, 0, 0, 0, per - 1, layout.T4_REVIEW, bold=True)
    _merge(grid, 0, per, 0, per * 3 - 1, layout.T4_LITIGATION, bold=True)
    for c, label in enumerate(layout.T4_COLUMNS):
        _merge(grid, 1, c, 2, c, label, bold=True)
    for g, group in enumerate(layout.T4_GROUPS[1:], start=1):
        _merge(grid, 1, g * per, 1, g * per + per - 1, group, bold=True)
        for c, label in enumerate(layout.T4_COLUMNS):
            _set(grid.cell(2, g * per + c), label, bold=True)
    for g in range(len(layout.T4_GROUPS)):
        for c in range(per):
            _set(grid.cell(3, g * per + c), _text(report, layout.t4(g, c)))


def docx(report: AnnualReport) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    normal = document.styles["Normal"]
    normal.font.name = WORD_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), WORD_FONT)
    _paragraph(
        document,
        report.title,
        size=16,
        bold=True,
        font=HEADING_FONT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    drawers = {1: _table2, 2: _table3, 3: _table4}
    for index, (_name, heading, text) in enumerate(report.sections()):
        _paragraph(document, heading, size=14, bold=True, font=HEADING_FONT)
        for line in (text or "").splitlines():
            if line.strip():
                _paragraph(document, line.strip(), indent=True)
        if index in drawers:
            drawers[index](document, report)
    if report.is_published:
        _paragraph(document, report.unit.name, align=WD_ALIGN_PARAGRAPH.RIGHT)
        day = timezone.localtime(report.published_at).date()
        _paragraph(
            document, f"{day.year}年{day.month}月{day.day}日", align=WD_ALIGN_PARAGRAPH.RIGHT
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
