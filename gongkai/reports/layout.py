"""The official layout of the annual report's tables (国办公开办函〔2021〕30号), defined once.

Everything is read from `format_2021.json`, a copy of
`shared/reference/annual_report_2021_format.json` (a test checks the copy against the
reference, character for character). Every other module — the forms, the computation from
the records, the checks, the exports and the API — takes its labels and cell keys from here.

A cell has an ASCII key that names its place in the table:

- table 2: `t2_<sub-table>_<row>_<column>` (the "信息内容" label column is not a cell);
- table 3: `t3_<row>_<column>`, 25 data rows × 7 columns (the six applicant columns, then 总计);
- table 4: `t4_<group>_<column>`, the groups 行政复议, 未经复议直接起诉, 复议后起诉, 5 columns each.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

FORMAT_FILE = Path(__file__).resolve().parent / "format_2021.json"
FORMAT: dict[str, Any] = json.loads(FORMAT_FILE.read_text(encoding="utf-8"))

SECTIONS: tuple[str, ...] = tuple(FORMAT["sections"])
SECTION_FIELDS: tuple[str, ...] = (
    "overview",
    "proactive",
    "applications",
    "review_litigation",
    "problems",
    "other",
)

COUNT = "count"
MONEY = "money"


@dataclass(frozen=True)
class Cell:
    key: str
    table: int
    row: str  # the row label, exactly as official
    column: str  # the column label, exactly as official
    kind: str = COUNT  # COUNT (a whole number) or MONEY (万元, up to four decimals)

    def parse(self, value: Any) -> int | Decimal:
        return Decimal(str(value)) if self.kind == MONEY else int(value)


# Table 2: four sub-tables, each a caption, its columns (the first is 信息内容) and rows.
@dataclass(frozen=True)
class SubTable:
    index: int
    caption: str
    columns: tuple[str, ...]  # the value columns, without 信息内容
    rows: tuple[str, ...]
    label_column: str

    def cell(self, row: int, column: int) -> Cell:
        return TABLE2_CELLS[f"t2_{self.index}_{row}_{column}"]

    def grid(self) -> list[tuple[str, list[Cell]]]:
        return [
            (label, [self.cell(r, c) for c in range(len(self.columns))])
            for r, label in enumerate(self.rows)
        ]


TABLE2: tuple[SubTable, ...] = tuple(
    SubTable(
        index=i,
        caption=sub["caption"],
        columns=tuple(sub["columns"][1:]),
        rows=tuple(sub["rows"]),
        label_column=sub["columns"][0],
    )
    for i, sub in enumerate(FORMAT["table2"])
)
TABLE2_WIDTH = max(len(sub.columns) for sub in TABLE2)  # value columns of the widest sub-table

TABLE2_CELLS: dict[str, Cell] = {
    f"t2_{sub.index}_{r}_{c}": Cell(
        f"t2_{sub.index}_{r}_{c}",
        2,
        row,
        column,
        MONEY if "万元" in column else COUNT,
    )
    for sub in TABLE2
    for r, row in enumerate(sub.rows)
    for c, column in enumerate(sub.columns)
}


# Table 3: the columns and the 25 data rows, with the captions above them.
T3 = FORMAT["table3"]
T3_CORNER_NOTE: str = T3["corner_note"]
T3_COLUMN_GROUP: str = T3["column_group"]


def _t3_columns() -> tuple[tuple[str | None, str], ...]:
    columns: list[tuple[str | None, str]] = []
    for column in T3["columns"]:
        if isinstance(column, dict):
            for group, labels in column.items():
                columns.extend((group, label) for label in labels)
        else:
            columns.append((None, column))
    return tuple(columns)


# (group heading or None, label): 自然人, 法人或其他组织 × 5, 总计.
T3_COLUMNS_GROUPED = _t3_columns()
T3_COLUMNS: tuple[str, ...] = tuple(label for _group, label in T3_COLUMNS_GROUPED)
T3_ORG_GROUP: str = next(group for group, _label in T3_COLUMNS_GROUPED if group)
T3_TOTAL_COLUMN = len(T3_COLUMNS) - 1  # 总计
T3_APPLICANT_COLUMNS = range(T3_TOTAL_COLUMN)  # the six that add up to 总计


@dataclass(frozen=True)
class Row3:
    index: int
    label: str
    path: tuple[str, ...]  # captions above the row: ("三、本年度办理结果", "（三）不予公开")


def _t3_rows() -> tuple[Row3, ...]:
    rows: list[Row3] = []

    def walk(items: list, path: tuple[str, ...]) -> None:
        for item in items:
            if isinstance(item, dict):
                for caption, children in item.items():
                    walk(children, (*path, caption))
            else:
                rows.append(Row3(len(rows), item, path))

    walk(T3["rows"], ())
    return tuple(rows)


TABLE3_ROWS: tuple[Row3, ...] = _t3_rows()
T3_LABELS: tuple[str, ...] = tuple(row.label for row in TABLE3_ROWS)
T3_ROW_INDEX: dict[str, int] = {label: i for i, label in enumerate(T3_LABELS)}
T3_RESULTS_CAPTION: str = next(row.path[0] for row in TABLE3_ROWS if row.path)
T3_NEW = 0  # 一、本年新收政府信息公开申请数量
T3_CARRIED_IN = 1  # 二、上年结转政府信息公开申请数量
T3_RESULTS_TOTAL = T3_ROW_INDEX["（七）总计"]
T3_CARRIED_OUT = len(TABLE3_ROWS) - 1  # 四、结转下年度继续办理
T3_OUTCOME_ROWS = range(T3_CARRIED_IN + 1, T3_RESULTS_TOTAL)  # （一）…（六）3.其他

TABLE3_CELLS: dict[str, Cell] = {
    f"t3_{row.index}_{c}": Cell(f"t3_{row.index}_{c}", 3, row.label, column)
    for row in TABLE3_ROWS
    for c, column in enumerate(T3_COLUMNS)
}


def t3(row: int, column: int) -> str:
    return f"t3_{row}_{column}"


# Table 4: 行政复议 and 行政诉讼 (未经复议直接起诉, 复议后起诉), five columns each.
T4 = FORMAT["table4"]["columns"]
T4_REVIEW: str = next(iter(T4))
T4_LITIGATION: str = list(T4)[1]
T4_GROUPS: tuple[str, ...] = (T4_REVIEW, *T4[T4_LITIGATION].keys())
T4_COLUMNS: tuple[str, ...] = tuple(T4[T4_REVIEW])
T4_TOTAL_COLUMN = len(T4_COLUMNS) - 1  # 总计
for _group in T4[T4_LITIGATION].values():
    assert tuple(_group) == T4_COLUMNS, "table 4's groups share their columns"

TABLE4_CELLS: dict[str, Cell] = {
    f"t4_{g}_{c}": Cell(f"t4_{g}_{c}", 4, group, column)
    for g, group in enumerate(T4_GROUPS)
    for c, column in enumerate(T4_COLUMNS)
}


def t4(group: int, column: int) -> str:
    return f"t4_{group}_{column}"


CELLS: dict[str, Cell] = {**TABLE2_CELLS, **TABLE3_CELLS, **TABLE4_CELLS}


def table3_rows_for_layout() -> list[dict[str, Any]]:
    """Table 3's body as the official layout draws it: three label columns with merged cells.

    Each row: `label` (the data row), `cells` are filled by the caller; `section` /
    `group` give a caption cell that starts on this row with its rowspan, and `span` is how
    many label columns the row's own label takes (3 for 一/二/四, 2 for （一）（二）（七）, 1 for
    the numbered sub-rows).
    """
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, ...]] = set()
    for row in TABLE3_ROWS:
        entry: dict[str, Any] = {"row": row, "section": None, "group": None}
        for depth in range(len(row.path)):
            prefix = row.path[: depth + 1]
            if prefix in seen:
                continue
            seen.add(prefix)
            span = sum(1 for other in TABLE3_ROWS if other.path[: depth + 1] == prefix)
            entry["section" if depth == 0 else "group"] = (row.path[depth], span)
        entry["span"] = 3 - len(row.path)
        out.append(entry)
    return out
