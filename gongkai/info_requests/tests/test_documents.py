"""The notices of an application as official documents: read back from Word and PDF."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from gongkai.core.models import Role
from gongkai.core.tests.factories import PASSWORD, county, member, township
from gongkai.info_requests import actions, documents, fees

from .factories import received

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2026, 3, 2)
TODAY = dt.date(2026, 6, 30)
A4_POINTS = (595.3, 841.9)


@pytest.fixture
def town():
    root = county(name="示例县人民政府", short_name="示例县")
    return township(root, name="示例县青山镇人民政府", short_name="青山镇")


def _through_every_notice(town, corrections: str = "请写明所需验收报告涉及的具体路段。"):
    req = received(town, RECEIVED, description="申请公开青山村道路硬化工程的验收报告。")
    actions.ask_clarification(
        req,
        by=None,
        date=dt.date(2026, 3, 4),
        today=TODAY,
        corrections=corrections,
        deadline=dt.date(2026, 3, 18),
    )
    actions.advance(req, by=None, type="corrected", date=dt.date(2026, 3, 9), today=TODAY)
    actions.advance(
        req,
        by=None,
        type="consult_start",
        date=dt.date(2026, 3, 10),
        today=TODAY,
        party="示例县路桥工程有限公司",
    )
    actions.advance(
        req, by=None, type="consult_end", date=dt.date(2026, 3, 20), today=TODAY, result="agreed"
    )
    actions.extend(
        req,
        by=None,
        date=dt.date(2026, 4, 8),
        today=TODAY,
        reason="需向县交通运输局调取验收资料",
        approved_by="李建国",
        days=10,
    )
    actions.advance(
        req,
        by=None,
        type="fee_notice",
        date=dt.date(2026, 4, 9),
        today=TODAY,
        method=fees.BY_PAGES,
        quantity=120,
    )
    req.refresh_from_db()
    return req


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 3, 2), "二〇二六年三月二日"),
        (dt.date(2026, 10, 10), "二〇二六年十月十日"),
        (dt.date(2027, 12, 31), "二〇二七年十二月三十一日"),
        (dt.date(2030, 1, 20), "二〇三〇年一月二十日"),
    ],
)
def test_the_date_of_the_closing_is_in_chinese_numerals(day, text):
    assert documents.chinese_date(day) == text


def test_each_step_that_sends_a_notice_takes_the_next_number_of_the_units_run(town):
    req = _through_every_notice(town)
    numbers = [
        req.events.get(type=t).data["doc_no"]
        for t in ("clarify", "consult_start", "extend", "fee_notice")
    ]
    assert numbers == [f"青政信〔2026〕{n}号" for n in (1, 2, 3, 4)]
    other = received(town, RECEIVED)
    actions.ask_clarification(
        other,
        by=None,
        date=dt.date(2026, 3, 3),
        today=TODAY,
        corrections="请写明文号。",
        deadline=dt.date(2026, 3, 18),
    )
    assert other.events.get(type="clarify").data["doc_no"] == "青政信〔2026〕5号"


EXPECTED = {
    documents.RECEIPT: ("政府信息公开申请受理回执", "张桂芳", "二〇二六年三月二日", ""),
    documents.CORRECTION: ("补正告知书", "张桂芳", "二〇二六年三月四日", "青政信〔2026〕1号"),
    documents.CONSULTATION: (
        "征求意见函",
        "示例县路桥工程有限公司",
        "二〇二六年三月十日",
        "青政信〔2026〕2号",
    ),
    documents.EXTENSION: ("延期答复告知书", "张桂芳", "二〇二六年四月八日", "青政信〔2026〕3号"),
    documents.FEE: ("收费通知书", "张桂芳", "二〇二六年四月九日", "青政信〔2026〕4号"),
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_every_notice_reads_back_from_word_and_pdf_on_one_a4_page(town, kind):
    req = _through_every_notice(town)
    doc = documents.compose(req, kind)
    title, addressee, date, number = EXPECTED[kind]

    word = Document(io.BytesIO(documents.docx(doc)))
    section = word.sections[0]
    mm = [round(length.mm) for length in (section.page_width, section.page_height)]
    assert mm == [210, 297]  # A4
    assert [round(section.top_margin.mm), round(section.left_margin.mm)] == [37, 28]
    lines = [p.text for p in word.paragraphs if p.text]
    assert lines[0] == "示例县青山镇人民政府"  # the issuing body
    if number:
        assert lines[1] == number
    assert any(title in line for line in lines)
    assert f"{addressee}：" in lines
    assert lines[-2:] == ["示例县青山镇人民政府", date]  # 落款 and date, last
    # The closing is kept with the last lines of the body.
    closing = [p for p in word.paragraphs if p.text][-3]
    assert closing.paragraph_format.keep_with_next

    reader = PdfReader(io.BytesIO(documents.pdf(doc)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == A4_POINTS
    text = reader.pages[0].extract_text().replace(" ", "")
    for expected in (title, date, "示例县青山镇人民政府", number):
        assert expected in text


def test_the_third_party_letter_names_no_applicant(town):
    req = _through_every_notice(town)
    doc = documents.compose(req, documents.CONSULTATION)
    text = "".join(doc.body) + doc.addressee
    assert "张桂芳" not in text and req.contact_phone not in text
    assert "2026年3月31日" in text  # 15 working days from 10 March


def test_the_receipt_carries_the_tracking_code_and_a_qr_code(town):
    req = _through_every_notice(town)
    doc = documents.compose(req, documents.RECEIPT)
    assert req.tracking_code in "".join(doc.body)
    assert doc.qr_data.endswith(f"/applications/track/?code={req.tracking_code}")
    assert "<svg" in documents.html(doc)
    word = Document(io.BytesIO(documents.docx(doc)))
    assert len(word.inline_shapes) == 1


def test_a_long_notice_keeps_the_seal_with_the_last_lines(town):
    points = "\n".join(
        f"第{n}项：请写明所需信息的名称、文号、形成时间、所涉路段以及希望获取的载体形式和获取方式。"
        for n in range(1, 16)
    )
    req = _through_every_notice(town, corrections=points)
    reader = PdfReader(io.BytesIO(documents.pdf(documents.compose(req, documents.CORRECTION))))
    assert len(reader.pages) >= 2
    last = reader.pages[-1].extract_text().replace(" ", "").replace("\n", "")
    assert "二〇二六年三月四日" in last and "示例县青山镇人民政府" in last
    assert "在线" in last and "当面" in last  # the body's last paragraph is on the same page


def test_staff_download_the_notices_from_the_application_page(client, town):
    req = _through_every_notice(town)
    clerk = member(town, Role.CLERK)
    client.login(username=clerk.username, password=PASSWORD)
    page = client.get(reverse("info_requests:detail", args=[req.tracking_code])).content.decode()
    for kind in documents.KINDS:
        assert reverse("info_requests:notice", args=[req.tracking_code, kind, "pdf"]) in page
    pdf = client.get(reverse("info_requests:notice", args=[req.tracking_code, "fee", "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    missing = received(town, RECEIVED)
    url = reverse("info_requests:notice", args=[missing.tracking_code, "fee", "docx"])
    assert client.get(url).status_code == 404


# The Word files, laid out by LibreOffice, fit one A4 page like the PDFs.
@pytest.mark.parametrize("kind", [documents.RECEIPT, documents.FEE])
def test_a_short_notice_in_word_is_one_a4_page(town, kind, tmp_path):
    req = _through_every_notice(town)
    source = tmp_path / f"{kind}.docx"
    source.write_bytes(documents.docx(documents.compose(req, kind)))
    subprocess.run(
        [
            "soffice",
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
        timeout=120,
    )
    reader = PdfReader(io.BytesIO((tmp_path / f"{kind}.pdf").read_bytes()))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == A4_POINTS
