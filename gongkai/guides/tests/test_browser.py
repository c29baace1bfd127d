"""In Chromium, on the demo: the finance office's clerk prints the service guide from the staff
index, and a villager on a phone downloads the desk card from the public page."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pymupdf
import pytest
from playwright.sync_api import expect

from .conftest import flat, qr_codes

pytestmark = [pytest.mark.browser, pytest.mark.server]

TITLE = "青山镇财政所惠民惠农财政补贴资金“一卡通”业务办事指南"


def download(page, link_name: str) -> bytes:
    """What the link gives, fetched with the page's cookies (Chromium's own PDF viewer would
    stand between the test and the file)."""
    href = page.get_by_role("link", name=link_name).first.get_attribute("href")
    response = page.request.get(urljoin(page.url, href))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    return response.body()


def test_the_clerk_prints_the_guide_and_a_villager_gets_the_card(
    demo_server, chromium, sign_in
) -> None:
    clerk = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    sign_in(clerk, "qingshan_czs_clerk")
    clerk.get_by_role("navigation").get_by_role("link", name="办事指南").click()
    expect(clerk.get_by_role("heading", level=1)).to_have_text("办事指南和桌牌台卡")
    clerk.wait_for_load_state("networkidle")
    row = clerk.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_have_count(1)
    index_no = row.get_by_role("cell").nth(1).inner_text().strip()
    assert re.fullmatch(r"10000202X/\d{4}-\d{5}", index_no)

    guide = download(clerk, "办事指南（PDF）")
    with pymupdf.open(stream=guide, filetype="pdf") as opened:
        assert opened.page_count == 1
        text = flat(opened[0].get_text())
    assert flat(TITLE) in text
    for heading in ("办事依据", "办事职责", "办事程序", "办事期限", "监督方法"):
        assert heading in text
    [url] = qr_codes(guide)
    assert url.endswith(f"/info/{index_no}/")

    villager = chromium.new_context(
        locale="zh-CN", viewport={"width": 360, "height": 740}, is_mobile=True
    ).new_page()
    villager.goto(demo_server + f"/info/{index_no}/")
    expect(villager.get_by_role("heading", level=1)).to_contain_text("一卡通")
    villager.wait_for_load_state("networkidle")
    card = download(villager, "桌牌台卡（PDF）")
    with pymupdf.open(stream=card, filetype="pdf") as opened:
        assert opened.page_count == 1
        assert (round(opened[0].rect.width), round(opened[0].rect.height)) == (595, 842)
        assert flat(TITLE) in flat(opened[0].get_text())
    assert qr_codes(card) == [url, url]
