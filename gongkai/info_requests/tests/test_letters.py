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
