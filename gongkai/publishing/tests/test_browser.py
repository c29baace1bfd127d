"""In Chromium: a clerk writes a publication with an attachment and a table, a reviewer
double-clicks publish, and a villager on a phone finds it in the catalog tree."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from gongkai.core.demo import DEMO_PASSWORD

from .files import _pdf

pytestmark = [pytest.mark.browser, pytest.mark.server]

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))
TITLE = "2026年第二季度城乡低保对象名单公示（浏览器测试）"


def field(page, label: str):
    """The form field a person finds by its label (Django adds a colon to labels)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}[:：]?$"))


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/staff/sign-in/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + "/staff/")


def start_draft(page, *, item: str, title: str, summary: str, body: str, topic: str, period: str):
    """From the staff home: a new publication under the catalog item, its fields filled."""
    page.get_by_role("link", name="政府信息").first.click()
    page.get_by_role("link", name="青山镇新建政府信息").click()
    field(page, "公开事项").select_option(label=item)
    page.get_by_role("button", name="下一步").click()
    field(page, "标题").fill(title)
    field(page, "内容概述").fill(summary)
    field(page, "正文").fill(body)
    field(page, "主题分类").select_option(label=topic)
    field(page, "涵盖期间").fill(period)


def approve(page) -> None:
    """The reviewer ticks the secrecy-review checklist and approves."""
    for label in (
        "不涉及国家秘密和工作秘密。",
        "未转发上级机关不予公开的文件。",
        "未公开法律允许范围以外的个人信息。",
    ):
        field(page, label).check()
    page.get_by_role("button", name="审核通过", exact=True).click()
    expect(page.get_by_text("草稿已审核通过。")).to_be_visible()


def test_a_clerk_publishes_with_a_table_and_a_villager_finds_it(demo_server, chromium, tmp_path):
    pdf = tmp_path / "公示说明.pdf"
    pdf.write_bytes(_pdf("notice"))
    table = tmp_path / "名单.csv"
    table.write_text(
        "姓名,家庭人口（人）,保障金额（元/月）\n张秀英,3,840\n李建国,1,420\n", encoding="utf-8-sig"
    )

    clerk_context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    clerk = clerk_context.new_page()
    sign_in(clerk, demo_server, "qingshan_clerk")
    start_draft(
        clerk,
        item="社会救助 · 社会救助",
        title=TITLE,
        summary="本季度城乡低保对象名单，只公开姓名、家庭人口和保障金额。",
        body="现将本季度低保对象予以公示，公示期7天。",
        topic="民政、扶贫、救灾",
        period="2026年第二季度",
    )
    field(clerk, "附件").set_input_files(str(pdf))
    field(clerk, "附件标题").fill("低保对象公示说明")
    field(clerk, "表格标题").fill("低保对象名单")
    field(clerk, "表格（CSV或Excel .xlsx）").set_input_files(str(table))
    clerk.get_by_role("button", name="保存草稿").click()
    expect(clerk.get_by_text("草稿已保存。")).to_be_visible()
    draft_url = clerk.url
    assert clerk.get_by_role("link", name="发布", exact=True).count() == 0  # nor the author
    clerk.get_by_role("button", name="提交审核").click()
    expect(clerk.get_by_text("草稿已提交审核。")).to_be_visible()
    clerk_context.close()

    reviewer_context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    reviewer = reviewer_context.new_page()
    sign_in(reviewer, demo_server, "qingshan_reviewer")
    reviewer.goto(draft_url)
    approve(reviewer)
    reviewer.get_by_role("link", name="发布", exact=True).click()
    reviewer.get_by_role("button", name="确认发布").dblclick()
    # The double click posts twice: wait for the answer to the second post to settle before
    # reading the page (reading it while the browser navigates fails).
    expect(reviewer.locator(".messages")).to_contain_text(re.compile("已发布为第1版|已由"))
    reviewer.wait_for_load_state("networkidle")
    index_no = re.search(r"\d{9}/2026-\d{5}", reviewer.content()).group(0)
    reviewer_context.close()

    phone_context = chromium.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    phone = phone_context.new_page()
    try:
        phone.goto(demo_server + "/")
        phone.get_by_role("link", name="公开目录").first.click()
        phone.get_by_role("link", name="示例县青山镇人民政府").first.click()
        phone.get_by_role("link", name=TITLE).click()
        # Waits for the page the link opens (is_visible() would read it before it has loaded).
        expect(phone.get_by_role("heading", name=TITLE)).to_be_visible()
        assert index_no in phone.locator(".metadata").inner_text()
        expect(phone.get_by_role("rowheader", name="张秀英")).to_be_visible()
        expect(phone.get_by_role("columnheader", name="保障金额（元/月）")).to_be_visible()
        expect(phone.get_by_role("link", name="低保对象公示说明")).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SCREENSHOTS / "publication-360.png"), full_page=True)
        with phone.expect_download() as download:
            phone.get_by_role("link", name=re.compile("^下载表格（CSV）")).click()
        assert "张秀英,3,840" in Path(download.value.path()).read_text("utf-8-sig")
    finally:
        phone_context.close()


BUDGET = "青山镇2026年一般公共预算（浏览器测试）"


def person(chromium, base: str, username: str):
    """A browser context (a desk computer) with this demo user signed in, and its page."""
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, base, username)
    return context, page


