"""`gongkai run_jobs`: reminders at the lead times, escalation, never the same reminder twice."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from gongkai.core.models import AuditEvent, Role
from gongkai.core.tests.factories import member
from gongkai.obligations import actions, jobs
from gongkai.obligations.models import Notification, Obligation, OrderReminder, Reminder
from gongkai.publishing.tests.test_concurrency import ROOT, fresh_database_url  # noqa: F401

D = dt.date
TOWNSHIP: list[str] = []


@pytest.fixture
def people(world):
    TOWNSHIP[:] = [world.township.org_code]
    for user in (world.clerk, world.clerk2, world.leader):
        user.email = f"{user.username}@example.cn"
        user.save(update_fields=["email"])
    world.supervisor = member(world.county, Role.SUPERVISOR)
    world.supervisor.email = "supervisor@example.cn"
    world.supervisor.save(update_fields=["email"])
    return world


def reminders_of(user, key="T05", period="2026-H1"):
    return sorted(
        Reminder.objects.filter(
            recipient=user,
            obligation__item__key=key,
            obligation__period=period,
            obligation__unit__org_code=TOWNSHIP[0],
        ).values_list("kind", "lead")
    )


def test_the_clerks_are_reminded_five_and_one_working_days_before_and_the_day_after(people):
    world = people
    first = jobs.run(D(2026, 7, 21))  # H1 is due on 28 July: five working days left
    assert first.obligations_created > 0
    assert reminders_of(world.clerk) == [("before", 5)]
    assert reminders_of(world.clerk2) == [("before", 5)]
    assert reminders_of(world.leader) == []
    again = jobs.run(D(2026, 7, 21))
    assert again.reminders_sent == 0 and again.obligations_created == 0
    jobs.run(D(2026, 7, 27))
    assert reminders_of(world.clerk) == [("before", 1), ("before", 5)]
    jobs.run(D(2026, 7, 29))
    assert reminders_of(world.clerk) == [("after", -1), ("before", 1), ("before", 5)]
    notes = Notification.objects.filter(user=world.clerk, obligation__item__key="T05")
    assert any("2026-07-28" in n.text for n in notes)
    assert any(world.clerk.email in m.to for m in mail.outbox)


def test_an_overdue_obligation_goes_to_the_leader_then_the_county_supervisor(people):
    world = people
    jobs.run(D(2026, 8, 3))  # four working days late
    assert reminders_of(world.leader) == []
    summary = jobs.run(D(2026, 8, 4))  # five
    assert reminders_of(world.leader) == [("leader", 0)]
    assert summary.escalations >= 1
    assert reminders_of(world.supervisor) == []
    jobs.run(D(2026, 8, 11))  # ten
    assert reminders_of(world.supervisor) == [("supervisor", 0)]
    assert Notification.objects.filter(user=world.supervisor).exists()


def test_a_met_obligation_is_not_reminded(people):
    world = people
    jobs.run(D(2026, 7, 1))
    world.publish(world.draft("T05", topic="finance", period="2026-H1"), today=D(2026, 7, 15))
    jobs.run(D(2026, 7, 29))
    assert reminders_of(world.clerk) == []


def test_the_command_prints_a_json_summary_and_is_safe_to_run_twice(people):
    out = StringIO()
    call_command("run_jobs", "--json", "--today", "2026-08-20", stdout=out)
    first = json.loads(out.getvalue())
    assert first["obligations_created"] == Obligation.objects.count()
    assert first["reminders_sent"] > 0 and first["escalations"] > 0
    out = StringIO()
    call_command("run_jobs", "--json", "--today", "2026-08-20", stdout=out)
    second = json.loads(out.getvalue())
    assert second == {
        "obligations_created": 0,
        "reminders_sent": 0,
        "escalations": 0,
        "emails_sent": 0,
        "skipped_already_sent": second["skipped_already_sent"],
        "order_reminders_sent": 0,
        "orders_past_deadline": 0,
        "rectifications_escalated": 0,
        "rectification_notices": 0,
        "village_statement_notices": 0,
    }


def test_an_oversight_order_reminds_the_unit_before_its_deadline_and_tells_the_supervisor_after(
    people,
):
    world = people
    order = actions.issue_order(
        world.township,
        by=world.supervisor,
        item=world.item("T05"),
        obligation=None,
        instructions="请补充公开2026年上半年财政预算执行情况。",
        deadline=D(2026, 9, 4),  # a Friday
        today=D(2026, 8, 20),
    )
    jobs.run(D(2026, 8, 31))  # four working days left: not yet
    assert not OrderReminder.objects.exists()
    summary = jobs.run(D(2026, 9, 2))  # two working days left
    assert summary.order_reminders_sent == 3  # both clerks and the leader
    told = set(OrderReminder.objects.values_list("recipient__username", "kind"))
    assert told == {
        (world.clerk.username, "before"),
        (world.clerk2.username, "before"),
        (world.leader.username, "before"),
    }
    assert "2026-09-04" in Notification.objects.filter(user=world.clerk).first().text
    assert jobs.run(D(2026, 9, 3)).order_reminders_sent == 0  # once only
    mail.outbox.clear()
    after = jobs.run(D(2026, 9, 7))
    assert after.orders_past_deadline == 1
    assert [m.to for m in mail.outbox if "督办" in m.subject] == [["supervisor@example.cn"]]
    assert jobs.run(D(2026, 9, 8)).orders_past_deadline == 0
    order.refresh_from_db()
    assert order.deadline_passed_on == D(2026, 9, 7)
    passed = AuditEvent.objects.filter(action="oversight_order:deadline_passed")
    assert passed.count() == 1 and passed.get().data == {"deadline": "2026-09-04"}
    # An answered order is left alone.
    actions.answer_order(order, by=world.leader, reason="已于9月7日在公开栏张贴。")
    OrderReminder.objects.all().delete()
    assert jobs.run(D(2026, 9, 9)).orders_past_deadline == 0


@pytest.mark.django_db
def test_two_job_runs_at_the_same_moment_send_each_reminder_once(fresh_database_url):  # noqa: F811
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database_url,
        "GONGKAI_VAR_DIR": tempfile.mkdtemp(prefix="gongkai-jobs-var-"),
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
    }
    done = subprocess.run(
        [sys.executable, "-m", "gongkai.obligations.tests.concurrent_jobs", "2"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["vendor"] == connection.vendor
    assert not [s for s in report["summaries"] if "error" in s], report["summaries"]
    sent = sum(
        s["reminders_sent"]
        + s["escalations"]
        + s["order_reminders_sent"]
        + s["orders_past_deadline"]
        for s in report["summaries"]
    )
    assert report["reminders"] > 0 and report["order_notices"] > 0
    assert report["orders_marked_past"] == 1  # the one order past its deadline, audited once
    assert sent == report["reminders"] == report["distinct_reminders"] == report["notifications"]
    emailed = sum(s["emails_sent"] for s in report["summaries"])
    assert emailed == report["emailed"] == report["mails"] == report["reminders"]
