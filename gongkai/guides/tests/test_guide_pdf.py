"""The one-page service guide: every element, the process chart, the QR code and the seal."""

from __future__ import annotations

import pymupdf
from django.core.cache import cache
from django.utils.timezone import localdate, localtime

from gongkai.core import actions as core_actions
from gongkai.core import pdf, qr
from gongkai.guides import documents, procedure
from gongkai.publishing import actions
from gongkai.publishing.models import SERVICE_FIELDS

from .conftest import LONG_SERVICE, flat, pdf_text, publish_matter, qr_codes

HEADINGS = [
    "办事依据",
    "办事职责",
    "办事条件",
    "办事程序",
    "办事纪律",
    "办事结果",
    "办事期限",
    "监督方法",
]


def test_the_guide_carries_the_title_every_element_and_where_to_go(matter) -> None:
    version = matter.current
    [text] = pdf_text(documents.guide_pdf(matter))
    text = flat(text)
    assert flat(version.title) in text
    assert "办事指南" in text
    for heading in HEADINGS:
        assert heading in text
    for name in SERVICE_FIELDS:
        if name == "procedure":
            continue  # drawn as the process chart, step by step: see below
        assert flat(getattr(version, name)) in text, name
    # Where to go and whom to call, from the office's contact details.
    assert "示例县青山镇政府大院1号楼" in text
    assert "0738-8801011" in text
    assert "示例县青山镇人民政府" in text and "青山镇财政所" in text
    # The township's supervision phone, as the office records none of its own.
    assert "监督电话：0738-8801009" in text
    assert f"索引号：{matter.index_no}" in text
    assert f"发布日期：{localtime(version.published_at):%Y-%m-%d}" in text


def test_the_guide_prints_the_seal_of_the_current_version(matter) -> None:
    [text] = pdf_text(documents.guide_pdf(matter))
    head = matter.current.content_hash[:16]
    assert len(head) == 16
    assert head in flat(text)
    assert flat(qr.absolute_url(f"/info/{matter.index_no}/verify/")) in flat(text)


def test_the_process_chart_shows_the_steps_in_order_and_ends_with_the_time_limit(
    long_matter,
) -> None:
    version = long_matter.current
    [text] = pdf_text(documents.guide_pdf(long_matter))
    text = flat(text)
    chart = procedure.split(version.procedure)
    assert len(chart.steps) == 7
    assert flat(chart.lead) in text
    at = text.index(flat(chart.lead))
    for number, step in enumerate(chart.steps, start=1):
        found = text.find(flat(step), at)
        assert found > at, f"step {number} ({step}) is missing or out of order"
        assert text[found - len(str(number)) : found] == str(number)
        at = found
    # The chart ends with the time limit, after the last step and before the next element.
    end = text.find("办结时限：" + flat(version.time_limit), at)
    assert end > at
    assert text.find("办事纪律", at) > end


def test_short_steps_run_in_a_row_and_long_ones_in_a_column(matter, long_matter) -> None:
    assert documents.context(matter)["chart_layout"] == "row"
    assert documents.context(long_matter)["chart_layout"] == "column"


def assert_one_a4_page(document: bytes) -> None:
    assert documents.page_count(document) == 1
    with pymupdf.open(stream=document, filetype="pdf") as opened:
        width, height = opened[0].rect.width, opened[0].rect.height
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points


def test_the_demo_matter_fits_exactly_one_page(matter) -> None:
    assert_one_a4_page(documents.guide_pdf(matter))


def test_a_long_realistic_matter_fits_exactly_one_page(long_matter) -> None:
    assert_one_a4_page(documents.guide_pdf(long_matter))


def body_size(document: bytes) -> float:
    """The type size most of the page's characters are printed in."""
    sizes: dict[float, int] = {}
    with pymupdf.open(stream=document, filetype="pdf") as opened:
        for block in opened[0].get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    size = round(span["size"], 1)
                    sizes[size] = sizes.get(size, 0) + len(span["text"])
    return max(sizes, key=sizes.get)


def test_longer_content_is_printed_smaller_to_stay_on_one_page(matter, long_matter) -> None:
    short = body_size(documents.guide_pdf(matter))
    long = body_size(documents.guide_pdf(long_matter))
    assert short == documents.LEVELS[0]
    assert documents.LEVELS[-1] <= long < short


def test_content_too_long_for_a_page_is_printed_in_full_on_more(world) -> None:
    service = {**LONG_SERVICE, "conditions": LONG_SERVICE["conditions"] * 8}
    publication = publish_matter(world, service=service, title="超长办事指南")
    document = documents.guide_pdf(publication)
    pages = pdf_text(document)
    assert len(pages) == 2
    assert flat(service["conditions"]) in flat("".join(pages))
    assert flat(LONG_SERVICE["supervision"]) in flat("".join(pages))
    assert "1/2" in flat(pages[0])


def test_the_chinese_text_is_in_an_embedded_cjk_font(matter) -> None:
    with pymupdf.open(stream=documents.guide_pdf(matter), filetype="pdf") as opened:
        fonts = opened.get_page_fonts(0)
    names = [font[3] for font in fonts]
    assert any("NotoSansCJK" in name.replace("-", "") for name in names), names
    # Embedded: the font program is in the file (an extension), not left to the reader.
    assert all(font[1] != "n/a" for font in fonts)


def test_the_qr_code_leads_to_the_publication_page(matter) -> None:
    url = qr.absolute_url(matter.get_absolute_url())
    assert url.endswith(f"/info/{matter.index_no}/")
    assert qr_codes(documents.guide_pdf(matter)) == [url]


def test_an_amended_matter_prints_its_new_version(world, matter) -> None:
    actions.edit(
        matter,
        by=world.office_clerk,
        today=localdate(matter.current.published_at),
        change_reason="调整办结时限",
        time_limit="材料齐全的，3个工作日内办结复核。",
    )
    # While the amendment is written, the guide still prints the published version.
    assert "5个工作日内办结复核" in flat(pdf_text(documents.guide_pdf(matter))[0])
    world.publish(matter)
    assert matter.current.number == 2
    [text] = pdf_text(documents.guide_pdf(matter))
    assert "3个工作日内办结复核" in flat(text)
    assert "5个工作日内办结复核" not in flat(text)
    assert "第2版" in flat(text)
    assert matter.current.content_hash[:16] in flat(text)


def test_the_guide_is_made_once_and_again_when_the_offices_details_change(
    world, matter, monkeypatch
) -> None:
    cache.clear()  # another test may have made this very guide already
    made = []
    from_html = pdf.from_html
    monkeypatch.setattr(pdf, "from_html", lambda html: made.append(1) or from_html(html))
    first = documents.guide_pdf(matter)
    assert documents.guide_pdf(matter) == first
    assert len(made) == 1
    core_actions.update_unit(world.office, by=None, phone="0738-8801012")
    matter.unit.refresh_from_db()
    [text] = pdf_text(documents.guide_pdf(matter))
    assert len(made) == 2
    assert "0738-8801012" in flat(text)
