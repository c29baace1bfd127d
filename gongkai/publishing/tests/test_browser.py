"""In Chromium: a clerk writes a publication with an attachment and a table, a reviewer
double-clicks publish, and a villager on a phone finds it in the catalog tree."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

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
    clerk.get_by_role("link", name="政府信息").first.click()
    clerk.get_by_role("link", name="青山镇新建政府信息").click()
    field(clerk, "公开事项").select_option(label="社会救助 · 社会救助")
    clerk.get_by_role("button", name="下一步").click()
    field(clerk, "标题").fill(TITLE)
    field(clerk, "内容概述").fill("本季度城乡低保对象名单，只公开姓名、家庭人口和保障金额。")
    field(clerk, "正文").fill("现将本季度低保对象予以公示，公示期7天。")
    field(clerk, "主题分类").select_option(label="民政、扶贫、救灾")
    field(clerk, "涵盖期间").fill("2026年第二季度")
    field(clerk, "附件").set_input_files(str(pdf))
    field(clerk, "表格标题").fill("低保对象名单")
    field(clerk, "表格（CSV或Excel .xlsx）").set_input_files(str(table))
    clerk.get_by_role("button", name="保存草稿").click()
    assert clerk.get_by_text("草稿已保存。").is_visible()
    draft_url = clerk.url
    assert clerk.get_by_role("button", name="发布").count() == 0  # the author cannot publish
    clerk_context.close()

    reviewer_context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    reviewer = reviewer_context.new_page()
    sign_in(reviewer, demo_server, "qingshan_reviewer")
    reviewer.goto(draft_url)
    reviewer.get_by_role("button", name="发布", exact=True).dblclick()
    reviewer.wait_for_load_state()
    message = reviewer.locator(".messages").inner_text()
    index_no = re.search(r"\d{9}/2026-\d{5}", reviewer.content()).group(0)
    assert "已发布为第1版" in message or "已由" in message
    reviewer_context.close()

    phone_context = chromium.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    phone = phone_context.new_page()
    try:
        phone.goto(demo_server + "/")
        phone.get_by_role("link", name="公开目录").first.click()
        phone.get_by_role("link", name="示例县青山镇人民政府").first.click()
        phone.get_by_role("link", name=TITLE).click()
        assert phone.get_by_role("heading", name=TITLE).is_visible()
        assert index_no in phone.locator(".metadata").inner_text()
        assert phone.get_by_role("rowheader", name="张秀英").is_visible()
        assert phone.get_by_role("columnheader", name="保障金额（元/月）").is_visible()
        assert phone.get_by_role("link", name="公示说明.pdf").is_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SCREENSHOTS / "publication-360.png"), full_page=True)
        with phone.expect_download() as download:
            phone.get_by_role("link", name=re.compile("^CSV")).click()
        assert "张秀英,3,840" in Path(download.value.path()).read_text("utf-8-sig")
    finally:
        phone_context.close()
