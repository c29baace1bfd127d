"""In Chromium: a township clerk prints a sheet, records that it was posted, with a photo, and
a villager sees on the public page where it hangs."""

from __future__ import annotations

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from gongkai.publishing.tests.test_browser import field, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.server]

TITLE = "青山镇2025年财政决算"
PLACE = "青山镇人民政府大院政务公开栏（浏览器测试）"


def test_a_clerk_records_a_posting_and_the_public_page_shows_it(demo_server, chromium, tmp_path):
    photo = tmp_path / "公开栏.jpg"
    Image.new("RGB", (64, 48), (180, 0, 0)).save(photo, format="JPEG")

    clerk_context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    clerk = clerk_context.new_page()
    try:
        sign_in(clerk, demo_server, "qingshan_clerk")
        clerk.get_by_role("link", name="政府信息").first.click()
        clerk.get_by_label("按标题查找").fill(TITLE)
        clerk.get_by_role("button", name="查找").click()
        clerk.get_by_role("link", name=TITLE).first.click()
        expect(clerk.get_by_role("heading", name="公开栏", exact=True)).to_be_visible()

        # The A3 sheet for the board, with the display period the clerk chose.
        detail_url = clerk.url
        panel = clerk.locator(".bulletin-panel")
        panel.get_by_label("A3").check()
        field(panel, "公开期限自").fill("2026-09-01")
        field(panel, "公开期限至").fill("2026-09-30")
        with clerk.expect_response(re.compile(r"/staff/bulletins/sheet/\d+\.pdf")) as answer:
            panel.get_by_role("button", name="打印公开栏清单（PDF）").click()
        assert answer.value.status == 200
        assert answer.value.headers["content-type"] == "application/pdf"
        # Headless Chromium may hand the PDF to a download and detach the tab: carry on in a
        # new tab of the same signed-in browser, as the clerk would.
        clerk.close()
        clerk = clerk_context.new_page()
        clerk.goto(detail_url)

        clerk.get_by_role("link", name="登记张贴").click()
        expect(clerk.get_by_role("heading", name="登记张贴")).to_be_visible()
        field(clerk, "公开栏所属单位").select_option(label="示例县青山镇人民政府")
        field(clerk, "张贴地点").fill(PLACE)
        expect(clerk.get_by_label(re.compile(re.escape(TITLE)))).to_be_checked()
        field(clerk, "张贴照片（JPEG或PNG）").set_input_files(str(photo))
        clerk.get_by_role("button", name="登记张贴").click()
        expect(clerk.locator(".messages")).to_contain_text("张贴已登记。")
        clerk.wait_for_load_state("networkidle")
        expect(clerk.get_by_role("heading", name=PLACE)).to_be_visible()
        assert clerk.get_by_role("img").first.evaluate("img => img.naturalWidth") == 64
    finally:
        clerk_context.close()

    public_context = chromium.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    public = public_context.new_page()
    try:
        public.goto(demo_server + "/")
        public.get_by_role("link", name="公开目录").first.click()
        public.get_by_role("link", name="示例县青山镇人民政府").first.click()
        public.get_by_role("link", name=TITLE).first.click()
        public.wait_for_load_state("networkidle")
        postings = public.locator(".bulletin-postings")
        expect(postings).to_contain_text(f"在{PLACE}张贴公开，目前仍在张贴。")
        assert postings.get_by_role("img").count() == 0
        sheet = postings.get_by_role("link", name="A4（PDF）").get_attribute("href")
        response = public.request.get(demo_server + sheet)
        assert response.status == 200 and response.body().startswith(b"%PDF-")
        assert public.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        public_context.close()
