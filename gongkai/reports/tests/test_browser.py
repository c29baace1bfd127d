"""In Chromium, on the demo server: a township clerk opens the report and finds it filled,
enters a count, writes the text; a reviewer double-clicks publish; a villager on a phone reads
the report and downloads the PDF."""

from __future__ import annotations

import sqlite3

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_a_township_writes_publishes_and_a_villager_reads_its_annual_report(
    demo_server, chromium, sign_in
):
    staff = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    clerk = staff.new_page()
    sign_in(clerk, "baishui_clerk")
    clerk.get_by_role("link", name="年度报告").first.click()
    section = clerk.get_by_role("region", name="示例县白水乡人民政府")
    section.get_by_label("年度").fill("2025")
    section.get_by_role("button", name="打开年度报告").click()
    expect(
        clerk.get_by_role("heading", name="示例县白水乡人民政府2025年政府信息公开工作年度报告")
    ).to_be_visible()
    expect(clerk.get_by_text("所有一致性检查均已通过。")).to_be_visible()

    clerk.get_by_role("link", name="填报和更正数据").click()
    clerk.get_by_label("行政许可 · 本年处理决定数量").fill("-1")
    clerk.get_by_role("button", name="保存数据").click()
    expect(clerk.get_by_text("数量不能为负数。")).to_be_visible()
    clerk.get_by_label("行政许可 · 本年处理决定数量").fill("6")
    clerk.get_by_role("button", name="保存数据").click()
    expect(clerk.get_by_text("数据已保存。")).to_be_visible()

    clerk.get_by_role("link", name="撰写正文").click()
    clerk.get_by_label("五、存在的主要问题及改进情况").fill(
        "一是村级公开栏更新不够及时；下一步将按季度检查。"
    )
    clerk.get_by_role("button", name="保存正文").click()
    expect(clerk.get_by_text("正文已保存。")).to_be_visible()
    staff.close()

    staff = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    reviewer = staff.new_page()
    sign_in(reviewer, "baishui_reviewer")
    reviewer.get_by_role("link", name="年度报告").first.click()
    reviewer.get_by_role("link", name="2025年度报告").click()
    # The secrecy review comes first: the browser will not send the form without it.
    for label in (
        "不涉及国家秘密和工作秘密。",
        "未转发上级机关不予公开的文件。",
        "未公开法律允许范围以外的个人信息。",
    ):
        expect(reviewer.get_by_label(label)).to_have_attribute("required", "")
        reviewer.get_by_label(label).check()
    reviewer.get_by_role("button", name="发布报告").dblclick()
    # The second click's answer may still be on its way: wait for the page to settle.
    reviewer.wait_for_load_state("networkidle")
    # Publishing makes the Word and PDF files and seals them: give it time on a busy machine.
    expect(reviewer.locator(".report-status .badge").first).to_have_text("已发布", timeout=60_000)
    expect(reviewer.get_by_role("link", name="已在年度报告栏目发布", exact=False)).to_be_visible()
    staff.close()

    with sqlite3.connect(demo_server.database) as db:
        (published,) = db.execute(
            "select count(*) from core_auditevent where action = 'annual_report:published'"
            " and target_repr like '%白水乡%'"
        ).fetchone()
    assert published == 1

    phone = chromium.new_context(
        locale="zh-CN", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    villager = phone.new_page()
    villager.goto(demo_server + "/")
    villager.get_by_role("link", name="年度报告", exact=True).click()
    villager.get_by_role("link", name="示例县白水乡人民政府2025年政府信息公开工作年度报告").click()
    expect(villager.get_by_text("一是村级公开栏更新不够及时")).to_be_visible()
    expect(villager.get_by_role("cell", name="6", exact=True).first).to_be_visible()
    width = villager.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # the wide tables scroll inside their own box
    with villager.expect_download() as download:
        villager.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    phone.close()
