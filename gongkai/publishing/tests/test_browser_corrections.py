"""In Chromium: publishing, a 勘误 and a withdrawal each ask first, say what will happen, and a
double click on the confirm button does it once; axe finds no WCAG 2.1 AA violation on the
correction form and the confirm pages."""

from __future__ import annotations

import re
import sqlite3

import pytest
from playwright.sync_api import expect

from gongkai.portal.tests.test_browser_portal import axe_violations

from .test_browser import approve, field, person, start_draft

pytestmark = [pytest.mark.browser, pytest.mark.server]

TITLE = "2026年第三季度城乡低保资金发放情况（浏览器测试：勘误）"


def events(database: str, pk: int, action: str) -> int:
    with sqlite3.connect(database) as db:
        (count,) = db.execute(
            "SELECT COUNT(*) FROM core_auditevent WHERE action = ? AND target_id = ? "
            "AND target_type = 'publishing.publication'",
            [action, str(pk)],
        ).fetchone()
    return count


def test_publish_correct_and_withdraw_each_confirmed_once(demo_server, chromium):
    clerk_context, clerk = person(chromium, demo_server, "qingshan_clerk")
    reviewer_context, reviewer = person(chromium, demo_server, "qingshan_reviewer")
    try:
        start_draft(
            clerk,
            item="社会救助 · 社会救助",
            title=TITLE,
            summary="本季度城乡低保资金发放情况。",
            body="本季度共发放城乡低保资金126.5万元，惠及低保对象412户。",
            topic="民政、扶贫、救灾",
            period="2026年第三季度",
        )
        clerk.get_by_role("button", name="保存草稿").click()
        draft_url = clerk.url
        pk = int(re.search(r"/publications/(\d+)/", draft_url).group(1))
        clerk.get_by_role("button", name="提交审核").click()
        expect(clerk.locator(".messages")).to_contain_text("草稿已提交审核。")

        # Publishing asks first: who will see it, and that the seal is permanent.
        reviewer.goto(draft_url)
        approve(reviewer)
        reviewer.get_by_role("link", name="发布", exact=True).click()
        confirm = reviewer.locator(".consequences")
        expect(confirm).to_contain_text("所有人")
        expect(confirm).to_contain_text("不能修改或删除")
        assert axe_violations(reviewer) == []
        reviewer.get_by_role("button", name="确认发布").dblclick()
        expect(reviewer.locator(".messages")).to_contain_text(re.compile(r"已发布为第1版|已由"))
        reviewer.wait_for_load_state("networkidle")
        assert events(demo_server.database, pk, "publication:published") == 1

        # The clerk corrects a transposed figure (勘误).
        clerk.goto(draft_url)
        clerk.get_by_role("link", name="勘误（更正错字）").click()
        assert axe_violations(clerk) == []
        field(clerk, "正文").fill("本季度共发放城乡低保资金125.6万元，惠及低保对象412户。")
        field(clerk, "更正内容").fill("“126.5万元”更正为“125.6万元”")
        field(clerk, "更正原因").fill("录入时数字顺序颠倒")
        clerk.get_by_role("button", name="提交勘误审核").click()
        expect(clerk.locator(".messages")).to_contain_text("勘误已作为第2版提交审核")

        # One reviewer sees the change, and publishes it with a double click: once.
        reviewer.goto(draft_url)
        changes = reviewer.locator(".changes")
        expect(changes.locator("del")).to_contain_text("126.5")
        expect(changes.locator("ins")).to_contain_text("125.6")
        reviewer.get_by_role("link", name="发布勘误").click()
        expect(reviewer.locator(".consequences")).to_contain_text("无需集体研究决定")
        assert axe_violations(reviewer) == []  # the changes shown struck and inserted too
        for label in (
            "不涉及国家秘密和工作秘密。",
            "未转发上级机关不予公开的文件。",
            "未公开法律允许范围以外的个人信息。",
        ):
            field(reviewer, label).check()
        reviewer.get_by_role("button", name="发布勘误").dblclick()
        expect(reviewer.locator(".messages")).to_contain_text(re.compile("勘误已发布为第2版|已由"))
        reviewer.wait_for_load_state("networkidle")
        assert events(demo_server.database, pk, "publication:published") == 2
        assert events(demo_server.database, pk, "publication:correction_approved") == 1

        public_url = reviewer.locator(".status-panel a[href^='/info/']").first.get_attribute("href")
        reader = reviewer.context.new_page()
        reader.goto(demo_server + public_url)
        note = reader.locator(".correction-note").first
        expect(note).to_contain_text("“126.5万元”更正为“125.6万元”")
        expect(note).to_contain_text("录入时数字顺序颠倒")
        expect(reader.locator(".versions")).to_contain_text("更正说明")

        # Withdrawing asks first, with the reason; a double click withdraws once.
        reviewer.goto(draft_url)
        reviewer.get_by_role("link", name="撤回", exact=True).click()
        expect(reviewer.locator(".consequences")).to_contain_text("410")
        assert axe_violations(reviewer) == []
        field(reviewer, "理由").fill("资金数据以县民政局通报为准，本条撤回")
        reviewer.get_by_role("button", name="确认撤回").dblclick()
        expect(reviewer.locator(".messages")).to_contain_text(re.compile("已撤回|已经撤回"))
        reviewer.wait_for_load_state("networkidle")
        assert events(demo_server.database, pk, "publication:withdrawn") == 1
        gone = reader.goto(demo_server + public_url)
        assert gone.status == 410
        expect(reader.locator("main")).to_contain_text("资金数据以县民政局通报为准")
    finally:
        for context in (clerk_context, reviewer_context):
            context.close()
