"""On a 360-pixel phone: a villager rates a publication, reports an error and follows it by
code; the township's clerk answers it and approves the comment, which the villager then reads
beside the answer."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from gongkai.publishing.tests.test_browser import field, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.server]

TITLE = "青山镇2025年财政决算"
COMMENT = "决算表很清楚，建议附上三公经费的说明。（浏览器测试）"
REPORT = "决算说明第二段的合计数与表格不一致。（浏览器测试）"


def open_publication(page, base: str) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name="公开目录").first.click()
    page.get_by_role("link", name="示例县青山镇人民政府").first.click()
    page.get_by_role("link", name=TITLE).first.click()


def test_a_villager_rates_reports_and_follows_the_answer(demo_server, page, chromium):
    page.set_viewport_size({"width": 360, "height": 740})
    open_publication(page, demo_server)
    publication_url = page.url

    # Rate it, with a comment.
    page.get_by_role("link", name="评价本条信息").click()
    page.get_by_label("基本满意").check()
    field(page, "留言（选填，经单位审核后公开）").fill(COMMENT)
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator(".messages")).to_contain_text("感谢您的评价")
    assert page.url == publication_url
    # The comment waits for the township to read it.
    expect(page.get_by_text(COMMENT)).to_have_count(0)
    # The same phone again today: refused, with a message.
    page.get_by_role("link", name="评价本条信息").click()
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_role("alert")).to_contain_text("您今天已经评价过了")
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Report an error and keep the code.
    page.goto(publication_url)
    page.get_by_role("link", name="信息有误？我要纠错").click()
    field(page, "哪里有误？").fill(REPORT)
    page.get_by_role("button", name="提交纠错").click()
    expect(page.get_by_role("status")).to_contain_text("纠错已提交")
    code = re.search(r"JC[A-Z0-9]{8}", page.get_by_role("heading", level=1).inner_text()).group(0)
    expect(page.locator(".report-status")).to_contain_text("核实中")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The township's clerk answers the report and approves the comment with an answer.
    staff_context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    clerk = staff_context.new_page()
    try:
        sign_in(clerk, demo_server, "qingshan_clerk")
        clerk.get_by_role("link", name="评议与纠错").first.click()
        clerk.get_by_role("link", name=code).click()
        clerk.get_by_label("经核实，信息无误").check()
        field(clerk, "给纠错人的答复（公开）").fill(
            "经核对，合计数与表格一致，说明中为四舍五入后的数。"
        )
        clerk.get_by_role("button", name="发送答复").click()
        expect(clerk.locator(".messages")).to_contain_text("答复已发送")
        clerk.get_by_role("link", name=re.compile("决算表很清楚")).click()
        clerk.get_by_label("公开显示该留言").check()
        field(clerk, "本单位的公开答复").fill("感谢建议，三公经费说明已在附件中补充。")
        clerk.get_by_role("button", name="保存").click()
        expect(clerk.locator(".messages")).to_contain_text("留言已审核")
    finally:
        staff_context.close()

    # The villager follows the report by its code, and reads the comment with the answer.
    page.goto(demo_server + "/error-reports/")
    field(page, "查询码").fill(code.lower())
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".report-status")).to_contain_text("已答复")
    expect(page.get_by_text("四舍五入")).to_be_visible()
    page.goto(publication_url)
    comment = page.locator(".comment", has_text=COMMENT)
    expect(comment).to_be_visible()
    expect(comment).to_contain_text("感谢建议，三公经费说明已在附件中补充。")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
