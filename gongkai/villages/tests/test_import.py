"""Importing a statement's lines from the template: good files in, broken files named and refused.

CSV in UTF-8 (with or without BOM) and in GBK, as Excel in China saves it, and XLSX; every
problem named by row and column; nothing half-imported.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gongkai.core import periods
from gongkai.core.models import Role
from gongkai.core.tests.factories import county, member, township, village
from gongkai.villages import actions, imports
from gongkai.villages.models import StatementLine

pytestmark = pytest.mark.django_db

OCTOBER = periods.parse("2026-M10")
HEADER = "日期,科目,收支,金额（元）,往来单位,凭证号,对应乡镇事项"
GOOD = (
    f"{HEADER}\n"
    "2026-10-05,上级补助收入,收入,18000.00,青山镇财政所,记-10-01,代管资金\n"
    '2026/10/09,村干部报酬,支出,"6,200.00",村两委干部,记-10-02,\n'
    "2026年10月12日,办公费,支出,380.5,示例县新华书店,记-10-03,\n"
    ",合计,收入,18000.00,,,\n"
    ",合计,支出,6580.50,,,\n"
)


def _csv(text: str, encoding: str = "utf-8", name: str = "村级财务收支.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def _xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(
        "村级财务收支.xlsx",
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_a_good_csv_in_utf8_or_gbk_gives_its_lines(encoding):
    lines = imports.read(_csv(GOOD, encoding), OCTOBER)
    assert [(x.subject, x.kind, x.amount) for x in lines] == [
        ("上级补助收入", "income", Decimal("18000.00")),
        ("村干部报酬", "expense", Decimal("6200.00")),
        ("办公费", "expense", Decimal("380.50")),
    ]
    assert lines[0].matter == "managed_funds" and lines[2].date == dt.date(2026, 10, 12)


def test_a_good_xlsx_with_real_dates_and_numbers_gives_its_lines():
    upload = _xlsx(
        [
            imports.HEADINGS[:6],
            [dt.datetime(2026, 10, 5), "上级补助收入", "收入", 18000, "青山镇财政所", "记-10-01"],
            [dt.datetime(2026, 10, 9), "其他支出", "支出", 2500.5, "村委会", "记-10-02"],
        ]
    )
    lines = imports.read(upload, OCTOBER)
    assert [(x.date, x.amount) for x in lines] == [
        (dt.date(2026, 10, 5), Decimal("18000.00")),
        (dt.date(2026, 10, 9), Decimal("2500.50")),
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("2026-10-05,办公费,支出,abc,,,", ["第2行", "金额（元）"]),
        ("2026-11-05,办公费,支出,100,,,", ["第2行", "日期"]),
        ("2026-10-05,办公费,借方,100,,,", ["第2行", "收支"]),
        ("2026-10-05,,支出,100,,,", ["第2行", "科目"]),
        ("2026-10-05,办公费,支出,100.123,,,", ["第2行", "金额（元）"]),
        ("2026-10-05,办公费,支出,100,,,村集体", ["第2行", "对应乡镇事项"]),
        ("2026-10-05,办公费,支出,100,,,\n,合计,支出,150,,,", ["第3行", "100.00"]),
    ],
)
def test_a_broken_csv_is_refused_naming_the_row_and_column(rows, expected):
    with pytest.raises(ValidationError) as refused:
        imports.read(_csv(f"{HEADER}\n{rows}\n", "gbk"), OCTOBER)
    message = " ".join(refused.value.messages)
    for part in expected:
        assert part in message


def test_a_file_without_the_columns_is_refused_naming_the_missing_ones():
    with pytest.raises(ValidationError) as refused:
        imports.read(_csv("日期,摘要,金额\n2026-10-05,办公费,100\n"), OCTOBER)
    assert "收支" in " ".join(refused.value.messages)


def test_a_broken_xlsx_is_refused_naming_the_row_and_column():
    upload = _xlsx(
        [
            imports.HEADINGS[:6],
            [dt.datetime(2026, 10, 5), "办公费", "支出", 100, "", ""],
            [dt.datetime(2026, 10, 6), "办公费", "支出", -5, "", ""],
        ]
    )
    with pytest.raises(ValidationError) as refused:
        imports.read(upload, OCTOBER)
    assert "第3行" in refused.value.messages[0] and "金额（元）" in refused.value.messages[0]


def test_a_damaged_xlsx_is_refused():
    upload = SimpleUploadedFile("x.xlsx", b"PK\x03\x04 not really a workbook")
    with pytest.raises(ValidationError):
        imports.read(upload, OCTOBER)


@pytest.fixture
def clerk_and_statement():
    root = county()
    town = township(root)
    home = village(town)
    clerk = member(home, Role.CLERK)
    statement = actions.create_statement(
        home,
        by=clerk,
        period="2026-M10",
        opening_balance=Decimal("1000"),
        today=dt.date(2026, 11, 3),
    )
    return clerk, statement


def test_an_import_replaces_every_line_or_none(clerk_and_statement):
    clerk, statement = clerk_and_statement
    lines = imports.read(_csv(GOOD), OCTOBER)
    assert actions.import_lines(statement, by=clerk, lines=lines, source="a.csv") == 3
    broken = f"{HEADER}\n2026-10-05,办公费,支出,100,,,\n2026-10-06,办公费,支出,oops,,,\n"
    with pytest.raises(ValidationError):
        actions.import_lines(
            statement, by=clerk, lines=imports.read(_csv(broken), OCTOBER), source="b.csv"
        )
    # the broken file changed nothing: the three good lines are still there
    assert StatementLine.objects.filter(statement=statement).count() == 3
