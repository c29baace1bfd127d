"""Real concurrent publishing, each publisher on its own connection, on SQLite or PostgreSQL.

The test database of the suite lives inside one transaction, which other connections cannot
see; so these tests make a fresh database of the same kind (a SQLite file, or a new
PostgreSQL database on the same server) and publish from threads in a separate process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def fresh_database_url() -> Iterator[str]:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        with tempfile.TemporaryDirectory(prefix="gongkai-concurrency-") as folder:
            yield f"sqlite:///{folder}/gongkai.sqlite3"
        return
    import psycopg

    name = f"gongkai_concurrency_{uuid.uuid4().hex[:8]}"
    dsn = dict(
        host=settings["HOST"] or "localhost",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
    )
    with psycopg.connect(dbname="postgres", autocommit=True, **dsn) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{dsn['password']}" if dsn["password"] else ""
        yield f"postgres://{dsn['user']}{password}@{dsn['host']}:{dsn['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **dsn) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(url: str, drafts: int, repeats: int) -> dict:
    folder = tempfile.mkdtemp(prefix="gongkai-concurrency-var-")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "GONGKAI_VAR_DIR": folder,
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        # Each thread stands for a worker process of its own, so each has its own connection
        # (not a share of one process's pool, which the threads' start barrier would exhaust).
        "DATABASE_POOL_SIZE": "0",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gongkai.publishing.tests.concurrent_publish",
            str(drafts),
            str(repeats),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_reviewers_publishing_at_once_get_consecutive_unique_numbers(fresh_database_url):
    drafts, repeats = 8, 4
    report = run(fresh_database_url, drafts, repeats)
    assert report["vendor"] == connection.vendor
    approvals = [r["result"] for r in report["approvals"]]
    assert not [o for o in approvals if o.startswith("error")], approvals
    assert approvals.count("approved") == drafts  # two reviewers approving at once: one wins
    assert approvals.count("already") == repeats  # and the others are told
    assert report["approved_events"] == drafts  # one audit trail
    outcomes = [r["result"] for r in report["results"]]
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert outcomes.count("published") == drafts
    assert outcomes.count("already") == repeats  # the same draft, again: published once only
    expected = {f"{report['org_code']}/2026-{n:05d}" for n in range(1, drafts + 1)}
    assert set(report["index_numbers"]) == expected
    assert report["counter"] == drafts  # no number was taken and lost
