"""Taking one piece of personal information out of a Word, Excel or PDF file: the value is gone
from the file's text (as the privacy screening reads it), the rest of the text is intact, and
the file still opens."""

from __future__ import annotations

import io
import zipfile

import pytest

from gongkai.publishing import privacy
from gongkai.publishing.demo import pdf_page
from gongkai.publishing.redact import CannotRedact, redact

ID = "11010519491231002X"
PHONE = "13907381234"


def _text(kind: str, data: bytes) -> str:
    return "\n".join(text for _where, text in privacy.attachment_text(kind, data))


# Files made the way offices make them ---------------------------------------------------------


def make_docx(*, split: bool = False) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.author = f"王建国 {PHONE}"
    document.core_properties.title = "补助对象名单"
    paragraph = document.add_paragraph("补助对象王建国，身份证号")
    if split:  # as Word saves it after an edit: the number in three runs, one of them bold
        paragraph.add_run(ID[:6])
        paragraph.add_run(ID[6:14]).bold = True
        paragraph.add_run(ID[14:] + "，已核实。")
    else:
        paragraph.add_run(f"{ID}，已核实。")
    document.add_paragraph(f"联系电话{PHONE}。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "姓名"
    table.cell(0, 1).text = "身份证号"
    table.cell(1, 0).text = "王建国"
    table.cell(1, 1).text = ID
    inner = table.cell(0, 0).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = f"附：{ID}"
    section = document.sections[0]
    section.header.paragraphs[0].text = f"经办人电话{PHONE}"
    section.footer.paragraphs[0].text = f"编号{ID}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet.append(["姓名", "身份证号", "电话", "补助金额"])
    sheet.append(["王建国", ID, int(PHONE), 1200])
    sheet.append(["李秀英", f"身份证：{ID}", "13800138000", 800])
    sheet["D4"] = "=SUM(D2:D3)"
    sheet["B2"].comment = Comment(f"核对：{ID}", "经办人")
    other = workbook.create_sheet("备注")
    other["A1"] = f"复核人身份证{ID}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_pdf(text: str) -> bytes:
    from gongkai.core.pdf import FONT, from_html

    lines = "".join(f"<p>{line}</p>" for line in text.splitlines())
    return from_html(
        f"<html><body style=\"font-family: '{FONT}'\">{lines}"
        f"<table><tr><td>王建国</td><td>{ID}</td></tr></table></body></html>"
    )


def pdf_with_the_number_off_the_page() -> bytes:
    """The number runs past the page's edge: a text reader sees it, the page does not show it,
    so there is nothing on the page to draw a redaction box over."""
    return pdf_page(f"BT /F1 14 Tf 72 760 Td (Seen) Tj 428 0 Td (ID {ID}) Tj ET".encode())


def pdf_with_the_number_over_two_lines() -> bytes:
    return pdf_page(
        f"BT /F1 14 Tf 72 760 Td (ID {ID[:12]}) Tj 0 -20 Td ({ID[12:]} end) Tj ET".encode()
    )


# Word ----------------------------------------------------------------------------------------


def _all_docx_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(
            archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml")
        )


def test_word_the_number_is_gone_from_paragraphs_tables_headers_and_footers():
    import docx

    before = make_docx()
    after = redact("docx", before, ID, "")
    assert ID not in _text("docx", after)
    assert ID not in _all_docx_xml(after)
    document = docx.Document(io.BytesIO(after))
    assert document.paragraphs[0].text == "补助对象王建国，身份证号，已核实。"
    assert document.paragraphs[1].text == f"联系电话{PHONE}。"  # another value stays
    assert document.tables[0].cell(1, 1).text == ""
    assert document.tables[0].cell(1, 0).text == "王建国"
    assert document.tables[0].cell(0, 0).tables[0].cell(0, 0).text == "附："
    assert document.sections[0].footer.paragraphs[0].text == "编号"
    assert document.sections[0].header.paragraphs[0].text == f"经办人电话{PHONE}"


def test_word_a_number_split_over_runs_is_masked_in_the_first_run_keeping_its_format():
    import docx

    after = redact("docx", make_docx(split=True), ID, "{masked}")
    paragraph = docx.Document(io.BytesIO(after)).paragraphs[0]
    assert paragraph.text == "补助对象王建国，身份证号{masked}，已核实。"
    runs = [(run.text, run.bold) for run in paragraph.runs]
    assert runs == [
        ("补助对象王建国，身份证号", None),
        ("{masked}", None),
        ("", True),
        ("，已核实。", None),
    ]
    assert ID not in _all_docx_xml(after)


def test_word_the_author_is_cleaned_only_when_it_carries_the_value():
    import docx

    after = redact("docx", make_docx(), PHONE, "*" * len(PHONE))
    properties = docx.Document(io.BytesIO(after)).core_properties
    assert properties.author == "王建国 ***********"
    assert properties.title == "补助对象名单"
    text = _text("docx", after)
    assert PHONE not in text and "联系电话***********。" in text and ID in text


def test_word_a_mailto_link_loses_the_address_too():
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    paragraph = document.add_paragraph("邮箱：")
    r_id = paragraph.part.relate_to(
        "mailto:wang5@qq.com", RELATIONSHIP_TYPE.HYPERLINK, is_external=True
    )
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "wang5@qq.com"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    out = io.BytesIO()
    document.save(out)
    after = redact("docx", out.getvalue(), "wang5@qq.com", "")
    with zipfile.ZipFile(io.BytesIO(after)) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"wang5@qq.com" not in everything


def test_word_a_value_that_is_not_there_is_refused():
    with pytest.raises(CannotRedact) as refused:
        redact("docx", make_docx(), "13800138000", "")
    assert refused.value.reason == CannotRedact.NOT_FOUND


# Excel ---------------------------------------------------------------------------------------


def test_excel_every_sheet_is_cleaned_and_other_cells_and_formulas_are_kept():
    from openpyxl import load_workbook

    after = redact("xlsx", make_xlsx(), ID, "")
    assert ID not in _text("xlsx", after)
    workbook = load_workbook(io.BytesIO(after))
    sheet = workbook["名单"]
    assert [cell.value for cell in sheet[2]] == ["王建国", None, int(PHONE), 1200]
    assert sheet["B3"].value == "身份证："
    assert sheet["D4"].value == "=SUM(D2:D3)"
    assert sheet["B2"].comment.text == "核对："
    assert workbook["备注"]["A1"].value == "复核人身份证"
    with zipfile.ZipFile(io.BytesIO(after)) as archive:
        assert all(ID.encode() not in archive.read(name) for name in archive.namelist())


def test_excel_a_phone_number_typed_as_a_number_is_masked():
    from openpyxl import load_workbook

    after = redact("xlsx", make_xlsx(), PHONE, "*" * 11)
    sheet = load_workbook(io.BytesIO(after))["名单"]
    assert sheet["C2"].value == "***********"
    assert sheet["C3"].value == "13800138000"
    assert PHONE not in _text("xlsx", after)


# PDF -----------------------------------------------------------------------------------------


def _pdf_opens(data: bytes) -> str:
    import pymupdf
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(data)).pages) >= 1
    with pymupdf.open(stream=data, filetype="pdf") as document:
        return "".join(page.get_text() for page in document)


