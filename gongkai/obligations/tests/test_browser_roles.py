"""In Chromium: the reviewer's, the leader's and the application handler's to-do pages, and
the county supervisor from the heat map to a stale column and an oversight order."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from gongkai.publishing.tests.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_the_reviewer_lands_on_the_drafts_waiting_for_review(demo_server, page):
    sign_in(page, demo_server, "qingshan_reviewer")
    expect(page.get_by_role("heading", name="我的待办", level=1)).to_be_visible()
    waiting = page.get_by_role("region", name="等待审核的草稿")
    expect(waiting).to_be_visible()
    # The clerk's queues are not the reviewer's.
    expect(page.get_by_role("region", name="即将到期和已逾期的公开事项")).to_have_count(0)
    draft = waiting.get_by_role("link", name=re.compile("青山镇"))
    expect(draft.first).to_be_visible()
    draft.first.click()
    expect(page.get_by_text("关于调整领导班子成员分工的通知").first).to_be_visible()


def test_the_leader_sees_decisions_to_record_and_overdue_obligations_to_waive(demo_server, page):
    sign_in(page, demo_server, "qingshan_leader")
    decisions = page.get_by_role("region", name="待登记的决定")
    expect(decisions).to_be_visible()
    expect(decisions.get_by_role("link").first).to_be_visible()
    overdue = page.get_by_role("region", name="已逾期的公开义务：公开或免除")
    expect(overdue).to_be_visible()
    overdue.get_by_role("link", name="免除：本期无此事项").first.click()
    expect(page.get_by_role("heading", name="免除公开义务", level=1)).to_be_visible()
    expect(page.get_by_role("textbox", name=re.compile("本期无此事项"))).to_be_visible()
    expect(page.get_by_role("button", name="免除")).to_be_visible()


def test_the_handler_sees_the_applications_by_their_reply_due_date(demo_server, page):
    sign_in(page, demo_server, "qingshan_clerk")
    applications = page.get_by_role("region", name="依申请公开（按答复期限）")
    expect(applications).to_be_visible()
    due = applications.locator("time").evaluate_all("nodes => nodes.map(n => n.dateTime)")
    assert len(due) >= 2
    assert due == sorted(due)
    applications.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("申请")


def test_the_supervisor_goes_from_the_heat_map_to_a_stale_column_and_orders_the_unit(
    demo_server, page
):
    sign_in(page, demo_server, "county_supervisor")
    heat = page.locator("table.heat-map")
    row = heat.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="青山镇", exact=True)
    )
    row.get_by_role("link", name="栏目").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("青山镇")
    page.get_by_role("link", name="发出督办单").first.click()
    expect(page.get_by_role("heading", name="发出督办单", level=1)).to_be_visible()
    page.get_by_label("督办要求").fill("该栏目长期未更新，请于期限内补充公开并书面说明原因。")
    deadline = dt.date.today() + dt.timedelta(days=15)
    page.get_by_label("办结期限").fill(deadline.isoformat())
    page.get_by_role("button", name="发出").click()
    expect(page.get_by_text("该栏目长期未更新").first).to_be_visible()


def test_the_clerk_records_a_matter_and_sees_its_disclosure_due(demo_server, page):
    sign_in(page, demo_server, "qingshan_clerk")
    page.get_by_role("link", name="为青山镇登记事项").click()
    expect(page.get_by_role("heading", name="登记待公开事项", level=1)).to_be_visible()
    item = page.get_by_label("公开事项")
    choices = item.locator("option").all_text_contents()
    assert any("宅基地" in text for text in choices), choices
    item.select_option(label=next(text for text in choices if "宅基地" in text))
    page.get_by_label("决定或事项发生日期").fill(dt.date.today().isoformat())
    page.get_by_label("事项内容").fill("第六批农村宅基地审批完成（浏览器登记）")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text(re.compile(r"已登记，请于\d{4}-\d{2}-\d{2}前公开"))).to_be_visible()
    due = page.get_by_role("region", name="即将到期和已逾期的公开事项")
    expect(due.get_by_role("row").filter(has_text="第六批农村宅基地审批完成")).to_have_count(1)
