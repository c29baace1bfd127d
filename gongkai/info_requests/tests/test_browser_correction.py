"""A villager answers the office's correction request on the phone, through the secret link."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_browser import record

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_the_applicant_answers_a_correction_request_online(
    demo_server, chromium, page, sign_in, tmp_path
):
    phone_context = chromium.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    phone = phone_context.new_page()
    try:
        phone.goto(demo_server + "/applications/")
        phone.get_by_label("向哪个乡镇或站所申请？").select_option(label="示例县青山镇人民政府")
        phone.get_by_label("自然人").check()
        phone.get_by_label("姓名（或组织名称）").fill("李春梅")
        phone.get_by_label("证件号码").fill("431399199203154428")
        phone.get_by_label("联系电话").fill("13812345678")
        phone.locator("[name=description]").fill("申请公开村道硬化工程的验收报告。")
        phone.get_by_label("纸质", exact=True).check()
        phone.locator("[name=contact_address]").fill("示例县青山镇青山村")
        phone.get_by_role("button", name="提交申请").click()
        status_url = phone.url
        code = re.search(r"/track/([A-Z0-9]+)/", status_url).group(1)

        sign_in(page, "qingshan_clerk")
        page.goto(demo_server + f"/staff/applications/{code}/")
        record(page, "receive", {"note": "电话确认"})
        record(page, "clarify", {"corrections": "请写明所需验收报告涉及的具体路段。"})

        phone.goto(status_url)
        phone.get_by_role("link", name="在线补正").click()
        expect(phone.get_by_role("heading", name="需要补正的事项")).to_be_visible()
        expect(phone.get_by_text("请写明所需验收报告涉及的具体路段。")).to_be_visible()
        # A file that is not what its name says is refused, and the words typed stay.
        fake = tmp_path / "路段.pdf"
        fake.write_bytes(b"not a pdf at all")
        phone.get_by_label("补正内容").fill("所需为青山村至白水村路段（约3.2公里）的验收报告。")
        phone.get_by_label("附件（选填：PDF、Word、Excel、PNG或JPEG）").set_input_files(str(fake))
        phone.get_by_role("button", name="提交补正").click()
        expect(phone.get_by_role("alert")).to_be_visible()
        assert "青山村至白水村" in phone.get_by_label("补正内容").input_value()
        phone.get_by_label("附件（选填：PDF、Word、Excel、PNG或JPEG）").set_input_files([])
        phone.get_by_role("button", name="提交补正").click()
        expect(phone.get_by_text("已收到您的补正。")).to_be_visible()
        expect(phone.get_by_text("已受理，正在办理").first).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360

        page.reload()
        expect(page.get_by_text("申请人在线提交")).to_be_visible()
        expect(page.get_by_text("所需为青山村至白水村路段").first).to_be_visible()
    finally:
        phone_context.close()
