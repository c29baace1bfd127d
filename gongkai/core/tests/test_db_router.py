"""The router's rules: who reads the replica, and that nothing else ever does.

These run on both databases; what the real standby serves is in portal/tests/test_replica.py.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connections

from gongkai.core import db_router
from gongkai.core.db_router import PRIMARY, REPLICA, PrimaryReplicaRouter, reads_replica
from gongkai.core.models import AuditEvent, Unit
from gongkai.publishing.models import Publication

SESSION = settings.SESSION_COOKIE_NAME


@pytest.mark.parametrize(
    ("method", "path", "cookies", "authorization", "replica"),
    [
        ("GET", "/", {}, False, True),  # the home page
        ("HEAD", "/info/11430000A01-2026-000001/", {}, False, True),  # a publication
        ("GET", "/search/?q=低保", {}, False, True),
        ("GET", "/api/v1/publications", {}, False, True),  # the public API
        ("GET", "/applications/new/", {"csrftoken": "x"}, False, True),  # a form to fill in
        ("POST", "/applications/new/", {}, False, False),  # every write on the primary
        ("PUT", "/api/v1/publications/1", {}, False, False),
        ("DELETE", "/api/v1/publications/1", {}, False, False),
        ("GET", "/", {SESSION: "abc"}, False, False),  # a signed-in user (or any session)
        ("GET", "/", {db_router.STICKY_COOKIE: "1"}, False, False),  # has just written
        ("GET", "/api/v1/staff/publications", {}, True, False),  # an API token: staff
        ("GET", "/staff/", {}, False, False),  # staff pages, even before signing in
        ("GET", "/staff/sign-in/", {}, False, False),
        ("GET", "/django-admin/", {}, False, False),
        ("GET", "/healthz", {}, False, False),  # asks each database itself
    ],
)
def test_who_reads_the_replica(method, path, cookies, authorization, replica):
    decided = reads_replica(
        method=method, path=path, cookies=cookies, authorization=authorization, replica=True
    )
    assert decided is replica


def test_without_a_replica_every_request_reads_the_primary():
    assert not reads_replica(method="GET", path="/", cookies={}, authorization=False, replica=False)


def test_writes_and_migrations_always_go_to_the_primary():
    router = PrimaryReplicaRouter()
    for model in (Publication, AuditEvent, Unit):
        assert router.db_for_write(model) == PRIMARY
    assert router.allow_migrate(PRIMARY, "publishing")
    assert not router.allow_migrate(REPLICA, "publishing")
    assert router.allow_relation(Unit(), Publication())


def test_outside_a_request_reads_go_to_the_primary():
    """Commands, jobs and the shell read what they, or anyone, just wrote."""
    assert PrimaryReplicaRouter().db_for_read(Publication) == PRIMARY
    assert db_router.read_alias() == PRIMARY


def test_an_anonymous_request_reads_the_replica_but_never_inside_a_transaction(db):
    token = db_router._reads.set(REPLICA)
    try:
        # The test itself runs inside a transaction on the primary: its reads see its writes.
        assert connections[PRIMARY].in_atomic_block
        assert db_router.read_alias() == PRIMARY
    finally:
        db_router._reads.reset(token)


def test_an_anonymous_request_reads_the_replica():
    token = db_router._reads.set(REPLICA)
    try:
        assert PrimaryReplicaRouter().db_for_read(Publication) == REPLICA
        assert PrimaryReplicaRouter().db_for_write(Publication) == PRIMARY
    finally:
        db_router._reads.reset(token)
