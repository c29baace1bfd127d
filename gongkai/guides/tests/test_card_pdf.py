"""The desk card: an A4 sheet folded into a tent, the same face on both sides of the fold."""

from __future__ import annotations

import pymupdf

from gongkai.core import actions as core_actions
from gongkai.core import qr
from gongkai.guides import documents

from .conftest import LONG_SERVICE, flat, pdf_text, publish_matter, qr_codes


def test_the_card_is_one_a4_portrait_sheet(matter) -> None:
    document = documents.card_pdf(matter)
    with pymupdf.open(stream=document, filetype="pdf") as opened:
        assert opened.page_count == 1
        page = opened[0]
        assert (round(page.rect.width), round(page.rect.height)) == (595, 842)


def test_each_face_shows_the_matter_the_office_the_duty_the_time_limit_and_phones(
    matter,
) -> None:
    version = matter.current
    document = documents.card_pdf(matter)
    with pymupdf.open(stream=document, filetype="pdf") as opened:
        page = opened[0]
        middle = page.rect.height / 2
        faces = [
            page.get_text(clip=pymupdf.Rect(0, 0, page.rect.width, middle)),
            page.get_text(clip=pymupdf.Rect(0, middle, page.rect.width, page.rect.height)),
        ]
    for face in map(flat, faces):
        assert flat(version.title) in face
        assert "办理单位：青山镇财政所" in face
        assert "办事职责：" + flat(version.duty) in face
        assert "办事期限：" + flat(version.time_limit) in face
        assert "咨询电话：0738-8801011" in face
        assert "监督电话：0738-8801009" in face
        assert matter.index_no in face


def test_the_upper_face_is_printed_upside_down(matter) -> None:
    with pymupdf.open(stream=documents.card_pdf(matter), filetype="pdf") as opened:
        page = opened[0]
        middle = page.rect.height / 2
        title = flat(matter.current.title)[:6]
        directions = {
            "upper" if line["bbox"][1] < middle else "lower": line["dir"]
            for block in page.get_text("dict")["blocks"]
            for line in block.get("lines", [])
            if title in flat("".join(span["text"] for span in line["spans"]))
        }
    assert directions["lower"] == (1.0, 0.0)
    assert directions["upper"] == (-1.0, 0.0)


def test_both_qr_codes_lead_to_the_publication_page(matter) -> None:
    url = qr.absolute_url(matter.get_absolute_url())
    assert qr_codes(documents.card_pdf(matter)) == [url, url]


def test_a_long_responsibility_is_shortened_on_the_card_only_when_it_must_be(world) -> None:
    duty = LONG_SERVICE["duty"] * 4
    publication = publish_matter(world, service={**LONG_SERVICE, "duty": duty})
    document = documents.card_pdf(publication)
    [text] = pdf_text(document)
    assert documents.page_count(document) == 1
    assert flat(duty) not in flat(text)
    assert flat(documents.shortened(duty, documents.CARD_DUTY_CHARS)) in flat(text)
    assert documents.shortened(duty, documents.CARD_DUTY_CHARS).endswith("…")
    # The guide prints it in full.
    assert flat(duty) in flat("".join(pdf_text(documents.guide_pdf(publication))))


def test_without_a_supervision_phone_the_card_shows_the_supervision_method(world) -> None:
    publication = publish_matter(world)
    core_actions.update_unit(world.township, by=None, supervision_phone="")
    publication.unit.refresh_from_db()
    assert publication.unit.supervision_phone_in_force() == ""
    [text] = pdf_text(documents.card_pdf(publication))
    assert "监督方法：" + flat(publication.current.supervision) in flat(text)
