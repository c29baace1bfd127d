"""The restore drill: back up a site with published, sealed publications and their files,
lose the database and the media folder, restore, and find everything as it was.

It runs the real commands in processes of their own against a database of their own: the
test's SQLite file, or (under PostgreSQL) a new database on the same server, which the
drill drops and creates again as an operator would after losing it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]

COUNT = """
import json, django
django.setup()
from django.apps import apps
print(json.dumps({m._meta.label: m.objects.count() for m in apps.get_models()}))
"""


# The same counts read from the streaming replica, once it has replayed all the primary wrote.
STANDBY_COUNT = """
import json, time, django
django.setup()
from django.apps import apps
from django.db import connections
with connections["default"].cursor() as cursor:
    cursor.execute("SELECT pg_current_wal_insert_lsn()")
    (target,) = cursor.fetchone()
for _attempt in range(600):
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
        if cursor.fetchone()[0]:
            break
    time.sleep(0.05)
print(json.dumps({m._meta.label: m.objects.using("replica").count() for m in apps.get_models()}))
"""


def gongkai(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def counts(env: dict, script: str = COUNT) -> dict[str, int]:
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def files(media: Path) -> dict[str, str]:
    return {
        str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }


class Site:
    """A site's environment, and how to lose its database the way a disk failure would."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gongkai.settings",
            "GONGKAI_VAR_DIR": str(folder),
            "TWO_FACTOR_REQUIRED": "false",
        }
        # The drill's own database has no standby; the commands use the primary alone.
        self.env.pop("DATABASE_REPLICA_URL", None)

    def lose_database(self) -> None:
        raise NotImplementedError


class SQLiteSite(Site):
    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.database = folder / "gongkai.sqlite3"
        self.env["DATABASE_URL"] = f"sqlite:///{self.database}"

    def lose_database(self) -> None:
        for path in self.folder.glob("gongkai.sqlite3*"):  # with its -wal and -shm files
            path.unlink()


class PostgresSite(Site):
    def __init__(self, folder: Path) -> None:
        import psycopg

        super().__init__(folder)
        settings = connection.settings_dict
        self.name = f"gongkai_restore_drill_{os.getpid()}"
        self.server = {
            "host": settings["HOST"],
            "port": settings["PORT"],
            "user": settings["USER"],
            "password": settings["PASSWORD"],
            "dbname": "postgres",
        }
        self.psycopg = psycopg
        self.env["DATABASE_URL"] = (
            f"postgres://{settings['USER']}:{settings['PASSWORD']}@"
            f"{settings['HOST']}:{settings['PORT']}/{self.name}"
        )
        self.sql(f"DROP DATABASE IF EXISTS {self.name}", f"CREATE DATABASE {self.name}")
        # With a streaming replica (tools/with_postgres.py), the standby replays the drill too.
        if replica := django_settings.DATABASES.get("replica"):
            self.env["DATABASE_REPLICA_URL"] = (
                f"postgres://{replica['USER']}:{replica['PASSWORD']}@"
                f"{replica['HOST']}:{replica['PORT']}/{self.name}"
            )

    def sql(self, *statements: str) -> None:
        with self.psycopg.connect(**self.server, autocommit=True) as server:
            for statement in statements:
                server.execute(statement)

    def lose_database(self) -> None:
        self.sql(f"DROP DATABASE {self.name} WITH (FORCE)", f"CREATE DATABASE {self.name}")

    def drop(self) -> None:
        self.sql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


@pytest.fixture
def site(tmp_path) -> Iterator[Site]:
    # Picked by the database the suite runs on, so both are drilled and nothing is skipped.
    if connection.vendor == "postgresql":
        made = PostgresSite(tmp_path)
        try:
            yield made
        finally:
            made.drop()
    else:
        yield SQLiteSite(tmp_path)


def test_backup_lose_everything_restore_and_the_seals_still_hold(site, tmp_path):
    gongkai(site.env, "migrate", "--noinput")
    gongkai(site.env, "load_demo")  # units, published and sealed publications, attachments
    before, media = counts(site.env), tmp_path / "media"
    attachments = files(media)
    assert before["core.Unit"] and before["publishing.Seal"] and attachments

    gongkai(site.env, "backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["vendor"] == connection.vendor
    site.lose_database()
    shutil.rmtree(media)

    gongkai(site.env, "restore", "--no-input", str(tmp_path / "backup"))
    assert counts(site.env) == before
    if "DATABASE_REPLICA_URL" in site.env:  # what the primary restored, its standby has too
        assert counts(site.env, STANDBY_COUNT) == before
    assert files(media) == attachments
    assert f"all {before['publishing.Seal']} seals hold" in gongkai(site.env, "verify_seals")


def test_a_backup_is_never_written_over_another(site, tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "manifest.json").write_text("{}")
    done = subprocess.run(
        [sys.executable, "-m", "gongkai", "backup", str(folder)],
        env=site.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0 and str(folder) in done.stderr
    assert (folder / "manifest.json").read_text() == "{}"
