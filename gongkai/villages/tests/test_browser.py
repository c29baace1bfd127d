"""On a 360-pixel phone: a villager picks their village once, finds its latest finance
statement, opens the published original, and next time lands on their village at once."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_a_villager_finds_their_village_and_its_latest_finance_statement(demo_server, page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(demo_server + "/")
    page.get_by_role("link", name="我的村").first.click()
    page.get_by_role("link", name="白水乡").click()
    page.get_by_role("button", name="桃源村").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("桃源村村务公开")
    finance = page.locator("section.village-finance")
    expect(finance.get_by_role("heading", level=3)).to_contain_text("2026年10月财务收支")
    expect(finance.get_by_role("table")).to_contain_text("上级补助收入")
    expect(page.get_by_role("heading", name="宅基地")).to_be_visible()
    # Nothing is wider than the phone (the lines table scrolls inside its own box).
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    finance.get_by_role("link", name="查看公开原文").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("桃源村2026年10月财务收支公开")
    expect(page.get_by_role("table").first).to_contain_text("收支")

    # The village is remembered: "My village" opens it at once, without an account.
    page.goto(demo_server + "/")
    page.get_by_role("link", name="我的村").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("桃源村村务公开")
