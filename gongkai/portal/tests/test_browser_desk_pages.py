"""In Chromium, the pages that came with the clerk's desk and the portal's conventions: axe
finds no WCAG 2.1 AA violation on the staff's meeting pages (list, draft, change, the meeting)
and the village pages (staff and public); on a 360-pixel phone the catalog collapses the
items with nothing published behind one line and never scrolls sideways (screenshot kept)."""

from __future__ import annotations

import re
import sqlite3

import pytest
from playwright.sync_api import expect

from gongkai.publishing.tests.test_browser import SCREENSHOTS, field, person

from .test_browser_portal import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.server]


def _one(demo_server, sql: str, *args) -> tuple:
    with sqlite3.connect(demo_server.database) as db:
        return db.execute(sql, args).fetchone()


def clean(page, failures: dict) -> None:
    found = axe_violations(page)
    if found:
        failures[page.url] = found


def test_the_staff_meeting_pages_pass_axe(demo_server, chromium):
    context, clerk = person(chromium, demo_server, "qingshan_clerk")
    failures: dict = {}
    try:
        clerk.goto(demo_server + "/staff/meetings/")
        clean(clerk, failures)
        clerk.get_by_role("link", name=re.compile("起草会议公告")).first.click()
        clean(clerk, failures)
        field(clerk, "会议主题").fill("青山镇2027年民生实事项目征求意见座谈会（浏览器测试）")
        field(clerk, "地点").fill("青山镇人民政府三楼会议室")
        field(clerk, "参会方式").fill("在本网站报名，请携带身份证。")
        field(clerk, "公众席位").fill("20")
        clerk.locator("input[name=starts_at]").fill("2027-03-18T09:30")
        clerk.get_by_role("button", name="保存草稿").click()
        expect(clerk.get_by_text("已保存草稿")).to_be_visible()
        clean(clerk, failures)  # the draft, with its "change" link
        clerk.get_by_role("link", name="修改草稿").click()
        expect(clerk.get_by_role("heading", level=1)).to_have_text("修改会议公告草稿")
        clean(clerk, failures)
        field(clerk, "公众席位").fill("30")
        clerk.get_by_role("button", name="保存草稿").click()
        expect(clerk.get_by_text("草稿已修改")).to_be_visible()
        expect(clerk.locator("main")).to_contain_text("30")
        held = _one(
            demo_server,
            "select m.id from meetings_meeting m join core_unit u on u.id = m.unit_id "
            "where u.short_name = '青山镇' and m.status = 'announced' order by m.starts_at limit 1",
        )
        clerk.goto(f"{demo_server}/staff/meetings/{held[0]}/")
        clean(clerk, failures)
    finally:
        context.close()
    assert failures == {}


def test_the_village_pages_pass_axe(demo_server, chromium):
    village = _one(
        demo_server,
        "select org_code from core_unit where kind = 'village' and name like '%桃源村%'",
    )[0]
    failures: dict = {}
    context = chromium.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    phone = context.new_page()
    try:
        for path in ("/my-village/", f"/disclosure/{village}/"):
            phone.goto(demo_server + path)
            clean(phone, failures)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path
    finally:
        context.close()
    context, clerk = person(chromium, demo_server, "baishui_v2_clerk")
    try:
        clerk.goto(demo_server + "/staff/villages/")
        clean(clerk, failures)
        statement = clerk.locator("main a[href*='/staff/villages/statements/']").first
        if statement.count():
            statement.click()
            clean(clerk, failures)
    finally:
        context.close()
    assert failures == {}


def test_the_catalog_on_a_phone_collapses_the_empty_items(demo_server, chromium):
    township = _one(
        demo_server,
        "select org_code from core_unit where kind = 'township' and short_name = '青山镇'",
    )[0]
    context = chromium.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    phone = context.new_page()
    try:
        phone.goto(f"{demo_server}/catalog/{township}/")
        expect(phone.get_by_role("heading", level=1)).to_contain_text("青山镇")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        collapsed = phone.locator("details.empty-items")
        expect(collapsed.first).to_be_visible()
        for index in range(collapsed.count()):
            block = collapsed.nth(index)
            summary = block.locator("summary").inner_text()
            count = int(re.fullmatch(r"暂无信息的事项（(\d+)）", summary.strip()).group(1))
            assert count == block.locator("li").count() > 0
            assert block.get_attribute("open") is None
            expect(block.locator("li").first).to_be_hidden()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SCREENSHOTS / "catalog-360.png"), full_page=True)
        # The items with publications are the page; the screen is not a wall of empty items.
        height = phone.evaluate("document.documentElement.scrollHeight")
        first = collapsed.first
        first.locator("summary").click()
        expect(first.locator("li").first).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollHeight") > height
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        assert axe_violations(phone) == []
    finally:
        context.close()
