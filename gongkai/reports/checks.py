"""The consistency checks a report must pass before it is published, and the similarity warning.

Pure functions over the cell values (LAW.md, "The annual report"):

- table 3, each applicant column: 一 + 二 = （七）总计 + 四;
- table 3, each column: （七）总计 = the sum of the outcome rows （一）…（六）;
- table 3, each row: the 总计 column = the sum of the six applicant columns;
- table 3: last year's 四、结转下年度继续办理 = this year's 二、上年结转 (when last year's report
  is on the platform);
- table 4, each group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结;
- every cell is a number, not negative.

The similarity warning compares texts by overlapping runs of characters (Chinese has no
spaces between words, so word-based measures do not work).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from . import layout
from .layout import t3, t4

Values = Mapping[str, Any]


@dataclass(frozen=True)
class Failure:
    table: int
    check: str  # a short name of the check, for tests and the audit log
    message: str


def number(values: Values, key: str) -> int | Decimal | None:
    cell = layout.CELLS[key]
    try:
        return cell.parse(values.get(key, 0))
    except (ValueError, TypeError, InvalidOperation):
        return None


def _column_name(column: int) -> str:
    return layout.T3_COLUMNS[column]


def run(values: Values, *, last_year: Values | None = None) -> list[Failure]:
    failures: list[Failure] = []
    bad = [key for key in layout.CELLS if number(values, key) is None or number(values, key) < 0]
    for key in bad:
        cell = layout.CELLS[key]
        failures.append(
            Failure(
                cell.table,
                "number",
                _("Table %(table)s, “%(row)s” / “%(column)s”: not a number of zero or more.")
                % {"table": cell.table, "row": cell.row, "column": cell.column},
            )
        )
    if bad:
        return failures

    n: Callable[[str], int | Decimal] = lambda key: number(values, key)  # noqa: E731
    total_label = layout.T3_LABELS[layout.T3_RESULTS_TOTAL]
    for column in range(len(layout.T3_COLUMNS)):
        new, carried_in = n(t3(layout.T3_NEW, column)), n(t3(layout.T3_CARRIED_IN, column))
        total, carried_out = (
            n(t3(layout.T3_RESULTS_TOTAL, column)),
            n(t3(layout.T3_CARRIED_OUT, column)),
        )
        if new + carried_in != total + carried_out:
            failures.append(
                Failure(
                    3,
                    "balance",
                    _(
                        "Column “%(column)s”: 一 + 二 = %(left)s, but %(total)s + 四 = %(right)s; "
                        "applications received and carried over must equal those answered and "
                        "carried to next year."
                    )
                    % {
                        "column": _column_name(column),
                        "left": new + carried_in,
                        "total": total_label,
                        "right": total + carried_out,
                    },
                )
            )
        outcome_sum = sum(n(t3(row, column)) for row in layout.T3_OUTCOME_ROWS)
        if outcome_sum != total:
            failures.append(
                Failure(
                    3,
                    "results_total",
                    _(
                        "Column “%(column)s”: %(total)s is %(value)s, but the outcome rows "
                        "（一） to （六） add up to %(sum)s."
                    )
                    % {
                        "column": _column_name(column),
                        "total": total_label,
                        "value": total,
                        "sum": outcome_sum,
                    },
                )
            )
    for row in layout.TABLE3_ROWS:
        row_sum = sum(n(t3(row.index, column)) for column in layout.T3_APPLICANT_COLUMNS)
        given = n(t3(row.index, layout.T3_TOTAL_COLUMN))
        if row_sum != given:
            failures.append(
                Failure(
                    3,
                    "row_total",
                    _(
                        "Row “%(row)s”: the 总计 column says %(value)s, but the six applicant "
                        "columns add up to %(sum)s."
                    )
                    % {"row": row.label, "value": given, "sum": row_sum},
                )
            )
    if last_year is not None:
        for column in range(len(layout.T3_COLUMNS)):
            before = number(last_year, t3(layout.T3_CARRIED_OUT, column))
            now = n(t3(layout.T3_CARRIED_IN, column))
            if before is not None and before != now:
                failures.append(
                    Failure(
                        3,
                        "carried_over",
                        _(
                            "Column “%(column)s”: last year's report carried %(before)s "
                            "applications over to this year (四), but this year's 二 says "
                            "%(now)s."
                        )
                        % {"column": _column_name(column), "before": before, "now": now},
                    )
                )
    for group_index, group in enumerate(layout.T4_GROUPS):
        parts = sum(n(t4(group_index, c)) for c in range(layout.T4_TOTAL_COLUMN))
        given = n(t4(group_index, layout.T4_TOTAL_COLUMN))
        if parts != given:
            failures.append(
                Failure(
                    4,
                    "case_total",
                    _("“%(group)s”: 总计 is %(value)s, but the four results add up to %(sum)s.")
                    % {"group": group, "value": given, "sum": parts},
                )
            )
    return failures


# Similarity of texts: the share of this text's four-character runs found in the other text.
SHINGLE = 4
SIMILAR = 0.6  # from this share on, the text is said to repeat the other one
MIN_CHARACTERS = 40  # shorter texts (or none) are not compared


def _shingles(text: str) -> set[str]:
    compact = "".join(ch for ch in text if not ch.isspace())
    return {compact[i : i + SHINGLE] for i in range(max(0, len(compact) - SHINGLE + 1))}


def similarity(text: str, other: str) -> float:
    """How much of `text` is found in `other`, from 0 to 1."""
    mine = _shingles(text)
    if sum(not ch.isspace() for ch in text) < MIN_CHARACTERS or not mine:
        return 0.0
    return len(mine & _shingles(other)) / len(mine)


def similar_to(text: str, others: list[tuple[Any, str]]) -> list[tuple[Any, float]]:
    """The others (an object and its text) that this text repeats, most similar first."""
    scored = [(obj, similarity(text, other)) for obj, other in others]
    return sorted(((obj, score) for obj, score in scored if score >= SIMILAR), key=lambda p: -p[1])
