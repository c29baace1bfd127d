"""The public portal in Chromium: axe-core finds no WCAG 2.1 AA violation on any public page,
in the standard and the larger-text mode; a 360-pixel phone never scrolls sideways; the
keyboard reaches everything; and the pages work with JavaScript switched off."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def codes(demo_server) -> dict[str, str]:
    with sqlite3.connect(demo_server.database) as db:
        county = db.execute("select org_code from core_unit where kind='county'").fetchone()[0]
        township = db.execute(
            "select u.org_code from core_unit u where u.kind='township' and exists "
            "(select 1 from publishing_publication p where p.unit_id = u.id "
            "and p.current_id is not null) order by u.path limit 1"
        ).fetchone()[0]
        office = db.execute(
            "select org_code from core_unit where kind='office' order by path limit 1"
        ).fetchone()[0]
        index_no = db.execute(
            "select p.index_no from publishing_publication p join core_unit u on u.id = p.unit_id "
            "where u.org_code = ? and p.current_id is not null and p.audience = 'public' "
            "order by p.id limit 1",
            (township,),
        ).fetchone()[0]
        service = db.execute(
            "select p.index_no from publishing_publication p join catalog_catalogitem i "
            "on i.id = p.item_id where i.service_guide and p.current_id is not null "
            "and p.audience = 'public' order by p.id limit 1"
        ).fetchone()[0]
        meeting = db.execute(
            "select u.org_code, m.id from meetings_meeting m join core_unit u on u.id = m.unit_id "
            "where m.status = 'announced' order by m.starts_at desc limit 1"
        ).fetchone()
        report = db.execute(
            "select u.org_code, r.year from reports_annualreport r join core_unit u "
            "on u.id = r.unit_id where r.status = 'published' limit 1"
        ).fetchone()
    return {
        "county": county,
        "township": township,
        "office": office,
        "publication": "/info/" + index_no + "/",
        "service": "/info/" + service + "/",
        "report": f"/annual-reports/{report[0]}/{report[1]}/" if report else "",
        "meeting": f"/meetings/{meeting[0]}/{meeting[1]}/" if meeting else "",
    }


def public_pages(codes: dict[str, str]) -> list[str]:
    pages = ["/", "/catalog/", "/search/", "/search/?q=低保", "/applications/"]
    pages += ["/applications/track/", "/annual-reports/", "/no-such-page/"]
    pages += [codes["publication"], f"/catalog/{codes['township']}/", f"/info/{codes['township']}/"]
    pages += [f"/units/{codes['township']}/", codes["service"], "/seals/"]
    for unit in ("county", "township", "office"):
        for part in ("", "guide/", "rules/", "proactive/", "annual-reports/", "on-application/"):
            pages.append(f"/disclosure/{codes[unit]}/{part}")
    if codes["report"]:
        pages.append(codes["report"])
    pages += ["/meetings/", f"/meetings/{codes['township']}/", "/meetings/my-sign-ups/"]
    pages += ["/topics/", "/topics/finance/", f"/topics/finance/?unit={codes['township']}"]
    if codes["meeting"]:
        pages.append(codes["meeting"])
    return pages


def axe_violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in results.response["violations"]
    ]


def _open(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status in (200, 404), url


@pytest.mark.parametrize("mode", ["standard", "large"])
def test_every_public_page_passes_axe_at_wcag_21_aa(demo_server, chromium, codes, mode):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    if mode == "large":
        context.add_cookies(
            [{"name": "gongkai_display", "value": "large", "url": demo_server + "/"}]
        )
    page = context.new_page()
    failures = {}
    try:
        for path in public_pages(codes):
            _open(page, demo_server + path)
            found = axe_violations(page)
            if found:
                failures[path] = found
    finally:
        context.close()
    assert failures == {}


@pytest.mark.parametrize("mode", ["standard", "large"])
def test_public_pages_fit_a_360_pixel_phone_without_sideways_scrolling(
    demo_server, chromium, codes, mode
):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    if mode == "large":
        context.add_cookies(
            [{"name": "gongkai_display", "value": "large", "url": demo_server + "/"}]
        )
    phone = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    too_wide = {}
    try:
        for path in public_pages(codes):
            _open(phone, demo_server + path)
            width = phone.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                too_wide[path] = width
            name = path.strip("/").replace("/", "_").replace("?", "_") or "home"
            phone.screenshot(
                path=str(SCREENSHOTS / f"portal-360-{mode}-{name}.png"), full_page=True
            )
    finally:
        context.close()
    assert too_wide == {}


def test_the_larger_text_mode_is_switched_on_with_the_keyboard_and_stays_on(
    demo_server, page, codes
):
    page.goto(demo_server + f"/disclosure/{codes['township']}/guide/")
    button = page.get_by_role("button", name="大字号 高对比")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "大字号 高对比":
            break
    else:
        pytest.fail("the display button is not reachable with Tab")
    expect(button).to_be_visible()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/disclosure/{codes['township']}/guide/")
    assert page.locator("html").get_attribute("class") == "large-text"
    size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert size >= 22  # 18 px in the standard mode
    page.goto(demo_server + codes["publication"])
    assert page.locator("html").get_attribute("class") == "large-text"
    with page.expect_navigation():
        page.get_by_role("button", name="标准字号").click()
    assert page.locator("html").get_attribute("class") is None


def test_the_column_is_used_by_keyboard_alone(demo_server, page, codes):
    page.goto(demo_server + "/")
    page.get_by_role("link", name="政府信息公开", exact=True).first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(demo_server + f"/disclosure/{codes['county']}/")
    nav = page.get_by_role("navigation", name="示例县政府信息公开栏目")
    nav.get_by_role("link", name="政府信息公开指南").focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(demo_server + f"/disclosure/{codes['county']}/guide/")
    assert page.get_by_role("heading", level=1).inner_text() == "示例县人民政府政府信息公开指南"


def test_the_portal_works_with_javascript_switched_off(demo_server, chromium, codes):
    context = chromium.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(demo_server + "/")
        page.get_by_role("link", name="政府信息公开", exact=True).first.click()
        page.get_by_role("link", name="法定主动公开内容").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("法定主动公开内容$"))
        page.get_by_role("button", name="大字号 高对比").click()
        expect(page.locator("html")).to_have_class("large-text")
        page.get_by_role("searchbox").fill("低保")
        page.get_by_role("button", name="搜索").click()
        expect(page).to_have_url(re.compile(r"/search/\?q="))
        page.goto(demo_server + f"/disclosure/{codes['office']}/on-application/")
        page.get_by_role("link", name="在线向").click()
        applications = f"/applications/?unit={codes['office']}"
        expect(page).to_have_url(re.compile(re.escape(applications) + "$"))
        selected = page.locator("select[name=unit] option:checked").inner_text()
        assert selected.strip() != ""
    finally:
        context.close()
