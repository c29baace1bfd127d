"""A villager applies on a phone; a clerk takes it through clarification, consultation,
extension and a partial-disclosure reply; the villager sees every step on the status page."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))
DESCRIPTION = "申请公开青山镇2026年青山村道路硬化工程的预算和验收报告。"


def record(
    page, step: str, fields: dict[str, str] | None = None, select: dict | None = None
) -> None:
    """Open a step's form on the application page, fill it in and record it."""
    form = page.locator(f"details.step:has(form[action$='/steps/{step}/'])")
    form.locator("summary").click()
    for name, value in (fields or {}).items():
        form.locator(f"[name='{step}-{name}']").fill(value)
    for name, value in (select or {}).items():
        form.locator(f"[name='{step}-{name}']").select_option(value)
    # Each step's page says the same thing, so wait for the new page before reading it.
    with page.expect_navigation():
        form.get_by_role("button", name="登记").click()
    expect(page.get_by_text("已登记该步骤。")).to_be_visible()


def test_a_villagers_application_from_the_phone_to_a_partial_disclosure(
    demo_server, chromium, page, sign_in
):
    phone_context = chromium.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    phone = phone_context.new_page()
    try:
        phone.goto(demo_server + "/")
        phone.get_by_role("link", name="申请信息公开").click()
        expect(phone.get_by_role("heading", name="申请政府信息公开")).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360

        phone.get_by_label("向哪个乡镇或站所申请？").select_option(label="示例县青山镇人民政府")
        phone.get_by_label("自然人").check()
        phone.get_by_label("姓名（或组织名称）").fill("王小红")
        phone.get_by_label("证件号码").fill("431399199203154428")
        phone.get_by_label("联系电话").fill("13812345678")
        phone.locator("[name=description]").fill(DESCRIPTION)
        phone.get_by_label("电子", exact=True).check()
        # Electronic reply without an email: the form comes back, nothing lost, reason in Chinese.
        phone.get_by_role("button", name="提交申请").click()
        expect(phone.get_by_role("alert")).to_be_visible()
        expect(phone.get_by_text("电子答复请填写电子邮箱。")).to_be_visible()
        assert phone.locator("[name=description]").input_value() == DESCRIPTION
        phone.get_by_label("电子邮箱（选填：每一步都会给您发通知）").fill("wangxh@example.com")
        phone.get_by_role("button", name="提交申请").click()

        expect(phone.get_by_text("请保存此链接")).to_be_visible()
        status_url = phone.url
        code = re.search(r"/track/([A-Z0-9]+)/", status_url).group(1)
        expect(phone.get_by_text("已提交，待确认收到")).to_be_visible()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SCREENSHOTS / "application-status-360.png"), full_page=True)

        # The clerk of the township finds it in the unconfirmed queue and handles it.
        sign_in(page, "qingshan_clerk")
        page.get_by_role("link", name="依申请公开").first.click()
        page.get_by_role("link", name=code).click()
        record(page, "receive", {"note": "电话确认"})
        record(page, "clarify", {"corrections": "请写明所需预算和验收报告涉及的具体路段。"})
        record(page, "corrected")
        record(page, "consult_start", {"party": "示例县路桥工程有限公司"})
        record(page, "consult_end", select={"result": "objected"})
        # The head of the disclosure office approves the extension from their own account.
        sign_in(page, "qingshan_leader")
        page.goto(demo_server + f"/staff/applications/{code}/")
        record(page, "extend", {"days": "10", "reason": "需向县交通运输局调取验收资料。"})
        record(
            page,
            "reply",
            {
                "legal_basis": "《中华人民共和国政府信息公开条例》第十五条、第三十七条",
                "reasons": "预算和验收结论予以公开；施工单位的报价明细涉及商业秘密，不予公开。",
            },
            select={"outcome": "partly_disclosed"},
        )
        expect(page.locator(".timeline").get_by_text("（二）部分公开").first).to_be_visible()
        # The reply is a draft until a reviewer, not its author, signs it off (签发).
        sign_in(page, "qingshan_reviewer")
        page.goto(demo_server + f"/staff/applications/{code}/")
        # The contractor objected: it is told of the disclosure before the reply goes out.
        record(page, "third_party_notice", {"note": "EMS寄送书面通知"})
        record(page, "sign_off")

        # The villager reloads the secret link and sees every step and the reply.
        phone.goto(status_url)
        expect(phone.get_by_text("已答复", exact=True).first).to_be_visible()
        steps = phone.locator(".timeline li").all_inner_texts()
        assert [s.split("\n")[1] for s in steps] == [
            "提交申请",
            "确认收到申请",
            "告知补正",
            "收到补正后的申请",
            "开始征求意见",
            "征求意见结束",
            "延期答复",
            "书面通知第三方决定公开",
            "签发并作出答复",
        ]
        expect(phone.get_by_text("延长 10 个工作日")).to_be_visible()
        expect(phone.get_by_role("heading", name="行政复议和行政诉讼权利")).to_be_visible()
        expect(phone.get_by_text("示例县人民政府申请行政复议")).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        phone.screenshot(path=str(SCREENSHOTS / "application-replied-360.png"), full_page=True)
    finally:
        phone_context.close()


def test_the_county_supervisor_sees_what_is_overdue_in_every_township(page, sign_in):
    sign_in(page, "county_supervisor")
    page.get_by_role("link", name="依申请公开").first.click()
    page.get_by_role("link", name="全县概览").click()
    expect(page.get_by_role("heading", name="全县依申请公开概览")).to_be_visible()
    baishui = page.get_by_role("row").filter(has_text="示例县白水乡人民政府")
    assert baishui.get_by_role("cell").nth(4).inner_text() == "1"  # overdue
    attention = page.locator("section", has=page.get_by_role("heading", name="需要关注"))
    assert "已逾期" in attention.inner_text()
    assert "超过一个工作日未确认" in attention.inner_text()
    assert "郑国强" not in page.content()  # no applicant's personal data on the overview
