"""Public pages read from a real PostgreSQL streaming replica; staff and writers the primary.

`tools/with_postgres.py` starts a primary and a hot standby streaming from it, and the suite's
`replica` database is that standby, opened on the test database the primary created (which
the standby replays like everything else). Only committed rows reach a standby, so these
tests commit (`transaction=True`) and wait until the standby has replayed the primary's log
up to that point. Which database served a request is seen on its connection.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.test import Client
from django.urls import reverse

from gongkai.core import db_router
from gongkai.core.health import replica_state
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.tests.test_views import form_data
from gongkai.publishing.models import Publication

pytestmark = [
    pytest.mark.replica,
    # Every app available: the flush between tests then cascades to the tables that are not
    # models' (the search index's).
    pytest.mark.django_db(
        transaction=True, databases=["default", "replica"], available_apps=settings.INSTALLED_APPS
    ),
]


@pytest.fixture
def standby():
    from gongkai.conftest import missing_tool

    if not db_router.replica_configured():
        missing_tool("no streaming replica is configured (tools/with_postgres.py starts one)")
    replica = connections["replica"]
    # The mirror of the test database, on the standby server.
    assert replica.settings_dict["NAME"] == connections["default"].settings_dict["NAME"]
    assert replica.settings_dict["PORT"] != connections["default"].settings_dict["PORT"]
    assert in_recovery(replica)
    caches["pages"].clear()  # every page below is rendered from a database
    return replica


def in_recovery(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return cursor.fetchone()[0]


def caught_up(replica) -> None:
    """Wait until the standby has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()")
        (target,) = cursor.fetchone()
    for _attempt in range(600):
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError(f"the standby did not replay the primary's log up to {target}")


@contextmanager
def paused(replica) -> Iterator[None]:
    """The standby stops replaying (as one far behind would), then catches up again."""
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
        for _attempt in range(600):
            cursor.execute("SELECT pg_get_wal_replay_pause_state()")
            if cursor.fetchone()[0] == "paused":
                break
            time.sleep(0.05)
    try:
        yield
    finally:
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")


@contextmanager
def served() -> Iterator[dict[str, int]]:
    """How many reads each database answered inside the block. (A reader's first visit to a
    publication may also keep its rendered text: that write goes to the primary.)"""
    counts = {"default": 0, "replica": 0}

    def counter(alias: str):
        def wrapper(execute, sql, params, many, context):
            if sql.lstrip().upper().startswith("SELECT"):
                counts[alias] += 1
            return execute(sql, params, many, context)

        return wrapper

    with (
        connections["default"].execute_wrapper(counter("default")),
        connections["replica"].execute_wrapper(counter("replica")),
    ):
        yield counts


def test_what_the_primary_publishes_an_anonymous_reader_gets_from_the_replica(standby, world):
    publication = world.published(title="青山镇2026年防汛抗旱应急预案")
    caught_up(standby)
    assert Publication.objects.using("replica").filter(pk=publication.pk, status="published")

    with served() as counts:
        response = Client().get(publication.get_absolute_url())
    assert response.status_code == 200
    assert "青山镇2026年防汛抗旱应急预案" in response.content.decode()
    assert counts["replica"] > 0 and counts["default"] == 0

    with served() as counts:
        listed = Client().get(f"/info/{world.township.org_code}/")
        api = Client().get("/api/v1/publications")
    assert listed.status_code == 200 and "防汛抗旱应急预案" in listed.content.decode()
    assert api.status_code == 200
    assert counts["replica"] > 0 and counts["default"] == 0


def test_a_signed_in_user_reads_the_primary(standby, world):
    publication = world.published(title="青山镇2026年防汛抗旱应急预案")
    caught_up(standby)
    client = Client()
    client.force_login(world.reviewer)
    with served() as counts:
        page = client.get(publication.get_absolute_url())
        desk = client.get(reverse("publishing:work"))
    assert page.status_code == 200 and desk.status_code == 200
    assert counts["default"] > 0 and counts["replica"] == 0


