"""Villagers' complaints about a village's disclosure reach the township's handler
(村民委员会组织法 Art. 31): the village page's report link files an error report that the
township's clerk finds in the inbox and answers; another township's clerk does not see it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from gongkai.core.models import Role
from gongkai.core.tests.factories import member, township
from gongkai.evaluation.models import ErrorReport, ReportStatus

from .test_print import published  # noqa: F401 - the published statement fixture

pytestmark = pytest.mark.django_db


def test_a_villagers_complaint_on_the_village_page_reaches_the_township(published):  # noqa: F811
    statement, _clerk = published
    village = statement.village
    villager = Client()
    page = villager.get(f"/disclosure/{village.org_code}/").content.decode()
    link = re.search(r'href="([^"]+/report-error/)"', page)
    assert link is not None and "告诉乡镇" in page
    sent = villager.post(
        link[1],
        {"description": "10月办公费380.50元没有附票据，请乡镇核实。", "contact": ""},
    )
    assert sent.status_code == 302
    report = ErrorReport.objects.get()
    assert report.unit == village and report.status == ReportStatus.OPEN

    handler = Client()
    handler.force_login(member(village.parent, Role.CLERK))
    assert report.tracking_code in handler.get("/staff/evaluation/").content.decode()
    assert handler.get(f"/staff/evaluation/error-reports/{report.pk}/").status_code == 200
    answered = handler.post(
        f"/staff/evaluation/error-reports/{report.pk}/",
        {"finding": "invalid", "answer": "经乡镇核实，办公费票据齐全，已在村务公开栏补充公布。"},
    )
    assert answered.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ANSWERED

    stranger = Client()
    stranger.force_login(member(township(village.county), Role.CLERK))
    assert report.tracking_code not in stranger.get("/staff/evaluation/").content.decode()
