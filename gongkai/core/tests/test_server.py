"""Concurrent writers through two gunicorn workers on one SQLite file: nobody sees an error."""

from __future__ import annotations

import http.cookiejar
import re
import sqlite3
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from gongkai.core import demo

pytestmark = pytest.mark.server


class Browser:
    """A cookie-keeping HTTP client that fills in the CSRF token like a browser's form does."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post_form(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        status, page = self.get(path)
        assert status == 200, page
        form = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', page))
        payload = {**{k: v for k, v in form.items() if k not in ("next", "language")}, **data}
        body = urllib.parse.urlencode(payload).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def test_concurrent_writes_through_two_workers_never_fail(demo_server):
    admins = [row for row in demo.accounts() if row["role"] == "unit_admin"]
    edits_each, failures_each = 6, 4
    results: list[tuple[str, int, str]] = []
    lock = threading.Lock()

    def keep(label: str, status: int, page: str) -> None:
        with lock:
            results.append((label, status, page))

    def administrator(account: dict) -> None:
        browser = Browser(demo_server)
        status, page = browser.post_form(
            "/staff/sign-in/", {"username": account["username"], "password": account["password"]}
        )
        keep("sign-in", status, page)
        for n in range(edits_each):
            status, page = browser.post_form(
                f"/staff/units/{account['unit_code']}/edit/",
                {"phone": f"0738-88{n:02d}{len(account['username']):03d}"},
            )
            keep("edit", status, page)

    def wrong_password(n: int) -> None:
        browser = Browser(demo_server)
        for attempt in range(failures_each):
            status, page = browser.post_form(
                "/staff/sign-in/", {"username": f"nobody{n}", "password": f"wrong{attempt}"}
            )
            keep("failed sign-in", status, page)

    threads = [threading.Thread(target=administrator, args=(a,)) for a in admins]
    threads += [threading.Thread(target=wrong_password, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == len(admins) * (1 + edits_each) + 4 * failures_each
    for label, status, page in results:
        assert "database is locked" not in page
        assert status < 500, (label, status)
    assert all(status == 200 for label, status, _ in results if label in ("sign-in", "edit"))
    assert all(
        "用户名或密码不正确" in page for label, _, page in results if label == "failed sign-in"
    )

    with sqlite3.connect(demo_server.database) as connection:
        count = dict(
            connection.execute(
                "SELECT action, COUNT(*) FROM core_auditevent WHERE action IN "
                "('user:signed_in', 'unit:updated', 'user:sign_in_failed') GROUP BY action"
            ).fetchall()
        )
        hashes = connection.execute("SELECT password FROM core_user LIMIT 3").fetchall()
        noted = connection.execute(
            "SELECT SUM(count) FROM core_securitynote WHERE kind = 'sign_in' AND scope = 'account'"
        ).fetchone()[0]
    # Failed sign-ins are counted in the security log, not one audit row each.
    assert "user:sign_in_failed" not in count
    assert noted >= 4 * failures_each
    assert count["user:signed_in"] >= len(admins)
    # Each administrator's edits change the phone number, so each is one recorded update.
    assert count["unit:updated"] >= len(admins) * edits_each
    # The real server hashes passwords with Argon2.
    assert all(row[0].startswith("argon2") for row in hashes)


def test_the_real_server_serves_the_chinese_portal_and_its_stylesheet(demo_server):
    browser = Browser(demo_server)
    status, page = browser.get("/")
    assert status == 200
    assert "示例县人民政府" in page and "政府信息公开" in page
    status, css = browser.get("/static/gongkai/site.css")
    assert status == 200 and ".site-header" in css
