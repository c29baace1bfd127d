"""Rectification orders: told to the unit when issued, escalated once when overdue, linked
only to records on this platform."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

from django.core.management import call_command

from gongkai.assessment import actions
from gongkai.core.models import AuditEvent
from gongkai.obligations.models import Notification

from .factories import YEAR


def test_an_overdue_order_escalates_to_the_leader_and_the_supervisor_once(w):
    issued_on = dt.date(2026, 3, 2)
    order = actions.issue_rectification(
        w.township,
        by=w.supervisor,
        year=YEAR,
        indicator="overdue_obligations",
        finding="半年度财政收支未按时公开",
        record_url="",
        instructions="立即补充公开。",
        deadline=dt.date(2026, 3, 16),
        today=issued_on,
    )
    out = StringIO()
    call_command("run_jobs", "--json", "--today", "2026-03-16", stdout=out)
    assert json.loads(out.getvalue())["rectifications_escalated"] == 0
    out = StringIO()
    call_command("run_jobs", "--json", "--today", "2026-03-17", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["rectifications_escalated"] == 1
    assert summary["rectification_notices"] == 2
    escalated = Notification.objects.filter(text__startswith="整改逾期")
    assert set(escalated.values_list("user_id", flat=True)) == {w.leader.pk, w.supervisor.pk}
    assert "半年度财政收支未按时公开" in escalated.first().text
    order.refresh_from_db()
    assert order.escalated_on == dt.date(2026, 3, 17)
    out = StringIO()
    call_command("run_jobs", "--json", "--today", "2026-03-18", stdout=out)
    assert json.loads(out.getvalue())["rectifications_escalated"] == 0
    assert AuditEvent.objects.filter(action="rectification:escalated").count() == 1


def test_an_answered_order_does_not_escalate(w):
    order = actions.issue_rectification(
        w.township,
        by=w.supervisor,
        year=YEAR,
        indicator="",
        finding="栏目长期未更新",
        record_url="",
        instructions="更新栏目。",
        deadline=dt.date(2026, 3, 16),
        today=dt.date(2026, 3, 2),
    )
    actions.answer_rectification(order, by=w.clerk, answer="已更新。")
    call_command("run_jobs", "--today", "2026-03-20", stdout=StringIO())
    assert not Notification.objects.filter(text__startswith="整改逾期").exists()


def test_the_units_clerks_and_leaders_are_told_of_a_new_order(w):
    actions.issue_rectification(
        w.township,
        by=w.supervisor,
        year=YEAR,
        indicator="",
        finding="办事指南六要素不全",
        record_url="",
        instructions="补齐六要素。",
        deadline=dt.date(2026, 3, 16),
        today=dt.date(2026, 3, 2),
    )
    told = {n.user_id: n.text for n in Notification.objects.all()}
    assert set(told) == {w.clerk.pk, w.leader.pk}
    assert "办事指南六要素不全" in told[w.clerk.pk] and "2026-03-16" in told[w.clerk.pk]


def test_an_order_links_only_records_on_this_platform(w):
    import pytest
    from django.core.exceptions import ValidationError

    for url in ("https://example.com/x", "//example.com/x", "/\\example.com"):
        with pytest.raises(ValidationError):
            actions.issue_rectification(
                w.township,
                by=w.supervisor,
                year=YEAR,
                indicator="",
                finding="栏目未更新",
                record_url=url,
                instructions="更新。",
                deadline=dt.date(2026, 3, 16),
                today=dt.date(2026, 3, 2),
            )
