"""The checks of a village finance statement: totals, balance, and lump "other" expenditure.

Pure: lines in, figures and findings out; no ORM. The threshold for a lump 其他支出 line is
configurable: `VILLAGE_LUMP_SHARE` of the period's expenditure (default 5%), but never below
`VILLAGE_LUMP_FLOOR` yuan (default 2,000), so that small villages are not flagged for
trifles and large ones cannot hide a large sum under "other".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from django.conf import settings

CENT = Decimal("0.01")
LUMP_SUBJECTS = ("其他支出", "其它支出", "其他费用", "其它费用")


class LineLike(Protocol):
    subject: str
    kind: str
    amount: Decimal


@dataclass
class Figures:
    opening: Decimal
    income: Decimal
    expense: Decimal
    lump_threshold: Decimal
    flagged: list = field(default_factory=list)  # lump "other" lines above the threshold

    @property
    def balance(self) -> Decimal:
        return (self.opening + self.income - self.expense).quantize(CENT)


def lump_share() -> Decimal:
    return Decimal(str(getattr(settings, "VILLAGE_LUMP_SHARE", "0.05")))


def lump_floor() -> Decimal:
    return Decimal(str(getattr(settings, "VILLAGE_LUMP_FLOOR", "2000")))


def is_lump(subject: str) -> bool:
    return subject.strip() in ("其他", "其它") or any(word in subject for word in LUMP_SUBJECTS)


def figures(lines: Iterable[LineLike], opening: Decimal = Decimal("0")) -> Figures:
    lines = list(lines)
    income = sum((line.amount for line in lines if line.kind == "income"), Decimal("0"))
    expense = sum((line.amount for line in lines if line.kind == "expense"), Decimal("0"))
    threshold = max((expense * lump_share()).quantize(CENT), lump_floor())
    flagged = [
        line
        for line in lines
        if line.kind == "expense" and is_lump(line.subject) and line.amount > threshold
    ]
    return Figures(
        opening=Decimal(opening).quantize(CENT),
        income=income.quantize(CENT),
        expense=expense.quantize(CENT),
        lump_threshold=threshold,
        flagged=flagged,
    )
