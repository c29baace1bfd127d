"""Which database a request reads: the streaming replica for anonymous readers, else the primary.

With `DATABASE_REPLICA_URL` set, the settings add a `replica` database (a PostgreSQL hot
standby). The rules:

- every write, every migration, and every read inside a transaction on the primary go to the
  primary (`default`);
- a request reads the replica only when it is a GET or HEAD of a public page or of the public
  API, from a client with no session cookie (so never a signed-in user), no `Authorization`
  header (API tokens belong to staff) and no "just wrote" cookie;
- any request that may write (POST, PUT, PATCH, DELETE) sets that cookie for
  `REPLICA_STICKY_SECONDS`: an applicant who has just sent an application, a rating or a
  sign-up reads the primary for a while afterwards and sees what was sent;
- a page the replica answers with 404 is asked again of the primary, so a reader is never
  told that something just published does not exist because the replica is a moment behind;
- a replica that fails (down, unreachable, a query cancelled) gets the request answered again
  from the primary, and is left alone for `REPLICA_RETRY_SECONDS` (reads go to the primary);
- reads outside a request (commands, jobs, the shell) use the primary.

Pages read entirely from one database, so a page and the cache generations it is filed under
come from the same state: raw SQL on the public path takes `read_connection()`.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"
# Set on the answer to any request that may write; while present, the client reads the primary.
STICKY_COOKIE = "gongkai_primary"
SAFE_METHODS = ("GET", "HEAD")
# Staff pages, the admin and the health check (which asks each database itself).
PRIMARY_PREFIXES = ("/staff/", "/django-admin/", "/healthz")

_reads: ContextVar[str] = ContextVar("gongkai_reads", default=PRIMARY)
# In this process, until when (time.monotonic()) the replica is left alone after it failed.
_replica_resting_until = 0.0


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def reads_replica(
    *, method: str, path: str, cookies: dict[str, str], authorization: bool, replica: bool
) -> bool:
    """Whether a request may read the replica: an anonymous reader's GET of a public page."""
    return (
        replica
        and method in SAFE_METHODS
        and not path.startswith(PRIMARY_PREFIXES)
        and not authorization
        and settings.SESSION_COOKIE_NAME not in cookies
        and STICKY_COOKIE not in cookies
    )


def read_alias() -> str:
    """The database this request reads: the replica's alias or the primary's."""
    alias = _reads.get()
    # A read inside a transaction on the primary reads what that transaction sees.
    if alias != PRIMARY and connections[PRIMARY].in_atomic_block:
        return PRIMARY
    return alias


def read_connection() -> BaseDatabaseWrapper:
    """The connection for raw SQL reads on the public path (see `read_alias`)."""
    return connections[read_alias()]


def rest_replica() -> None:
    """Leave the replica alone for REPLICA_RETRY_SECONDS: it failed to answer a request."""
    global _replica_resting_until
    logger.warning(
        "the replica failed; reads go to the primary for %ss", settings.REPLICA_RETRY_SECONDS
    )
    connections[REPLICA].close()
    _replica_resting_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS


class PrimaryReplicaRouter:
    """Django's router: reads by `read_alias`, everything else on the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: type, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same rows on both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY  # the standby replays the primary's schema


class ReplicaReadsMiddleware:
    """Decides, once per request and before the session is read, which database it reads."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        replica = reads_replica(
            method=request.method or "",
            path=request.path,
            cookies=request.COOKIES,
            authorization="HTTP_AUTHORIZATION" in request.META,
            replica=True,
        )
        if replica and time.monotonic() >= _replica_resting_until:
            # On a copy, so what the inner layers keep on the request (the user, the page's
            # validators, the CSRF state) does not carry into a second attempt.
            attempt = copy.copy(request)
            attempt.META = dict(request.META)
            response = self._read(REPLICA, attempt)
            if response.status_code >= 500 and connections[REPLICA].errors_occurred:
                rest_replica()
            elif response.status_code != 404:
                return response
        response = self._read(PRIMARY, request)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def _read(self, alias: str, request: HttpRequest) -> HttpResponse:
        token = _reads.set(alias)
        try:
            return self.get_response(request)
        finally:
            _reads.reset(token)
