"""Attachments (type from content, size cap) and tables (CSV/XLSX in, HTML/CSV/XLSX out)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gongkai.publishing import tables, uploads

from . import files


@pytest.mark.parametrize(
    ("upload", "kind"),
    [
        (files.pdf(), "pdf"),
        (files.png(), "png"),
        (files.docx(), "docx"),
        (files.xlsx([["a"]], "表.xlsx"), "xlsx"),
    ],
)
def test_accepted_types_are_recognised_from_their_content(upload, kind):
    checked = uploads.check_attachment(upload)
    assert checked.kind == kind
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (files.exe("预算.pdf"), "不是PDF、Word、Excel、PNG或JPEG文件"),
        (files.png("预算.pdf"), "的文件名为.pdf文件，但其内容是PNG"),
        (files.docx("预算.xlsx"), "的文件名为.xlsx文件，但其内容是Word"),
        (SimpleUploadedFile("空.pdf", b""), "是空文件"),
        (SimpleUploadedFile("x.pdf", b"PK\x03\x04garbage"), "不是PDF"),
    ],
)
def test_a_file_whose_content_is_not_what_it_claims_is_refused(upload, message):
    with pytest.raises(ValidationError) as raised:
        uploads.check_attachment(upload)
    assert message in raised.value.messages[0]


def test_an_oversized_file_is_refused_with_the_limit(settings):
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 1024
    big = SimpleUploadedFile("大文件.pdf", b"%PDF-1.4\n" + b"0" * 2000)
    with pytest.raises(ValidationError) as raised:
        uploads.check_attachment(big)
    assert "1.0" in raised.value.messages[0] and "附件最大为" in raised.value.messages[0]


def test_the_error_is_translated(settings):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as raised:
        uploads.check_attachment(files.png("预算.pdf"))
    assert "PNG" in raised.value.messages[0] and "named" not in raised.value.messages[0]


def test_a_utf8_csv_becomes_a_table():
    table = tables.parse(files.csv_file("姓名,家庭人口,保障金额\n张秀英,3,840\n李建国,1,420\n"))
    assert table.columns == ["姓名", "家庭人口", "保障金额"]
    assert table.rows == [["张秀英", "3", "840"], ["李建国", "1", "420"]]


def test_a_csv_saved_by_chinese_excel_in_gb18030_is_read():
    table = tables.parse(files.csv_file("项目,金额\n农林水支出,1940.0\n", encoding="gb18030"))
    assert table.rows == [["农林水支出", "1940.0"]]


def test_an_xlsx_becomes_a_table_with_numbers_as_text():
    table = tables.parse(
        files.xlsx([["项目", "预算数"], ["一般公共服务支出", 1002.5], ["合计", 4750]])
    )
    assert table.rows == [["一般公共服务支出", "1002.5"], ["合计", "4750"]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "姓名,金额\n张三,100\n李四,100,多余\n王五\n",
            "第3行有3个单元格，而标题行有2列；第4行有1个单元格",
        ),
        ("", "表格为空"),
        ("姓名,,金额\n张三,1,2\n", "第2列没有"),
        ("姓名,金额\n", "没有数据行"),
        ("姓名,身份证号,金额\n张三,430102199001011234,100\n", "身份证号"),
        ("姓名,备注\n张三,13807380001\n", "第2行“备注”列疑似身份证号、电话号码或银行卡号"),
        ("姓名,备注\n张三,6222021001112223334\n", "疑似身份证号"),
    ],
)
def test_a_broken_or_unpublishable_table_is_refused_with_the_reason(text, message):
    with pytest.raises(ValidationError) as raised:
        tables.parse(files.csv_file(text))
    assert message in " ".join(raised.value.messages)


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("表.xlsx", b"PK\x03\x04this is not a workbook"),
        files.pdf("表.csv"),
        files.png("表.png"),
    ],
)
def test_a_table_file_of_the_wrong_kind_is_refused(upload):
    with pytest.raises(ValidationError):
        tables.parse(upload)


def test_downloads_carry_the_same_cells():
    columns, rows = ["项目", "金额"], [["农林水支出", "1940.0"], ['=HYPERLINK("x")', "0012"]]
    text = tables.to_csv(columns, rows)
    assert text.startswith("\ufeff".encode())
    # A cell that would run as a formula is text in the CSV too, as in the workbook.
    assert tables.parse(files.csv_file(text.decode("utf-8-sig"))).rows == [
        rows[0],
        ['\'=HYPERLINK("x")', "0012"],
    ]
    sheet = load_workbook(io.BytesIO(tables.to_xlsx("预算表", columns, rows))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["项目", "金额"]
    assert values[1] == ["农林水支出", 1940.0]
    assert values[2] == ['\'=HYPERLINK("x")', "0012"]  # never a formula; leading zeros kept


def test_a_small_word_file_with_a_million_empty_paragraphs_is_refused_before_parsing():
    hostile = files.hostile_docx()
    assert hostile.size < 20_000
    with pytest.raises(ValidationError) as raised:
        uploads.check_attachment(hostile)
    assert raised.value.code == "too_many_paragraphs"
    assert "空段落.docx" in raised.value.messages[0] and "段落" in raised.value.messages[0]


def test_a_word_file_with_too_many_elements_is_refused(settings):
    settings.GONGKAI_UPLOAD_MAX_ELEMENTS = 1000
    runs = "<w:p>" + "<w:r><w:t>字</w:t></w:r>" * 600 + "</w:p>"
    upload = files.zip_of(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": runs.encode()}, "长文.docx"
    )
    with pytest.raises(ValidationError) as raised:
        uploads.check_attachment(upload)
    assert raised.value.code == "too_many_elements"
    assert "元素" in raised.value.messages[0]


def test_a_word_file_of_ordinary_length_is_accepted():
    assert uploads.check_attachment(files.hostile_docx(paragraphs=2000)).kind == "docx"


def test_a_zip_bomb_is_refused_by_its_uncompressed_size(settings):
    settings.GONGKAI_UPLOAD_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    bomb = files.zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "word/media/filler.bin": b"\0" * (5 * 1024 * 1024),
        },
        "炸弹.docx",
    )
    with pytest.raises(ValidationError) as raised:
        uploads.check_attachment(bomb)
    assert raised.value.code == "too_big_inside"
    assert "解压后" in raised.value.messages[0]


def test_a_word_file_with_too_many_parts_is_refused(settings):
    settings.GONGKAI_UPLOAD_MAX_ENTRIES = 50
    parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    parts |= {f"word/media/{n}.bin": b"x" for n in range(100)}
    with pytest.raises(ValidationError) as raised:
        uploads.check_attachment(files.zip_of(parts, "碎片.docx"))
    assert raised.value.code == "too_many_entries"


def test_an_excel_table_with_a_huge_sheet_is_refused_before_it_is_read(settings):
    settings.GONGKAI_UPLOAD_MAX_ELEMENTS = 1000
    rows = [[n, n * 2, n * 3] for n in range(600)]
    with pytest.raises(ValidationError) as raised:
        tables.parse(files.xlsx(rows, "大表.xlsx"))
    assert raised.value.code == "too_many_elements"
    with pytest.raises(ValidationError):
        uploads.check_attachment(files.xlsx(rows, "大表.xlsx"))


def test_a_pdf_with_too_many_pages_is_refused(settings):
    settings.GONGKAI_UPLOAD_MAX_PDF_PAGES = 10
    with pytest.raises(ValidationError) as raised:
        uploads.check_attachment(files.pdf_of_pages(11))
    assert raised.value.code == "too_many_pages"
    assert "11" in raised.value.messages[0] and "页" in raised.value.messages[0]
    assert uploads.check_attachment(files.pdf_of_pages(10)).kind == "pdf"
