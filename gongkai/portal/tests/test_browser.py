"""A person in Chromium: the portal home, staff sign-in, the back office, and a phone screen."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))


def test_a_clerk_opens_the_portal_signs_in_and_sees_the_back_office(demo_server, page):
    page.goto(demo_server + "/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert "示例县政府信息公开" in page.locator("h1").inner_text()
    expect(page.get_by_role("heading", name="乡镇")).to_be_visible()
    expect(page.get_by_text("示例县青山镇人民政府").first).to_be_visible()

    page.get_by_role("link", name="工作人员登录").click()
    page.get_by_label("用户名").fill("qingshan_clerk")
    page.get_by_label("密码").fill("Gongkai-demo-2026")
    page.get_by_role("button", name="登录").click()

    page.wait_for_url(demo_server + "/staff/")
    expect(page.get_by_role("heading", name="我的单位")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="示例县青山镇人民政府")
    assert "经办人" in row.inner_text()
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def test_a_wrong_password_is_explained_in_the_browser(demo_server, page):
    page.goto(demo_server + "/staff/sign-in/")
    page.get_by_label("用户名").fill("qingshan_reviewer")
    page.get_by_label("密码").fill("not the password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_have_text(re.compile(r"^\s*用户名或密码不正确"))


def test_the_home_page_fits_a_360_pixel_phone_screen(demo_server, chromium):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    phone = context.new_page()
    try:
        phone.goto(demo_server + "/")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 360
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SCREENSHOTS / "home-360.png"), full_page=True)
    finally:
        context.close()


def test_the_skip_link_is_the_first_stop_for_the_keyboard(demo_server, page):
    page.goto(demo_server + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "跳到主要内容"
