"""Tables uploaded as CSV or XLSX: read into text cells, screened, and written back out.

The first row is the header. A row with more or fewer cells than the header is refused with
its row number, and so are cells that look like personal numbers that are never published
(ID card, mobile phone, bank card: LAW.md, 个人信息保护法 and 民发〔2021〕57号).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from gongkai.core import cells

from .uploads import check_shape, extension, max_bytes, sniff

MAX_ROWS = 5000
MAX_COLUMNS = 40
MAX_CELL = 500

# Column names that announce personal data a published table must not carry.
PERSONAL_HEADERS = (
    "身份证",
    "证件号",
    "电话",
    "手机",
    "联系方式",
    "银行",
    "卡号",
    "账号",
    "住址",
    "门牌",
    "出生",
    "病",
    "残疾类别",
    "婚姻",
)
_ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_BANK_CARD = re.compile(r"(?<!\d)\d{16,19}(?!\d)")


@dataclass
class ParsedTable:
    columns: list[str]
    rows: list[list[str]]
    source_name: str


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _decode(data: bytes) -> str:
    # Excel in China saves CSV as GB18030 (GBK); everything else is UTF-8, often with a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _("The CSV file is neither UTF-8 nor GB18030 text; save it again as “CSV UTF-8”."),
        code="encoding",
    )


def _read_csv(data: bytes) -> list[list[str]]:
    text = _decode(data)
    if "\x00" in text:
        raise ValidationError(_("This is not a CSV text file."), code="not_csv")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as error:
        raise ValidationError(
            _("The CSV file cannot be read: %(error)s") % {"error": error}, code="csv"
        ) from error


def _read_xlsx(upload: UploadedFile) -> list[list[str]]:
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ValidationError(
            _("The Excel file cannot be read; is it damaged?"), code="xlsx"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for count, row in enumerate(sheet.iter_rows(values_only=True)):
            if count > MAX_ROWS + 1:
                break
            rows.append([_text(v) for v in row])
        return rows
    finally:
        workbook.close()


def parse(upload: UploadedFile) -> ParsedTable:
    """Read an uploaded CSV or XLSX file into a checked table, or say what is wrong with it."""
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    return check(read_rows(upload), name)


def read_rows(upload: UploadedFile) -> list[list[str]]:
    """The cells of an uploaded CSV (UTF-8 or GB18030) or XLSX file, row by row, unchecked."""
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    if upload.size > max_bytes():
        raise ValidationError(_("The table file is too large."), code="too_big")
    kind = sniff(upload)
    if kind == "xlsx":
        check_shape(upload, kind, name)
        raw = _read_xlsx(upload)
    elif kind is None and extension(name) in ("csv", "txt"):
        upload.seek(0)
        raw = _read_csv(upload.read())
    else:
        raise ValidationError(
            _(
                "Upload the table as a CSV file or an Excel .xlsx file "
                "(an .xls file can be saved as .xlsx)."
            ),
            code="type",
        )
    return raw


def check(raw: list[list[str]], source_name: str = "") -> ParsedTable:
    # Trailing empty cells and empty rows are formatting, not data.
    rows = []
    for row in raw:
        while row and row[-1] == "":
            row = row[:-1]
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if row]
    if not numbered:
        raise ValidationError(_("The table is empty."), code="empty")
    (_n, header), data = numbered[0], numbered[1:]
    if any(not cell for cell in header):
        raise ValidationError(
            _("Every column of the first row needs a heading; column %(col)d has none.")
            % {"col": header.index("") + 1},
            code="header",
        )
    if len(header) > MAX_COLUMNS:
        raise ValidationError(_("A table may have at most %(n)d columns.") % {"n": MAX_COLUMNS})
    if not data:
        raise ValidationError(_("The table has a heading row but no data rows."), code="empty")
    if len(data) > MAX_ROWS:
        raise ValidationError(_("A table may have at most %(n)d rows.") % {"n": MAX_ROWS})
    problems = []
    for number, row in data:
        if len(row) != len(header):
            problems.append(
                _("row %(row)d has %(cells)d cells, the heading has %(columns)d")
                % {"row": number, "cells": len(row), "columns": len(header)}
            )
    if problems:
        raise ValidationError(
            _("Some rows do not match the heading: %(list)s.")
            % {"list": pgettext("list separator", "; ").join(problems[:5])},
            code="ragged",
        )
    screen(header, [row for _n, row in data], [n for n, _row in data])
    for _n, row in data:
        for cell in row:
            if len(cell) > MAX_CELL:
                raise ValidationError(
                    _("A cell may hold at most %(n)d characters.") % {"n": MAX_CELL}
                )
    return ParsedTable(columns=header, rows=[row for _n, row in data], source_name=source_name)


def screen(header: list[str], rows: list[list[str]], numbers: list[int]) -> None:
    """Refuse personal data that is never published: ID, phone and bank numbers."""
    for column in header:
        if any(word in column for word in PERSONAL_HEADERS):
            raise ValidationError(
                _(
                    "The column “%(column)s” holds personal information that is not published "
                    "(ID, phone and bank numbers, addresses, health). Remove the column; a relief "
                    "list shows only the name, the household size and the amount."
                )
                % {"column": column},
                code="personal",
            )
    for number, row in zip(numbers, rows, strict=True):
        for column, cell in zip(header, row, strict=True):
            if _ID_NUMBER.search(cell) or _MOBILE.search(cell) or _BANK_CARD.search(cell):
                raise ValidationError(
                    _(
                        "Row %(row)d, column “%(column)s” looks like an ID, phone or bank number, "
                        "which is never published. Remove it and upload the table again."
                    )
                    % {"row": number, "column": column},
                    code="personal",
                )


def to_csv(columns: list[str], rows: list[list[str]]) -> bytes:
    """UTF-8 with a byte-order mark; a cell that would run as a formula is written as text."""
    return cells.csv_bytes(columns, rows)


def _cell_value(cell: str) -> str | int | float:
    """Numbers as numbers, so sums work; any other cell as text that never runs as a formula."""
    if cells.NUMBER.match(cell):
        return float(cell) if "." in cell else int(cell)
    return cells.text_cell(cell)


def to_xlsx(caption: str, columns: list[str], rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (re.sub(r"[\[\]:*?/\\]", "", caption) or "Sheet1")[:31]
    sheet.append([str(_cell_value(c)) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell_value(c) for c in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
