"""Reading a finance statement's lines from the CSV or XLSX template, all or nothing.

The file is read by the publishing app's table reader (CSV in UTF-8 or GBK/GB18030, or the
first sheet of an .xlsx file; personal numbers refused). Every row is then checked, and every
problem is reported by row and column; if there is any, nothing is imported.

A row whose subject is 合计 is the village's own total for 收入 or 支出: it is not imported,
but the lines must add up to it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from gongkai.core.models import Unit
from gongkai.core.periods import Period
from gongkai.publishing import tables

from .checks import CENT
from .models import LineKind, Matter

# The template's headings, in order; the last is optional.
DATE, SUBJECT, KIND, AMOUNT, COUNTERPARTY, VOUCHER, MATTER = (
    "日期",
    "科目",
    "收支",
    "金额（元）",
    "往来单位",
    "凭证号",
    "对应乡镇事项",
)
HEADINGS = (DATE, SUBJECT, KIND, AMOUNT, COUNTERPARTY, VOUCHER, MATTER)
REQUIRED = HEADINGS[:-1]
# Other spellings of the headings that villages' own spreadsheets use.
ALIASES = {
    "金额": AMOUNT,
    "金额(元)": AMOUNT,
    "收支类型": KIND,
    "类型": KIND,
    "摘要": SUBJECT,
    "会计科目": SUBJECT,
    "凭证编号": VOUCHER,
    "往来单位或个人": COUNTERPARTY,
    "对方单位": COUNTERPARTY,
    "对应事项": MATTER,
}
TOTAL = "合计"
KINDS = {
    "收入": LineKind.INCOME,
    "收": LineKind.INCOME,
    "支出": LineKind.EXPENSE,
    "支": LineKind.EXPENSE,
}
# The township matters as the template names them.
MATTERS = {
    "代管资金": Matter.MANAGED_FUNDS,
    "惠农补贴": Matter.SUBSIDY,
    "低保救助": Matter.RELIEF,
    "低保和救助": Matter.RELIEF,
    "征地补偿": Matter.LAND_COMPENSATION,
}
MATTER_NAMES = {value: name for name, value in MATTERS.items() if name != "低保和救助"}
# The township's records also count the homestead approvals it gave (in households).
RECORD_MATTERS = {**MATTERS, "宅基地审批": Matter.HOMESTEAD, "宅基地": Matter.HOMESTEAD}
RECORD_MATTER_NAMES = {**MATTER_NAMES, Matter.HOMESTEAD: "宅基地审批"}
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$")
MAX_ERRORS = 20


@dataclass
class Line:
    date: dt.date
    subject: str
    kind: str
    amount: Decimal
    counterparty: str = ""
    voucher: str = ""
    matter: str = ""


def parse_amount(text: str) -> Decimal:
    cleaned = text.replace(",", "").replace("，", "").replace("元", "").strip()
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not an amount") % {"value": text}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValueError(_("the amount must be more than zero"))
    if amount != amount.quantize(CENT):
        raise ValueError(_("an amount has at most two decimal places (fen)"))
    if amount >= Decimal("1e12"):
        raise ValueError(_("the amount is too large"))
    return amount.quantize(CENT)


def parse_date(text: str) -> dt.date:
    match = _DATE.match(text.strip())
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise ValueError(_("“%(value)s” is not a date; write it as 2026-10-08") % {"value": text})


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, heading in enumerate(header):
        name = ALIASES.get(heading.strip(), heading.strip())
        if name in HEADINGS and name not in found:
            found[name] = index
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        raise ValidationError(
            _("The first row must name the columns %(all)s; missing: %(missing)s.")
            % {"all": "、".join(REQUIRED), "missing": "、".join(missing)},
            code="columns",
        )
    return found


def lines_from_rows(
    header: list[str], rows: list[list[str]], period: Period, numbers: list[int] | None = None
) -> list[Line]:
    """Checked lines, or a ValidationError listing every problem by row and column."""
    columns = _columns(header)
    errors: list[str] = []
    lines: list[Line] = []
    totals: list[tuple[int, str, Decimal]] = []

    def problem(row: int, column: str, message: str) -> None:
        errors.append(
            _("Row %(row)d, column “%(column)s”: %(problem)s.")
            % {"row": row, "column": column, "problem": message}
        )

    for offset, row in enumerate(rows):
        number = numbers[offset] if numbers else offset + 2  # the heading is row 1

        def cell(name: str, row: list[str] = row) -> str:
            index = columns.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        subject = cell(SUBJECT)
        kind = KINDS.get(cell(KIND))
        if cell(KIND) and kind is None:
            problem(number, KIND, _("write 收入 or 支出"))
        elif kind is None:
            problem(number, KIND, _("empty; write 收入 or 支出"))
        amount = None
        try:
            amount = parse_amount(cell(AMOUNT))
        except ValueError as error:
            problem(number, AMOUNT, str(error))
        if subject == TOTAL:
            if kind is not None and amount is not None:
                totals.append((number, kind, amount))
            continue
        if not subject:
            problem(number, SUBJECT, _("empty; name the account subject, e.g. 办公费"))
        elif len(subject) > 60:
            problem(number, SUBJECT, _("at most 60 characters"))
        day = None
        try:
            day = parse_date(cell(DATE))
        except ValueError as error:
            problem(number, DATE, str(error))
        if day is not None and not period.contains(day):
            problem(
                number,
                DATE,
                _("%(day)s is not in %(period)s")
                % {"day": day.isoformat(), "period": period.label},
            )
        matter = ""
        if cell(MATTER):
            matter = MATTERS.get(cell(MATTER), "")
            if not matter:
                problem(
                    number,
                    MATTER,
                    _("write one of %(list)s, or leave it empty")
                    % {"list": "、".join(MATTER_NAMES.values())},
                )
        counterparty, voucher = cell(COUNTERPARTY), cell(VOUCHER)
        if len(counterparty) > 120:
            problem(number, COUNTERPARTY, _("at most 120 characters"))
        if len(voucher) > 40:
            problem(number, VOUCHER, _("at most 40 characters"))
        if day is not None and kind is not None and amount is not None:
            lines.append(Line(day, subject[:60], kind, amount, counterparty, voucher, matter))
    if not errors:
        for number, total_kind, amount in totals:
            added = sum((line.amount for line in lines if line.kind == total_kind), Decimal("0"))
            if added != amount:
                problem(
                    number,
                    AMOUNT,
                    _("the total of %(kind)s is %(stated)s, but the lines add up to %(added)s")
                    % {"kind": LineKind(total_kind).label, "stated": amount, "added": added},
                )
    if not lines and not errors:
        errors.append(_("The file has no lines of income or expenditure."))
    if errors:
        _raise(errors)
    return lines


def _table(upload: UploadedFile) -> tuple[list[str], list[list[str]], list[int]]:
    """The heading, the padded rows and their numbers in the file (CSV in UTF-8 or GBK, or
    XLSX); personal numbers (ID, phone, bank card) refused by row and column."""
    raw = tables.read_rows(upload)
    numbered = [(n, row) for n, row in enumerate(raw, start=1) if any(c.strip() for c in row)]
    if len(numbered) < 2:
        raise ValidationError(_("The file has no lines of income or expenditure."), code="empty")
    if len(numbered) > tables.MAX_ROWS:
        raise ValidationError(_("A table may have at most %(n)d rows.") % {"n": tables.MAX_ROWS})
    (_n, header), data = numbered[0], numbered[1:]
    while header and not header[-1].strip():
        header = header[:-1]
    rows = [(row + [""] * len(header))[: len(header)] for _n, row in data]
    numbers = [n for n, _row in data]
    tables.screen(header, rows, numbers)
    return header, rows, numbers


def read(upload: UploadedFile, period: Period) -> list[Line]:
    """The lines of an uploaded template (CSV in UTF-8 or GBK, or XLSX)."""
    header, rows, numbers = _table(upload)
    return lines_from_rows(header, rows, period, numbers=numbers)


def _raise(errors: list[str]) -> None:
    shown = errors[:MAX_ERRORS]
    if len(errors) > MAX_ERRORS:
        shown.append(_("… and %(n)d more problems.") % {"n": len(errors) - MAX_ERRORS})
    raise ValidationError(shown, code="lines")


# The township's records: one row per payment to, or sum managed for, one village.
VILLAGE, REFERENCE = "村名", "依据或凭证"
RECORD_HEADINGS = (VILLAGE, MATTER, AMOUNT, REFERENCE)
RECORD_REQUIRED = (VILLAGE, MATTER, AMOUNT)
RECORD_ALIASES = {
    "村": VILLAGE,
    "村别": VILLAGE,
    "所在村": VILLAGE,
    "事项": MATTER,
    "依据": REFERENCE,
    "凭证号": REFERENCE,
    "备注": REFERENCE,
    **{k: v for k, v in ALIASES.items() if v == AMOUNT},
}


@dataclass
class Record:
    village: Unit
    matter: str
    amount: Decimal
    reference: str = ""


def records_from_rows(
    header: list[str], rows: list[list[str]], villages: list[Unit], numbers: list[int] | None = None
) -> list[Record]:
    """Checked township records, or a ValidationError listing every problem by row and column.
    A village is named by its name, its short name or its organisation code."""
    columns: dict[str, int] = {}
    for index, heading in enumerate(header):
        name = RECORD_ALIASES.get(heading.strip(), heading.strip())
        if name in RECORD_HEADINGS and name not in columns:
            columns[name] = index
    missing = [name for name in RECORD_REQUIRED if name not in columns]
    if missing:
        raise ValidationError(
            _("The first row must name the columns %(all)s; missing: %(missing)s.")
            % {"all": "、".join(RECORD_REQUIRED), "missing": "、".join(missing)},
            code="columns",
        )
    named: dict[str, Unit] = {}
    for each in villages:
        for key in (each.name, each.short_name, each.org_code):
            if key:
                named.setdefault(key.strip(), each)
    errors: list[str] = []
    found: list[Record] = []

    def problem(row: int, column: str, message: str) -> None:
        errors.append(
            _("Row %(row)d, column “%(column)s”: %(problem)s.")
            % {"row": row, "column": column, "problem": message}
        )

    for offset, row in enumerate(rows):
        number = numbers[offset] if numbers else offset + 2

        def cell(name: str, row: list[str] = row) -> str:
            index = columns.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        village: Unit | None = named.get(cell(VILLAGE)) or named.get(cell(VILLAGE).upper())
        if village is None:
            problem(
                number,
                VILLAGE,
                _("“%(value)s” is not a village of this township") % {"value": cell(VILLAGE)},
            )
        matter = RECORD_MATTERS.get(cell(MATTER), "")
        if not matter:
            problem(
                number,
                MATTER,
                _("write one of %(list)s") % {"list": "、".join(RECORD_MATTER_NAMES.values())},
            )
        amount = None
        try:
            amount = parse_amount(cell(AMOUNT))
        except ValueError as error:
            problem(number, AMOUNT, str(error))
        if matter == Matter.HOMESTEAD and amount is not None and amount != amount.to_integral():
            problem(number, AMOUNT, _("for homestead approvals, write the number of households"))
            amount = None
        reference = cell(REFERENCE)
        if len(reference) > 120:
            problem(number, REFERENCE, _("at most 120 characters"))
        if village is not None and matter and amount is not None:
            found.append(Record(village, matter, amount, reference))
    if not found and not errors:
        errors.append(_("The file has no records."))
    if errors:
        _raise(errors)
    return found


def read_records(upload: UploadedFile, villages: list[Unit]) -> list[Record]:
    """The township's records of an uploaded file (CSV in UTF-8 or GBK, or XLSX)."""
    header, rows, numbers = _table(upload)
    return records_from_rows(header, rows, villages, numbers=numbers)


def template_csv() -> bytes:
    return tables.to_csv(list(HEADINGS), [])


def template_xlsx() -> bytes:
    return tables.to_xlsx("村级财务收支", list(HEADINGS), [])


def records_template_csv() -> bytes:
    return tables.to_csv(list(RECORD_HEADINGS), [])


def records_template_xlsx() -> bytes:
    return tables.to_xlsx("乡镇涉村资金记录", list(RECORD_HEADINGS), [])
