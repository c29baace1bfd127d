"""Two reviewers press approve, then publish, on the same draft at the same moment, on the
real server: one approval, one publication, one index number; the other is told."""

from __future__ import annotations

import re
import sqlite3
import threading
import urllib.parse
import urllib.request

import pytest

from gongkai.core.demo import DEMO_PASSWORD
from gongkai.core.tests.test_server import Browser

pytestmark = pytest.mark.server

TITLE = "青山镇领导分工调整（并发发布测试）"


def signed_in(base: str, username: str) -> Browser:
    browser = Browser(base)
    status, page = browser.post_form(
        "/staff/sign-in/", {"username": username, "password": DEMO_PASSWORD}
    )
    assert status == 200, page
    return browser


def post_from(browser: Browser, page: str, action: str, data: dict) -> tuple[int, str]:
    """Post a form of `page` (its CSRF token) to `page + action`, as its button would."""
    status, html = browser.get(page)
    assert status == 200, html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    url = f"{browser.base}{page}{action}"
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
    return browser._open(urllib.request.Request(url, data=body, headers={"Referer": url}))


def race(browsers: list[Browser], page: str, action: str, data: dict) -> list[tuple[int, str]]:
    """Each browser presses the same button at the same moment."""
    prepared = []
    for browser in browsers:
        _status, html = browser.get(page)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        url = f"{browser.base}{page}{action}"
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        prepared.append((browser, urllib.request.Request(url, data=body, headers={"Referer": url})))
    barrier = threading.Barrier(len(prepared))
    pages: list[tuple[int, str]] = []

    def press(browser: Browser, request) -> None:
        barrier.wait(timeout=30)
        pages.append(browser._open(request))

    threads = [threading.Thread(target=press, args=pair) for pair in prepared]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return pages


def test_two_reviewers_approving_and_publishing_at_once_do_it_once(demo_server):
    with sqlite3.connect(demo_server.database) as db:
        code, item = db.execute(
            "SELECT u.org_code, i.id FROM core_unit u "
            "JOIN catalog_adoption a ON a.unit_id = u.id "
            "JOIN catalog_catalogitem i ON i.id = a.item_id "
            "WHERE u.short_name = '青山镇' AND i.key = 'T01'"
        ).fetchone()
    clerk = signed_in(demo_server, "qingshan_clerk")
    status, page = clerk.post_form(
        f"/staff/publications/new/{code}/?item={item}",
        {
            "title": TITLE,
            "summary": "领导班子分工调整。",
            "body": "党委书记主持全面工作。",
            "topic": "organisation",
            "publisher_name": "示例县青山镇人民政府",
            "written_on": "2026-07-01",
            "validity": "valid",
        },
    )
    assert status == 200 and "草稿已保存" in page, page
    with sqlite3.connect(demo_server.database) as db:
        (pk,) = db.execute(
            "SELECT p.id FROM publishing_publication p JOIN publishing_publicationversion v "
            "ON v.publication_id = p.id WHERE v.title = ?",
            [TITLE],
        ).fetchone()

    _status, page = post_from(clerk, f"/staff/publications/{pk}/", "submit/", {})
    assert "草稿已提交审核" in page, page

    reviewers = [signed_in(demo_server, "qingshan_reviewer") for _ in range(2)]
    checklist = {"no_state_secret": "on", "no_superior_document": "on", "privacy_lawful": "on"}
    approvals = race(reviewers, f"/staff/publications/{pk}/", "approve/", checklist)
    assert [status for status, _ in approvals] == [200, 200]
    assert sum("草稿已审核通过。" in page for _, page in approvals) == 1
    assert sum("该草稿已由" in page for _, page in approvals) == 1  # the loser is told who

    for reviewer in reviewers:
        status, page = reviewer.get(f"/staff/publications/{pk}/publish/")
        assert 'name="version" value="1"' in page  # the confirm step, as each reviewer sees it
    pages = race(reviewers, f"/staff/publications/{pk}/", "publish/", {"version": "1"})
    assert [status for status, _ in pages] == [200, 200]
    assert sum("已发布为第1版" in page for _, page in pages) == 1
    assert sum("已由" in page for _, page in pages) == 1
    with sqlite3.connect(demo_server.database) as db:
        index_no, versions = db.execute(
            "SELECT p.index_no, (SELECT COUNT(*) FROM publishing_publicationversion v "
            "WHERE v.publication_id = p.id) FROM publishing_publication p WHERE p.id = ?",
            [pk],
        ).fetchone()
        serials = [
            row[0]
            for row in db.execute(
                "SELECT index_serial FROM publishing_publication p "
                "JOIN core_unit u ON u.id = p.unit_id "
                "WHERE u.org_code = ? AND index_year = ? ORDER BY index_serial",
                [code, int(index_no[10:14])],
            )
        ]
        (last,) = db.execute(
            "SELECT last_serial FROM publishing_indexcounter c "
            "JOIN core_unit u ON u.id = c.unit_id "
            "WHERE u.org_code = ? AND c.year = ?",
            [code, int(index_no[10:14])],
        ).fetchone()
    assert index_no.startswith(f"{code}/")
    assert versions == 1
    assert serials == list(range(1, last + 1))  # consecutive, none skipped, none twice
