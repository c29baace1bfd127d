from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.core import periods


@pytest.mark.parametrize(
    ("code", "start", "end", "label"),
    [
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "2026年度"),
        ("2026-H1", dt.date(2026, 1, 1), dt.date(2026, 6, 30), "2026年上半年"),
        ("2026-H2", dt.date(2026, 7, 1), dt.date(2026, 12, 31), "2026年下半年"),
        ("2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "2026年第一季度"),
        ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30), "2026年第三季度"),
        ("2028-M02", dt.date(2028, 2, 1), dt.date(2028, 2, 29), "2028年2月"),
        ("2026-M12", dt.date(2026, 12, 1), dt.date(2026, 12, 31), "2026年12月"),
    ],
)
def test_a_code_names_its_first_and_last_day_and_its_chinese_label(code, start, end, label):
    period = periods.parse(code)
    assert (period.start, period.end, period.label, period.code) == (start, end, label, code)


@pytest.mark.parametrize(
    "bad", ["", "2026-H3", "2026-Q5", "2026-M13", "2026-M1", "26", "2026年上半年", "2026-h1"]
)
def test_anything_but_a_code_is_refused_with_the_accepted_forms(bad):
    with pytest.raises(ValidationError) as error:
        periods.parse(bad)
    message = error.value.messages[0]
    assert "2026-H1" in message and "2026-Q1" in message and "2026-M01" in message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2026年上半年", "2026-H1"),
        ("2026年下半年", "2026-H2"),
        ("2026年第三季度", "2026-Q3"),
        ("2026年第2季度", "2026-Q2"),
        ("2026年10月", "2026-M10"),
        ("2026年7月份", "2026-M07"),
        ("2026年", "2026"),
        ("2026年度", "2026"),
        (" 2026-Q4 ", "2026-Q4"),
    ],
)
def test_the_labels_typed_before_codes_are_read_back(text, code):
    assert periods.from_text(text).code == code


@pytest.mark.parametrize("text", ["2026年第一批", "上半年", "2026年13月", "今年"])
def test_text_that_names_no_period_is_refused(text):
    with pytest.raises(ValidationError):
        periods.from_text(text)


def test_the_periods_of_a_cadence_in_a_year_and_the_one_containing_a_day():
    assert [p.code for p in periods.in_year(periods.QUARTER, 2026)] == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    assert len(periods.in_year(periods.MONTH, 2027)) == 12
    assert periods.containing(periods.HALF, dt.date(2026, 7, 1)).code == "2026-H2"
    assert periods.containing(periods.MONTH, dt.date(2026, 2, 28)).code == "2026-M02"
    assert periods.containing(periods.YEAR, dt.date(2026, 2, 28)).code == "2026"
