"""GET /api/v1/annual-reports/<org code>/<year>: the tables in the official order and labels."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.tests.factories import PASSWORD
from gongkai.reports import actions, layout

from .factories import application, opened, world

pytestmark = pytest.mark.django_db


def url(unit, year) -> str:
    return f"/api/v1/annual-reports/{unit.org_code}/{year}"


def test_the_published_report_as_json(client, django_assert_num_queries):
    w = world()
    application(w.township, dt.date(2025, 3, 4), "disclosed", dt.date(2025, 3, 18))
    application(
        w.township,
        dt.date(2025, 4, 1),
        "state_secret",
        dt.date(2025, 4, 9),
        applicant_type="research_institution",
    )
    actions.publish(opened(w), by=w.reviewer, secrecy=actions.CONFIRMED)
    with django_assert_num_queries(1):
        response = client.get(url(w.township, 2025))
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2025 and body["status"] == "published"
    assert len(body["table3"]) == 25
    assert [row[0] for row in body["table3"]] == list(layout.T3_LABELS)
    assert body["table3"][0] == ["一、本年新收政府信息公开申请数量", 1, 0, 1, 0, 0, 0, 2]
    assert body["table3"][2] == ["（一）予以公开", 1, 0, 0, 0, 0, 0, 1]
    assert body["table3"][4] == ["1.属于国家秘密", 0, 0, 1, 0, 0, 0, 1]
    assert body["table3"][23][0] == "（七）总计" and body["table3"][23][-1] == 2
    assert body["table3"][24][0] == "四、结转下年度继续办理"
    assert body["table3_columns"] == list(layout.T3_COLUMNS)
    assert body["table2"][0]["columns"] == [
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert body["table4"]["行政复议"]["总计"] == 0
    assert set(body["table4"]["行政诉讼"]) == {"未经复议直接起诉", "复议后起诉"}
    assert list(body["sections"]) == list(layout.SECTIONS)


def test_a_draft_is_hidden_from_anonymous_callers_but_not_from_the_units_staff(client):
    w = world()
    opened(w)
    assert client.get(url(w.township, 2025)).status_code == 404
    assert client.get(url(w.township, 2031)).status_code == 404
    assert client.login(username=w.clerk.username, password=PASSWORD)
    body = client.get(url(w.township, 2025)).json()
    assert body["status"] == "draft"


def test_the_other_api_v1_paths_still_work(client):
    assert client.get("/api/v1/info-requests/openapi.json").status_code == 200
