"""Signing up for a meeting on a 360-pixel phone, in Chromium, on the real server: from the
home page to the meeting, the form, the confirmation; nothing scrolls sideways; axe finds
no WCAG 2.1 AA violation on the way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from gongkai.portal.tests.test_browser_portal import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.server]

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_signing_up_for_a_meeting_on_a_phone(demo_server, chromium):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    phone = context.new_page()
    try:
        phone.goto(demo_server + "/")
        phone.get_by_role("link", name="会议公开").first.click()
        expect(phone.get_by_role("heading", name="近期会议")).to_be_visible()
        fits(phone)
        assert axe_violations(phone) == []
        phone.get_by_role("link", name="青山镇农村生活垃圾收运处置费标准说明会").click()
        expect(phone.get_by_role("heading", level=1)).to_contain_text("说明会")
        fits(phone)
        assert axe_violations(phone) == []
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SCREENSHOTS / "meeting-360.png"), full_page=True)
        phone.get_by_label("姓名").fill("赵春燕")
        phone.get_by_label("联系电话").fill("139 0731 8866")
        phone.get_by_role("button", name="报名").click()
        expect(phone.get_by_text("报名成功")).to_be_visible()
        expect(phone.get_by_text("139****8866")).to_be_visible()
        fits(phone)
        assert axe_violations(phone) == []
        phone.screenshot(path=str(SCREENSHOTS / "meeting-signed-up-360.png"), full_page=True)
        # The same number again is told, beside the field.
        phone.get_by_role("link", name="青山镇农村生活垃圾收运处置费标准说明会").click()
        phone.get_by_label("姓名").fill("赵春燕")
        phone.get_by_label("联系电话").fill("13907318866")
        phone.get_by_role("button", name="报名").click()
        expect(phone.get_by_text("该电话号码已报名参加本次会议。")).to_be_visible()
    finally:
        context.close()
