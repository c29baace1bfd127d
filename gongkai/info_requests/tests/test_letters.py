"""The reply letter as Word and PDF carries the same Chinese text, with the review notice."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from gongkai.core.tests.factories import PASSWORD
from gongkai.info_requests import actions

from .factories import people, received, tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def replied(client):
    units = tree()
    staff = people(units)
    req = received(units["township"], localdate())
    actions.reply(
        req,
        by=staff["clerk"],
        date=localdate(),
        today=localdate(),
        outcome="third_party_rights",
        legal_basis="《中华人民共和国政府信息公开条例》第十五条",
        reasons="所申请信息涉及第三方商业秘密，第三方不同意公开。",
    )
    actions.sign_off(req, by=staff["leader"], date=localdate(), today=localdate())
    assert client.login(username=staff["clerk"].username, password=PASSWORD)
    return req, units


def get(client, req, kind: str) -> bytes:
    url = reverse("info_requests:letter_file", args=[req.tracking_code, kind])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return response.content


def test_the_pdf_letter_carries_the_chinese_text(client, replied):
    from pypdf import PdfReader

    req, units = replied
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(get(client, req, "pdf"))).pages
    )
    text = "".join(text.split())  # line breaks fall anywhere in Chinese
    assert "政府信息公开申请答复告知书" in text
    assert "不予公开（保护第三方合法权益）" in text
    assert "所申请信息涉及第三方商业秘密" in text
    assert f"自收到之日起60日内向{units['county'].name}申请行政复议" in text
    assert "应当先申请行政复议" in text


def test_the_word_letter_opens_and_says_the_same(client, replied):
    from docx import Document

    req, units = replied
    document = Document(io.BytesIO(get(client, req, "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.startswith(f"{req.unit.name}\n政府信息公开申请答复告知书")
    assert "不予公开（保护第三方合法权益）" in text
    assert f"向{units['county'].name}申请行政复议" in text


def test_no_letter_before_the_reply(client):
    units = tree()
    staff = people(units)
    req = received(units["township"], localdate())
    client.login(username=staff["clerk"].username, password=PASSWORD)
    assert (
        client.get(
            reverse("info_requests:letter_file", args=[req.tracking_code, "pdf"])
        ).status_code
        == 404
    )


def test_the_word_letter_opens_in_libreoffice(client, replied, libreoffice_text):
    req, units = replied
    text = "".join(libreoffice_text(get(client, req, "docx"), "letter.docx").split())
    assert "政府信息公开申请答复告知书" in text
    assert "所申请信息涉及第三方商业秘密" in text
    assert f"向{units['county'].name}申请行政复议" in text


def _letter_texts(client, req) -> tuple[str, str]:
    from docx import Document
    from pypdf import PdfReader

    pdf = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(get(client, req, "pdf"))).pages
    )
    word = "\n".join(p.text for p in Document(io.BytesIO(get(client, req, "docx"))).paragraphs)
    return "".join(pdf.split()), "".join(word.split())


@pytest.mark.parametrize(
    ("data", "printed"),
    [
        (
            {"outcome": "disclosed", "already_public": True, "where": "示例县人民政府门户网站"},
            ["已经主动公开", "获取方式和途径：示例县人民政府门户网站"],
        ),
        (
            {
                "outcome": "not_held",
                "reasons": "经检索，本机关未制作或保存该信息。",
                "responsible_body": "示例县自然资源局",
            },
            ["负责公开该信息的机关为示例县自然资源局", "向示例县人民法院提起行政诉讼", "六个月"],
        ),
        (
            {"outcome": "other", "reasons": "申请人已撤回申请。"},
            ["申请人已撤回申请", "60日内向示例县人民政府申请行政复议"],
        ),
        (
            {
                "outcome": "state_secret",
                "reasons": "所申请信息经依法确定为国家秘密。",
                "legal_basis": "《中华人民共和国政府信息公开条例》第十四条",
            },
            ["法律依据：《中华人民共和国政府信息公开条例》第十四条", "15日内依法向示例县人民法院"],
        ),
    ],
)
def test_each_outcomes_letter_says_what_the_law_requires_in_word_and_pdf(client, data, printed):
    units = tree()
    staff = people(units)
    units["county"].name = "示例县人民政府"
    units["county"].save(update_fields=["name"])
    req = received(units["township"], localdate())
    actions.reply(req, by=staff["clerk"], date=localdate(), today=localdate(), **data)
    actions.sign_off(req, by=staff["leader"], date=localdate(), today=localdate())
    assert client.login(username=staff["clerk"].username, password=PASSWORD)
    for text in _letter_texts(client, req):
        for words in printed:
            assert words in text
