"""Three people press "sign up" for the last seat at the same moment, on the real server with
two worker processes: one gets it, the others are told the meeting is full, and the count
never goes past the seats."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import threading
import urllib.parse
import urllib.request

import pytest

from gongkai.core.tests.test_server import Browser
from gongkai.publishing.tests.test_server import post_from, signed_in

pytestmark = pytest.mark.server

TITLE = "青山镇村级公益事业一事一议筹资说明会（并发报名测试）"


def test_the_last_seat_goes_to_one_person_only(demo_server):
    with sqlite3.connect(demo_server.database) as db:
        unit = db.execute(
            "SELECT id, org_code FROM core_unit WHERE short_name = '青山镇'"
        ).fetchone()
    clerk = signed_in(demo_server, "qingshan_clerk")
    starts = dt.datetime.now() + dt.timedelta(days=20)
    status, page = clerk.post_form(
        "/staff/meetings/new/",
        {
            "unit": str(unit[0]),
            "kind": "briefing",
            "title": TITLE,
            "about": "",
            "starts_at": starts.strftime("%Y-%m-%dT09:00"),
            "place": "青山镇人民政府三楼会议室",
            "how_to_attend": "在本网站报名。",
            "seats": "1",
            "signup_days": "1",
        },
    )
    assert status == 200, page
    with sqlite3.connect(demo_server.database) as db:
        (pk,) = db.execute("SELECT id FROM meetings_meeting WHERE title = ?", (TITLE,)).fetchone()
    reviewer = signed_in(demo_server, "qingshan_reviewer")
    status, page = post_from(reviewer, f"/staff/meetings/{pk}/", "announce/", {})
    assert status == 200, page

    path = f"/meetings/{unit[1]}/{pk}/"
    prepared = []
    for n in range(3):
        browser = Browser(demo_server)
        _status, html = browser.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "name": f"报名人{n}", "phone": f"1390731000{n}"}
        ).encode()
        url = demo_server + path
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

    statuses = sorted(status for status, _page in pages)
    assert statuses == [200, 400, 400], statuses
    assert all("名额已满" in page for status, page in pages if status == 400)
    with sqlite3.connect(demo_server.database) as db:
        taken, signups = db.execute(
            "SELECT seats_taken, (SELECT count(*) FROM meetings_signup WHERE meeting_id = m.id) "
            "FROM meetings_meeting m WHERE id = ?",
            (pk,),
        ).fetchone()
    assert taken == signups == 1