def test_a_page_the_replica_does_not_have_yet_is_asked_of_the_primary(standby, world):
    with paused(standby):
        publication = world.published(title="关于青山镇集镇道路改造的公告")
        assert not Publication.objects.using("replica").filter(pk=publication.pk)
        state = replica_state()
        assert state["lag_bytes"] > 0 and state["state"] in {"streaming", "behind"}

        with served() as counts:
            response = Client().get(publication.get_absolute_url())
        # Never "does not exist" for what is published: the replica's 404 is asked again.
        assert response.status_code == 200
        assert "关于青山镇集镇道路改造的公告" in response.content.decode()
        assert counts["replica"] > 0 and counts["default"] > 0

        with served() as counts:
            missing = Client().get(f"{publication.get_absolute_url()}v9/")
        assert missing.status_code == 404  # what the primary has not either stays a 404
    caught_up(standby)
    assert replica_state()["state"] == "streaming"


def test_a_replica_that_does_not_answer_is_left_alone_for_a_while(standby, world, settings):
    publication = world.published(title="青山镇2026年防汛抗旱应急预案")
    settings.REPLICA_RETRY_SECONDS = 3600
    reachable = dict(standby.settings_dict)
    standby.close()
    standby.close_pool()
    # Where the standby was, nothing answers now (as when its machine is down).
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    standby.settings_dict["PORT"] = port
    standby.settings_dict["OPTIONS"] = {"pool": {**reachable["OPTIONS"]["pool"], "timeout": 1}}
    client = Client(raise_request_exception=False)
    try:
        with served() as counts:
            first = client.get(publication.get_absolute_url())
        assert first.status_code == 200  # answered again by the primary
        assert counts["default"] > 0
        with served() as counts:
            then = client.get(publication.get_absolute_url())
        assert then.status_code == 200
        assert counts["replica"] == 0  # not even tried while it rests
        # The server still serves: the balancer must keep it; the state says what is wrong.
        health = Client().get("/healthz")
        assert health.status_code == 200
        assert health.json()["replica"] == {"state": "down", "lag_bytes": None, "lag_seconds": None}
    finally:
        standby.close()
        standby.close_pool()
        standby.settings_dict.update(reachable)
        db_router._replica_resting_until = 0.0
    assert in_recovery(standby)


def test_an_applicant_reads_the_primary_after_applying(standby, world):
    client = Client()
    data = form_data(world.township)
    with paused(standby):  # the replica has not seen the application at all
        sent = client.post(reverse("info_requests_public:apply"), data)
        assert sent.status_code == 302
        sticky = sent.cookies[db_router.STICKY_COOKIE]
        assert sticky["max-age"] == settings.REPLICA_STICKY_SECONDS and sticky["httponly"]
        req = InfoRequest.objects.get()

        with served() as counts:
            status = client.get(sent["Location"])
        assert status.status_code == 200 and req.tracking_code in status.content.decode()
        assert counts["default"] > 0 and counts["replica"] == 0

        # Even without its session, the browser that has just written reads the primary.
        del client.cookies[settings.SESSION_COOKIE_NAME]
        with served() as counts:
            assert client.get("/").status_code == 200
        assert counts["default"] > 0 and counts["replica"] == 0
    caught_up(standby)


def test_the_health_check_reports_the_replica(standby, db):
    caught_up(standby)
    answer = Client().get("/healthz").json()
    assert answer["status"] == "ok" and answer["database"] == "ok"
    # Other tests write on the same server meanwhile: the standby is seldom exactly level.
    assert answer["replica"]["state"] == "streaming"
    assert answer["replica"]["lag_bytes"] >= 0 and answer["replica"]["lag_seconds"] >= 0
    assert in_recovery(standby) and not in_recovery(connections["default"])
