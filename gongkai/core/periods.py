"""Period codes: the one validator and parser of the period a regular publication covers.

A period is written as a code — `2026` (a year), `2026-H1`/`2026-H2` (half years),
`2026-Q1`…`2026-Q4` (quarters), `2026-M01`…`2026-M12` (months) — and shown with its Chinese
label (2026年度, 2026年上半年, 2026年第三季度, 2026年7月). The labels people typed before codes
existed are read back by `from_text`. Pure: no ORM, no `today()`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

YEAR, HALF, QUARTER, MONTH = "year", "half", "quarter", "month"

# The accepted forms, as the error message lists them.
FORMS = ("2026", "2026-H1", "2026-H2", "2026-Q1…2026-Q4", "2026-M01…2026-M12")

_CODE = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|M(?:0[1-9]|1[0-2])))?$")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
_LABEL = re.compile(
    r"^(\d{4})年(?:"
    r"(?P<year>度|全年)?"
    r"|(?P<half>上|下)半年(?:度)?"
    r"|第(?P<quarter>[一二三四1-4])季度"
    r"|(?P<month>\d{1,2})月(?:份)?"
    r")$"
)


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str
    number: int  # 1 for a year; the half, quarter or month otherwise

    @property
    def code(self) -> str:
        if self.kind == YEAR:
            return f"{self.year}"
        if self.kind == HALF:
            return f"{self.year}-H{self.number}"
        if self.kind == QUARTER:
            return f"{self.year}-Q{self.number}"
        return f"{self.year}-M{self.number:02d}"

    @property
    def start(self) -> dt.date:
        months = {YEAR: 12, HALF: 6, QUARTER: 3, MONTH: 1}[self.kind]
        return dt.date(self.year, (self.number - 1) * months + 1, 1)

    @property
    def end(self) -> dt.date:
        months = {YEAR: 12, HALF: 6, QUARTER: 3, MONTH: 1}[self.kind]
        last_month = self.number * months
        return dt.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    @property
    def label(self) -> str:
        if self.kind == YEAR:
            return f"{self.year}年度"
        if self.kind == HALF:
            return f"{self.year}年{'上' if self.number == 1 else '下'}半年"
        if self.kind == QUARTER:
            return f"{self.year}年第{'一二三四'[self.number - 1]}季度"
        return f"{self.year}年{self.number}月"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.code


def _invalid(value: str) -> ValidationError:
    return ValidationError(
        _("“%(value)s” is not a period. Write it as one of: %(forms)s.")
        % {"value": value, "forms": "、".join(FORMS)},
        code="period",
    )


def parse(code: str) -> Period:
    """The period of a code, or a ValidationError that lists the accepted forms."""
    match = _CODE.match((code or "").strip())
    if not match:
        raise _invalid(code or "")
    year, rest = int(match.group(1)), match.group(2)
    if not 1900 <= year <= 2999:
        raise _invalid(code)
    if rest is None:
        return Period(year, YEAR, 1)
    kind = {"H": HALF, "Q": QUARTER, "M": MONTH}[rest[0]]
    return Period(year, kind, int(rest[1:]))


def is_code(value: str) -> bool:
    try:
        parse(value)
    except ValidationError:
        return False
    return True


def from_text(value: str) -> Period:
    """A code or a Chinese label (2026年上半年, 2026年第三季度, 2026年10月, 2026年, 2026年度)."""
    text = re.sub(r"\s+", "", value or "")
    if _CODE.match(text):
        return parse(text)
    match = _LABEL.match(text)
    if not match:
        raise _invalid(value or "")
    year = int(match.group(1))
    if match.group("half"):
        return Period(year, HALF, 1 if match.group("half") == "上" else 2)
    if match.group("quarter"):
        q = match.group("quarter")
        return Period(year, QUARTER, _CN_DIGITS.get(q) or int(q))
    if match.group("month"):
        month = int(match.group("month"))
        if not 1 <= month <= 12:
            raise _invalid(value)
        return Period(year, MONTH, month)
    return Period(year, YEAR, 1)


def in_year(kind: str, year: int) -> list[Period]:
    """Every period of one kind in a year, in order."""
    count = {YEAR: 1, HALF: 2, QUARTER: 4, MONTH: 12}[kind]
    return [Period(year, kind, n) for n in range(1, count + 1)]


def containing(kind: str, day: dt.date) -> Period:
    """The period of one kind that contains a day."""
    return next(p for p in in_year(kind, day.year) if p.contains(day))


def label(code: str) -> str:
    """The Chinese label of a code; the text itself when it is not a code."""
    try:
        return parse(code).label
    except ValidationError:
        return code
