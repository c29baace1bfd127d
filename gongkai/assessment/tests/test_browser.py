"""In the browser: the county supervisor reads the ranking, drills down to a township's lost
points, orders a rectification from one of them; the township's clerk answers it with
evidence and the supervisor closes it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from gongkai.publishing.tests.test_browser import field, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.server]

TOWNSHIP = "示例县青山镇人民政府"
INSTRUCTIONS = "逐条核对失分记录，补充公开并建立栏目更新台账。（浏览器测试）"


def test_ranking_drill_down_and_a_rectification_order_end_to_end(demo_server, page, chromium):
    sign_in(page, demo_server, "county_supervisor")
    page.get_by_role("link", name="监督考核").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("年度政务公开考核")
    townships = page.get_by_role("table", name=re.compile("^乡镇"))
    expect(townships.get_by_role("row")).to_have_count(4)  # a header and three townships
    expect(page.get_by_role("table", name=re.compile("^站所"))).to_be_visible()

    # Drill down to the township: every point lost, with the records behind it.
    townships.get_by_role("link", name=TOWNSHIP).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TOWNSHIP)
    for group in ("决策公开", "管理服务公开", "执行和结果公开", "依申请公开", "平台建设"):
        expect(page.get_by_role("heading", name=group, level=2)).to_be_visible()
    # Each group shows its weight in the demo's default scheme and the points lost in it.
    expect(page.locator("p.group-loss").first).to_contain_text("权重20.0分")
    expect(page.locator("p.group-loss")).to_have_count(5)
    scorecard = page.url
    records = page.locator("ul.records a:not(:text('下达整改'))")
    assert records.count() > 0
    page.get_by_role("link", name="下达整改").first.click()

    # Issue the order from that finding: the finding and its record come filled in.
    expect(page.get_by_role("heading", level=1)).to_have_text("下达整改通知")
    assert field(page, "问题").input_value()
    assert field(page, "相关记录链接").input_value().startswith("/staff/")
    field(page, "整改要求").fill(INSTRUCTIONS)
    field(page, "整改期限").fill((dt.date.today() + dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="下达").click()
    expect(page.locator(".messages")).to_contain_text("整改通知已下达")
    expect(page.locator(".order-status")).to_have_text("待单位反馈整改情况")
    order_url = page.url

    # The township's clerk answers with a publication as evidence.
    staff = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    clerk = staff.new_page()
    try:
        sign_in(clerk, demo_server, "qingshan_clerk")
        clerk.goto(demo_server + "/staff/publications/")
        clerk.goto(order_url)
        expect(clerk.get_by_text(INSTRUCTIONS)).to_be_visible()
        field(clerk, "整改情况").fill("已补充公开并建立栏目更新台账，由党政办每周检查。")
        clerk.get_by_role("button", name="提交整改反馈").click()
        expect(clerk.locator(".messages")).to_contain_text("整改情况已提交")
        expect(clerk.locator(".order-status")).to_contain_text("已反馈")
        # The clerk reads the own scorecard, not the ranking of the county.
        clerk.get_by_role("link", name="监督考核").first.click()
        expect(clerk.get_by_role("heading", level=1)).to_contain_text(TOWNSHIP)
    finally:
        staff.close()

    # The supervisor checks the answer and closes the order, which stays on record.
    page.goto(order_url)
    page.get_by_label("整改到位，予以销号").check()
    field(page, "意见说明").fill("整改到位。")
    page.get_by_role("button", name="保存审核意见").click()
    expect(page.locator(".order-status")).to_contain_text("销号")
    page.get_by_role("link", name="整改通知").first.click()
    closed = page.get_by_role("heading", name="已销号").locator("xpath=following-sibling::ul[1]")
    expect(closed).to_contain_text(TOWNSHIP)
    page.goto(scorecard)
    expect(page.get_by_role("heading", name="整改通知", level=2)).to_be_visible()
