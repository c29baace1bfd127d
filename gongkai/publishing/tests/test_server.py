"""Two reviewers press publish on the same draft at the same moment, on the real server."""

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


def test_two_reviewers_publishing_at_once_publish_once(demo_server):
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

    reviewers = [signed_in(demo_server, "qingshan_reviewer") for _ in range(2)]
    tokens = []
    for reviewer in reviewers:
        status, page = reviewer.get(f"/staff/publications/{pk}/")
        assert 'name="version" value="1"' in page  # the publish button, as each reviewer sees it
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1))
    barrier = threading.Barrier(len(reviewers))
    pages: list[tuple[int, str]] = []

    def publish(reviewer: Browser, token: str) -> None:
        url = f"{demo_server}/staff/publications/{pk}/publish/"
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "version": "1"}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        barrier.wait(timeout=30)
        pages.append(reviewer._open(request))

    threads = [
        threading.Thread(target=publish, args=pair) for pair in zip(reviewers, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

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
