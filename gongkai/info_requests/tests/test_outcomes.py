"""Each reply outcome is one data row of the annual report's table 3, by its official label."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.info_requests import outcomes

# The reports app keeps a faithful copy of the official format (its own test checks the copy
# character for character); the mapping must agree with it.
FORMAT = Path(__file__).resolve().parents[2] / "reports" / "format_2021.json"


@pytest.fixture(scope="module")
def table3() -> list[dict]:
    return [json.loads(FORMAT.read_text("utf-8"))["table3"]]


def data_rows(table3: dict) -> list[tuple[str | None, str]]:
    """(group, row) of every row under 三、本年度办理结果 that holds counts, less the total."""
    section = next(
        row for row in table3["rows"] if isinstance(row, dict) and outcomes.RESULTS in row
    )
    found = []
    for row in section[outcomes.RESULTS]:
        if isinstance(row, dict):
            ((group, children),) = row.items()
            found += [(group, child) for child in children]
        elif not row.startswith("（七）"):
            found.append((None, row))
    return found


def test_every_outcome_is_one_data_row_and_every_row_has_one_outcome(table3):
    mapped = [(outcome.group, outcome.row) for outcome in outcomes.OUTCOMES]
    for reference in table3:
        assert mapped == data_rows(reference)  # in the order of the table, too
    assert len(set(mapped)) == len(mapped) == 21


def test_applicant_types_are_the_tables_columns(table3):
    for reference in table3:
        natural, organisations, total = reference["columns"]
        ((name, kinds),) = organisations.items()
        expected = [(None, natural)] + [(name, kind) for kind in kinds]
        assert list(outcomes.APPLICANT_COLUMNS.values()) == expected
        assert total == "总计"


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("予以公开", "disclosed"),
        ("部分公开", "partly_disclosed"),
        ("属于国家秘密", "state_secret"),
        ("本机关不掌握相关政府信息", "not_held"),
        ("重复申请", "repeat"),
        ("其他", "other"),
        ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "not_corrected"),
    ],
)
def test_the_api_labels_name_the_rows_without_numbering(label, key):
    assert outcomes.find(label).key == key
    assert outcomes.find(key).label == label


def test_refusals_carry_the_review_first_rule_and_are_filed():
    refused = {o.key for o in outcomes.OUTCOMES if o.refusal}
    filed = {o.key for o in outcomes.OUTCOMES if o.withheld}
    assert refused == filed
    assert "partly_disclosed" in refused and "state_secret" in refused
    assert not {"disclosed", "not_held", "repeat", "not_corrected"} & refused


@pytest.mark.parametrize(
    ("key", "plain"),
    [
        ("disclosed", "予以公开"),
        ("partly_disclosed", "部分公开"),
        ("state_secret", "不予公开（属于国家秘密）"),
        ("not_held", "无法提供（本机关不掌握相关政府信息）"),
        ("repeat", "不予处理（重复申请）"),
    ],
)
def test_letters_name_the_outcome_without_the_tables_numbering(key, plain):
    assert outcomes.BY_KEY[key].plain == plain
