"""The checks of a statement: totals, balance, and which lump 其他支出 lines are flagged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.villages import checks
from gongkai.villages.imports import Line

DAY = dt.date(2026, 10, 9)


def _lines(other: str, total_expense: str) -> list[Line]:
    rest = Decimal(total_expense) - Decimal(other)
    return [
        Line(DAY, "上级补助收入", "income", Decimal("50000")),
        Line(DAY, "道路维修", "expense", rest),
        Line(DAY, "其他支出", "expense", Decimal(other)),
    ]


@pytest.mark.parametrize(
    ("other", "expense", "flagged"),
    [
        ("1900", "10000", False),  # 19% of the month, but under the 2,000 floor
        ("2100", "10000", True),  # above 5% and above 2,000
        ("4000", "100000", False),  # above 2,000, but only 4% of a large month
        ("6000", "100000", True),
    ],
)
def test_a_lump_other_line_is_flagged_above_both_the_share_and_the_floor(other, expense, flagged):
    figures = checks.figures(_lines(other, expense), Decimal("1000"))
    assert bool(figures.flagged) is flagged
    assert figures.expense == Decimal(expense)
    assert figures.balance == Decimal("1000") + Decimal("50000") - Decimal(expense)


def test_the_threshold_is_configurable(settings):
    settings.VILLAGE_LUMP_SHARE = "0.01"
    settings.VILLAGE_LUMP_FLOOR = "500"
    assert checks.figures(_lines("1900", "10000")).flagged
