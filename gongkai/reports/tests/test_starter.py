"""The starting paragraphs offered for empty sections say what the records say."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.publishing import actions as publishing_actions
from gongkai.reports import actions, starter

from .factories import application, document, opened, world

pytestmark = pytest.mark.django_db


def test_the_offers_count_from_the_records_and_leave_written_sections_alone():
    w = world()
    application(w.township, dt.date(2025, 3, 4), "disclosed", dt.date(2025, 3, 18))
    application(w.township, dt.date(2025, 5, 6), "not_held", dt.date(2025, 5, 20))
    application(w.township, dt.date(2025, 12, 22))  # carried over
    report = opened(w)
    offers = starter.offers(report)
    assert "新收政府信息公开申请3件" in offers["overview"]
    assert "办结2件" in offers["applications"]
    assert "结转下年度继续办理1件" in offers["applications"]
    assert "未发生政府信息公开行政复议、行政诉讼案件" in offers["review_litigation"]
    assert "均在法定期限内答复" in offers["problems"]

    report = actions.save_text(report, by=w.clerk, overview="本单位自己写的总体情况。")
    assert "overview" not in starter.offers(report)


def test_section_five_starts_from_late_publications_late_replies_and_withdrawals():
    w = world()
    # Written in January, published in November: far past the 20 working days.
    late = document(w, dt.date(2026, 1, 5))
    document(w, dt.date(2026, 1, 6), n=2)
    publishing_actions.withdraw(late, by=w.reviewer, reason="文号有误，更正后重新发布。")
    # Received 5 January, answered 30 March: past the 20 working days of Art. 33.
    application(w.township, dt.date(2026, 1, 5), "disclosed", dt.date(2026, 3, 30))
    text = starter.problems(opened(w, 2026))
    assert "2条政府信息未在形成或者变更之日起20个工作日内公开" in text
    assert "1件政府信息公开申请超过法定期限答复" in text
    assert "1条已公开信息因内容有误等原因撤回" in text
