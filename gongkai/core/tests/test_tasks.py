"""The task queue in the database: periodic tasks enqueued once per slot whatever the number of
workers, failures recorded, shown to the administrator and tried again, and two worker
processes never running one task twice."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gongkai.core import tasks
from gongkai.core.models import Unit
from gongkai.core.tests.factories import UserFactory, county

ROOT = Path(__file__).resolve().parents[3]


@tasks.background
def rename_unit(old: str, name: str) -> str:
    """A task that fails while the unit does not exist, and is safe to run twice."""
    unit = Unit.objects.get(name=old)
    unit.name = name
    unit.save(update_fields=["name"])
    return unit.name


@tasks.background
def note_run(path: str, number: int) -> None:
    """Appends its number to a file: a task run twice shows twice."""
    with open(path, "a") as log:
        log.write(f"{number}\n")


def test_a_periodic_task_is_enqueued_once_per_slot_however_many_workers_look(db):
    now = dt.datetime(2026, 5, 11, 0, 10, tzinfo=dt.UTC)  # 08:10 in Beijing
    first = tasks.enqueue_due(now)
    assert "gongkai.publishing.tasks.publish_scheduled" in first
    assert "gongkai.obligations.tasks.daily" in first
    assert tasks.enqueue_due(now) == []  # a second worker, the same minute: nothing more
    assert tasks.enqueue_due(now + dt.timedelta(seconds=20)) == []
    # The next minute's slot for publishing; the daily jobs wait for the next day.
    assert tasks.enqueue_due(now + dt.timedelta(minutes=1)) == [
        "gongkai.publishing.tasks.publish_scheduled"
    ]
    daily = DBTaskResult.objects.filter(task_path="gongkai.obligations.tasks.daily")
    assert [row.args_kwargs["args"] for row in daily] == [["2026-05-11"]]
    assert "gongkai.obligations.tasks.daily" in tasks.enqueue_due(now + dt.timedelta(days=1))


@pytest.mark.parametrize(
    ("local", "day"),
    [
        (dt.datetime(2026, 5, 11, 1, 29), "2026-05-10"),
        (dt.datetime(2026, 5, 11, 1, 30), "2026-05-11"),
        (dt.datetime(2026, 5, 11, 23, 59), "2026-05-11"),
    ],
)
def test_the_daily_slot_starts_at_the_configured_local_time(local, day):
    entry = tasks.Periodic(rename_unit, at=dt.time(1, 30))
    key, args = entry.slot(timezone.make_aware(local))
    assert key == day and args == (day,)


def test_the_daily_jobs_run_by_the_worker_are_those_of_run_jobs(db):
    tasks.enqueue_due(dt.datetime(2026, 5, 11, 0, 10, tzinfo=dt.UTC))
    results = {row.task_path: row for row in tasks.run_ready()}
    for app in ("obligations", "assessment", "villages"):
        row = results[f"gongkai.{app}.tasks.daily"]
        assert row.status == "SUCCESSFUL", row.traceback
    assert "reminders_sent" in results["gongkai.obligations.tasks.daily"].return_value


def test_a_failed_task_is_recorded_retried_and_shown_to_the_administrator(db, settings):
    settings.TASKS_RETRIES = 3
    settings.TASKS_RETRY_SECONDS = 0  # the retries are ready at once, for the test
    rename_unit.enqueue("不存在县", "示例县")
    ran = list(tasks.run_ready())
    assert [row.status for row in ran] == ["FAILED"] * 3  # three attempts, then it stops
    assert all(row.exception_class_path.endswith("DoesNotExist") for row in ran)
    assert "does not exist" in ran[0].traceback
    assert [row.args_kwargs["kwargs"].get("_attempt", 1) for row in ran] == [1, 2, 3]

    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    page = client.get("/django-admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert page.status_code == 200
    assert page.content.decode().count("rename_unit") >= 3
    detail = client.get(f"/django-admin/django_tasks_database/dbtaskresult/{ran[0].pk}/change/")
    assert "does not exist" in detail.content.decode()


def test_a_retry_that_succeeds_ends_the_retries(db, settings):
    settings.TASKS_RETRY_SECONDS = 0
    rename_unit.enqueue("旧名县", "示例县")
    failed = tasks.run_one(tasks.worker("w1"))
    assert failed is not None and failed.status == "FAILED"
    unit = county(name="旧名县")  # the unit appears before the retry runs
    ran = list(tasks.run_ready())
    assert [row.status for row in ran] == ["SUCCESSFUL"]
    unit.refresh_from_db()
    assert unit.name == "示例县"
    assert DBTaskResult.objects.filter(status="READY").count() == 0


def _scratch_database(folder: Path) -> tuple[str, Callable[[], None]]:
    """A database of its own for the worker processes (the test's own is in a transaction
    they cannot see): a SQLite file, or a new database on the same PostgreSQL server."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{folder / 'workers.sqlite3'}", lambda: None
    params = connection.settings_dict
    name = f"gongkai_workers_{uuid.uuid4().hex[:8]}"
    server = {
        "host": params["HOST"],
        "port": params["PORT"],
        "user": params["USER"],
        "password": params["PASSWORD"],
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(**server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    login = quote(params["USER"] or "", safe="")
    if params["PASSWORD"]:
        login += ":" + quote(params["PASSWORD"], safe="")
    url = f"postgresql://{login}@{params['HOST']}:{params['PORT']}/{name}"
    return url, drop


def test_two_worker_processes_never_run_one_task_twice(db):
    folder = Path(tempfile.mkdtemp(prefix="gongkai-workers-"))
    url, drop = _scratch_database(folder)
    env = {**os.environ, "DATABASE_URL": url, "GONGKAI_VAR_DIR": str(folder)}

    def gongkai(*args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "gongkai", *args],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def finished(process: subprocess.Popen) -> str:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        return out

    log = folder / "runs.txt"
    count = 60
    try:
        finished(gongkai("migrate", "--noinput"))
        finished(
            gongkai(
                "shell",
                "-c",
                "from gongkai.core.tests.test_tasks import note_run\n"
                f"for n in range({count}): note_run.enqueue({str(log)!r}, n)",
            )
        )
        workers = [
            gongkai("worker", "--batch", "--no-schedule", "--worker-id", name)
            for name in ("machine-a", "machine-b")
        ]
        outputs = [finished(worker) for worker in workers]
    finally:
        drop()
    runs = sorted(int(line) for line in log.read_text().split())
    assert runs == list(range(count))  # every task ran, none twice
    ran = sum(output.count("successful: ") for output in outputs)
    assert ran == count


def test_finished_tasks_are_forgotten_after_a_while_failed_ones_later(db, settings):
    settings.TASKS_KEEP_DAYS, settings.TASKS_KEEP_FAILED_DAYS = 7, 90
    settings.TASKS_RETRIES = 1
    rename_unit.enqueue("不存在县", "示例县")
    county(name="旧名县")
    rename_unit.enqueue("旧名县", "示例县")
    ran = {row.status: row for row in tasks.run_ready()}
    assert set(ran) == {"FAILED", "SUCCESSFUL"}
    ten_days_ago = timezone.now() - dt.timedelta(days=10)
    DBTaskResult.objects.update(finished_at=ten_days_ago)
    assert tasks.prune_results.call(timezone.localdate().isoformat()) == 1
    assert [row.status for row in DBTaskResult.objects.all()] == ["FAILED"]
    later = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    assert tasks.prune_results.call(later) == 1
    assert not DBTaskResult.objects.exists()