def test_a_budget_goes_through_return_approval_congress_and_publication(demo_server, chromium):
    clerk_context, clerk = person(chromium, demo_server, "qingshan_clerk")
    reviewer_context, reviewer = person(chromium, demo_server, "qingshan_reviewer")
    leader_context, leader = person(chromium, demo_server, "qingshan_leader")
    try:
        # The clerk writes the budget and submits it.
        start_draft(
            clerk,
            item="财政资金 · 年度财政预算和财政收支情况",
            title=BUDGET,
            summary="2026年一般公共预算收支安排。",
            body="2026年一般公共预算收入1280万元，支出1265万元。",
            topic="财政、金融、审计",
            period="2026年度",
        )
        clerk.get_by_role("button", name="保存草稿").click()
        draft_url = clerk.url
        clerk.get_by_role("button", name="提交审核").click()
        expect(clerk.get_by_text("草稿已提交审核。")).to_be_visible()

        # The reviewer returns it with comments.
        reviewer.goto(draft_url)
        field(reviewer, "退回意见").fill("请补充“三公”经费预算安排。")
        reviewer.get_by_role("button", name="退回经办人").click()
        expect(reviewer.get_by_text("草稿已退回经办人。")).to_be_visible()

        # The clerk sees the comments beside the draft, edits and submits again.
        clerk.goto(draft_url)
        expect(
            clerk.locator(".review-comments").get_by_text("请补充“三公”经费预算安排。")
        ).to_be_visible()
        clerk.get_by_role("link", name="编辑", exact=True).click()
        field(clerk, "正文").fill(
            "2026年一般公共预算收入1280万元，支出1265万元；“三公”经费预算18.6万元。"
        )
        clerk.get_by_role("button", name="保存草稿").click()
        clerk.get_by_role("button", name="提交审核").click()
        expect(clerk.get_by_text("草稿已提交审核。")).to_be_visible()

        # The reviewer approves; publishing waits for the congress.
        reviewer.goto(draft_url)
        approve(reviewer)
        expect(reviewer.get_by_text("须经乡镇人民代表大会审查批准", exact=False)).to_be_visible()
        assert reviewer.get_by_role("link", name="发布", exact=True).count() == 0

        # The leader records the congress approval.
        leader.goto(draft_url)
        field(leader, "会议届次").fill("青山镇第二十届人民代表大会第五次会议")
        field(leader, "会议日期").fill("2026-01-09")
        field(leader, "决议").fill("批准青山镇2026年财政预算")
        leader.get_by_role("button", name="录入人大批准").click()
        expect(leader.get_by_text("人大审查批准已录入。")).to_be_visible()

        # The reviewer publishes; a double click publishes once.
        reviewer.goto(draft_url)
        reviewer.get_by_role("link", name="发布", exact=True).click()
        reviewer.get_by_role("button", name="确认发布").dblclick()
        messages = reviewer.locator(".messages")
        expect(messages).to_contain_text(re.compile(r"\d{9}/2026-\d{5}"))
        reviewer.wait_for_load_state("networkidle")
        index_no = re.search(r"\d{9}/2026-\d{5}", messages.inner_text()).group(0)
        history = reviewer.locator(".history").inner_text()
        for step in ("起草", "提交审核", "退回修改", "审核通过", "录入人大审查批准", "发布"):
            assert step in history

        # Anyone checks the seal.
        public = reviewer.context.new_page()
        code, number = index_no.split("/")
        public.goto(f"{demo_server}/info/{code}/{number}/verify/")
        expect(public.locator(".seal-valid")).to_be_visible()
    finally:
        for context in (clerk_context, reviewer_context, leader_context):
            context.close()


MASKED = "2026年临时救助对象名单（浏览器测试：附件脱敏）"


def test_a_clerk_masks_an_id_number_inside_a_word_attachment(demo_server, chromium, tmp_path):
    from gongkai.publishing import privacy

    from .test_redact import ID, make_docx

    word = tmp_path / "救助名单.docx"
    word.write_bytes(make_docx())
    context, clerk = person(chromium, demo_server, "qingshan_clerk")
    try:
        start_draft(
            clerk,
            item="社会救助 · 社会救助",
            title=MASKED,
            summary="本月临时救助对象名单。",
            body="现将本月临时救助对象予以公示。",
            topic="民政、扶贫、救灾",
            period="2026年7月",
        )
        field(clerk, "附件").set_input_files(str(word))
        field(clerk, "附件标题").fill("临时救助对象名单")
        clerk.get_by_role("button", name="保存草稿").click()
        clerk.get_by_role("button", name="提交审核").click()
        expect(clerk.get_by_text("草稿已提交审核。")).to_be_visible()
        findings = clerk.locator(".findings")
        row = findings.get_by_role("row").filter(has_text=ID).first
        expect(row).to_contain_text("救助名单.docx")
        row.get_by_role("button", name="在文件中遮盖为 1101**********002X").click()
        expect(clerk.locator(".messages")).to_contain_text("已从“救助名单.docx”中删除个人信息")
        clerk.wait_for_load_state("networkidle")
        expect(findings.get_by_role("row").filter(has_text=ID).first).to_contain_text("已屏蔽")
        link = clerk.get_by_role("link", name="临时救助对象名单", exact=True)
        served = clerk.request.get(demo_server + link.get_attribute("href")).body()
        text = "\n".join(t for _where, t in privacy.attachment_text("docx", served))
        assert ID not in text and "王建国" in text
    finally:
        context.close()
