"""Word, PDF and HTML carry the official layout and the same numbers; read back from the files."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from gongkai.reports import actions, exports, layout
from gongkai.reports.layout import t3

from .factories import LONG_TEXT, application, document, opened, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    w = world()
    document(w, dt.date(2025, 3, 20), n=1)
    application(w.township, dt.date(2025, 3, 4), "disclosed", dt.date(2025, 3, 18))
    application(w.township, dt.date(2025, 4, 7), "not_held", dt.date(2025, 4, 20))
    application(
        w.township,
        dt.date(2025, 5, 6),
        "partly_disclosed",
        dt.date(2025, 5, 20),
        applicant_type="commercial_enterprise",
    )
    application(w.township, dt.date(2025, 12, 29))
    report = opened(w)
    values = {key: report.value(key) for key in layout.CELLS}
    values["t2_1_0_0"] = 17  # licences
    values["t2_3_0_0"] = "2.35"  # fees, 万元
    actions.save_values(report, by=w.clerk, values=values)
    actions.save_text(report, by=w.clerk, overview=LONG_TEXT, other="本年度未收取信息处理费。")
    actions.publish(report, by=w.reviewer, secrecy=actions.CONFIRMED)
    report.refresh_from_db()
    return report


EXPECTED_T3 = {
    "一、本年新收政府信息公开申请数量": ["3", "1", "0", "0", "0", "0", "4"],
    "（一）予以公开": ["1", "0", "0", "0", "0", "0", "1"],
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": ["0", "1", "0", "0", "0", "0", "1"],
    "1.本机关不掌握相关政府信息": ["1", "0", "0", "0", "0", "0", "1"],
    "（七）总计": ["2", "1", "0", "0", "0", "0", "3"],
    "四、结转下年度继续办理": ["1", "0", "0", "0", "0", "0", "1"],
}


def test_word_tables_have_the_official_labels_merged_headers_and_values(report):
    from docx import Document

    document = Document(io.BytesIO(exports.docx(report)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert report.title in text
    for heading in layout.SECTIONS:
        assert heading in text
    assert LONG_TEXT in text
    table2, table3, table4 = document.tables

    # Table 2: the caption row spans the whole width; the licence count sits under its column.
    assert table2.cell(0, 0)._tc is table2.cell(0, 3)._tc
    assert table2.cell(0, 0).text == "第二十条第（一）项"
    cells = [[c.text for c in row.cells] for row in table2.rows]
    assert ["行政规范性文件", "1", "0", "1"] in cells
    assert ["行政许可", "17", "17", "17"] in cells  # one cell merged across three columns
    assert ["行政事业性收费", "2.35", "2.35", "2.35"] in cells

    # Table 3: the corner note is merged over 3 × 3 cells, 法人或其他组织 over five columns.
    assert table3.cell(0, 0)._tc is table3.cell(2, 2)._tc
    assert table3.cell(0, 0).text == layout.T3_CORNER_NOTE
    assert table3.cell(0, 3).text == "申请人情况"
    assert table3.cell(1, 4)._tc is table3.cell(1, 8)._tc
    assert table3.cell(1, 4).text == "法人或其他组织"
    assert [table3.cell(2, c).text for c in range(3, 10)] == list(layout.T3_COLUMNS)
    # 三、本年度办理结果 runs down 22 rows; （三）不予公开 down its 8.
    assert table3.cell(5, 0)._tc is table3.cell(26, 0)._tc
    assert table3.cell(5, 0).text == "三、本年度办理结果"
    assert table3.cell(7, 1)._tc is table3.cell(14, 1)._tc
    assert table3.cell(7, 1).text == "（三）不予公开"
    labels = [table3.cell(3 + i, 2).text for i in range(25)]
    assert labels == list(layout.T3_LABELS)
    for i, label in enumerate(layout.T3_LABELS):
        values = [table3.cell(3 + i, 3 + c).text for c in range(7)]
        assert values == EXPECTED_T3.get(label, ["0"] * 7), label

    # Table 4: 行政复议 over five columns, 行政诉讼 over ten, its two kinds over five each.
    assert table4.cell(0, 0)._tc is table4.cell(0, 4)._tc
    assert table4.cell(0, 0).text == "行政复议"
    assert table4.cell(0, 5)._tc is table4.cell(0, 14)._tc
    assert table4.cell(0, 5).text == "行政诉讼"
    assert table4.cell(1, 0)._tc is table4.cell(2, 0)._tc
    assert table4.cell(1, 5).text == "未经复议直接起诉"
    assert table4.cell(1, 10).text == "复议后起诉"
    assert [table4.cell(2, c).text for c in range(10, 15)] == list(layout.T4_COLUMNS)


def test_pdf_has_real_chinese_text_with_an_embedded_font(report):
    from pypdf import PdfReader

    data = exports.pdf(report)
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    compact = "".join(text.split())
    assert "".join(report.title.split()) in compact
    for label in (*layout.SECTIONS, "（七）总计", "四、结转下年度继续办理", "法人或其他组织"):
        assert label in compact, label
    assert "第二十条第（一）项" in compact
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                fonts.add(str(font["/BaseFont"]))
    assert any("NotoSansCJKSC" in name.replace("-", "") for name in fonts), fonts


def test_html_export_carries_the_same_numbers(report):
    page = exports.html(report)
    assert '<th colspan="3" rowspan="3" scope="col" class="corner">' in page
    assert 'rowspan="22"' in page and 'rowspan="8"' in page
    assert "Noto Sans CJK SC" in page
    for label in layout.T3_LABELS:
        assert label in page
    assert ">17<" in page and ">2.35<" in page


def test_the_three_formats_agree_on_table3(report):
    from docx import Document

    table3 = Document(io.BytesIO(exports.docx(report))).tables[1]
    word = [[table3.cell(3 + i, 3 + c).text for c in range(7)] for i in range(25)]
    stored = [
        [str(report.value(t3(i, c))) for c in range(7)] for i in range(len(layout.TABLE3_ROWS))
    ]
    assert word == stored


def test_the_word_file_opens_in_libreoffice_with_its_tables_intact(report, tmp_path):
    import shutil
    import subprocess

    from pypdf import PdfReader

    from gongkai.conftest import missing_tool

    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        missing_tool("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    source = tmp_path / "report.docx"
    source.write_bytes(exports.docx(report))
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    reader = PdfReader(str(tmp_path / "report.pdf"))
    text = "".join(page.extract_text() for page in reader.pages)
    compact = "".join(text.split())
    for label in ("（七）总计", "四、结转下年度继续办理", "申请人情况", "复议后起诉"):
        assert label in compact, label
    # Rows keep their cells in order: the label, then the seven numbers.
    assert "（七）总计2100003" in compact
    assert "行政许可17" in compact