def test_pdf_the_number_is_taken_out_of_the_text_not_covered():
    before = make_pdf(f"补助对象王建国，身份证号{ID}，电话{PHONE}。")
    assert ID in _text("pdf", before)
    after = redact("pdf", before, ID, "")
    text = _text("pdf", after)
    assert ID not in text and ID not in _pdf_opens(after)
    assert "补助对象王建国，身份证号" in text and PHONE in text and "王建国" in text


@pytest.mark.parametrize("pattern", ["*" * 11, "[已删除]"])
def test_pdf_a_mask_pattern_is_written_in_the_box(pattern):
    after = redact("pdf", make_pdf(f"电话{PHONE}。"), PHONE, pattern)
    text = _pdf_opens(after)
    assert PHONE not in text and pattern in text


def test_pdf_a_value_split_over_two_lines_is_refused():
    with pytest.raises(CannotRedact) as refused:
        redact("pdf", pdf_with_the_number_over_two_lines(), ID, "")
    assert refused.value.reason == CannotRedact.NOT_FOUND


def test_pdf_a_value_the_reader_sees_but_the_page_does_not_show_is_refused():
    data = pdf_with_the_number_off_the_page()
    assert ID in _text("pdf", data)  # the screening finds it ...
    with pytest.raises(CannotRedact) as refused:  # ... but there is nothing to draw a box over
        redact("pdf", data, ID, "")
    assert refused.value.reason == CannotRedact.NOT_FOUND


def test_other_kinds_are_refused():
    with pytest.raises(CannotRedact) as refused:
        redact("doc", b"\xd0\xcf\x11\xe0", ID, "")
    assert refused.value.reason == CannotRedact.UNSUPPORTED
