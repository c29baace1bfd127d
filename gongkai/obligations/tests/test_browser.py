"""In Chromium: the clerk's to-do page, and the county supervisor's heat map and drill-down."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from gongkai.publishing.tests.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_the_clerk_signs_in_to_what_is_due_and_overdue(demo_server, chromium):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 360, "height": 800})
    page = context.new_page()
    sign_in(page, demo_server, "qingshan_clerk")
    expect(page.get_by_role("heading", name="我的待办", level=1)).to_be_visible()
    due = page.get_by_role("region", name="即将到期和已逾期的公开事项")
    expect(due).to_be_visible()
    expect(due.get_by_text("已逾期").first).to_be_visible()
    expect(page.get_by_role("heading", name="退回修改的草稿")).to_be_visible()
    expect(page.get_by_role("heading", name="我的单位")).to_be_visible()
    # The clerk writes the overdue disclosure straight from the list.
    due.get_by_role("link", name="起草").first.click()
    expect(page.get_by_role("textbox", name=re.compile(r"^标题[:：]?$"))).to_be_visible()
    context.close()


def test_the_county_supervisor_reads_the_heat_map_and_drills_down(demo_server, chromium):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, demo_server, "county_supervisor")
    heat = page.locator("table.heat-map")
    expect(heat).to_be_visible()
    row = heat.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="白水乡", exact=True)
    )
    expect(row).to_have_count(1)
    row.locator("td.hm-overdue a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("公开义务")
    table = page.locator("table.obligations")
    expect(table).to_be_visible()
    expect(table.get_by_text("已逾期").first).to_be_visible()
    expect(table.get_by_role("link", name="发出督办单").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载Excel（.xlsx）").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    context.close()
