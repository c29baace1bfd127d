"""The health check: 200 while the database answers, 503 naming the one that does not."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.contrib.sessions.models import Session
from django.db import connections
from django.test import Client


def test_a_load_balancer_gets_ok_with_no_cookie_no_cache_and_no_session(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    answer = response.json()
    assert answer["status"] == "ok" and answer["database"] == "ok"
    # With a streaming replica configured its state is reported too (portal/tests/test_replica).
    assert set(answer) == {"status", "database"} | ({"replica"} & set(connections))
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert not Session.objects.exists()
    assert Client().head("/healthz").status_code == 200
    assert Client().post("/healthz").status_code == 405


# Run in a process of its own, whose only database is a file in a folder that does not
# exist: SQLite cannot open it, as a server cannot reach a database that is down.
BROKEN = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(json.dumps({"code": response.status_code, "answer": response.json(),
                  "cache": response["Cache-Control"], "cookies": len(response.cookies)}))
"""


def test_a_database_that_does_not_answer_is_a_503(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'missing-folder' / 'gongkai.sqlite3'}",
        "GONGKAI_VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "testserver",
    }
    run = subprocess.run(
        [sys.executable, "-c", BROKEN], env=env, capture_output=True, text=True, check=True
    )
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["code"] == 503
    assert seen["answer"]["status"] == "error" and seen["answer"]["database"] == "error"
    assert "default" in seen["answer"]["detail"]
    assert "no-store" in seen["cache"] and seen["cookies"] == 0


def test_behind_https_the_check_answers_plain_http_instead_of_redirecting(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/").status_code == 301
