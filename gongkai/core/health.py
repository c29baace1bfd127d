"""The health check a load balancer asks: does this process answer, and does its database?"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import db_router

logger = logging.getLogger(__name__)


def _database_answers(alias: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("health check: database %s does not answer", alias)
        # A connection that failed is dropped, so the next check opens a fresh one.
        connections[alias].close()
        return False


# What the standby says of itself: is it replaying (a hot standby), how far has it replayed,
# and how old is the newest change it replayed when it has not caught up with what it received.
STANDBY = """
SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn(),
       CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
       END
"""


def replica_state() -> dict[str, object]:
    """The replica as the primary sees it: `streaming` (a hot standby at most
    REPLICA_MAX_LAG_SECONDS behind), `behind` (further), or `promoted` (no longer a standby:
    it takes writes of its own, so it must be taken out of DATABASE_REPLICA_URL); with the
    lag in bytes of the primary's log not yet replayed and in seconds."""
    replica = connections[db_router.REPLICA]
    if replica.vendor != "postgresql":
        return {"state": "streaming", "lag_bytes": 0, "lag_seconds": 0.0}
    with replica.cursor() as cursor:
        cursor.execute(STANDBY)
        in_recovery, replayed, seconds = cursor.fetchone()
    if not in_recovery:
        return {"state": "promoted", "lag_bytes": 0, "lag_seconds": 0.0}
    with connections[db_router.PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s::pg_lsn)", [replayed])
        lag_bytes = max(int(cursor.fetchone()[0]), 0)
    lag_seconds = round(float(seconds), 3) if lag_bytes else 0.0
    state = "behind" if lag_seconds > settings.REPLICA_MAX_LAG_SECONDS else "streaming"
    return {"state": state, "lag_bytes": lag_bytes, "lag_seconds": lag_seconds}


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 `{"status": "ok", "database": "ok"}` when the database answers a trivial query;
    503 naming it when it does not. No session, no cookie, never cached; the error itself
    goes to the log, not to whoever asks. With a replica, its state and lag
    (`replica_state`) are reported too, `down` when it does not answer; that is no 503: the
    pages are then read from the primary (core/db_router.py), so this server still serves."""
    aliases = [alias for alias in connections if alias != db_router.REPLICA]
    failing = [alias for alias in aliases if not _database_answers(alias)]
    if not failing:
        answer: dict[str, object] = {"status": "ok", "database": "ok"}
        if db_router.replica_configured():
            answer["replica"] = (
                replica_state()
                if _database_answers(db_router.REPLICA)
                else {"state": "down", "lag_bytes": None, "lag_seconds": None}
            )
        return JsonResponse(answer)
    return JsonResponse(
        {
            "status": "error",
            "database": "error",
            "detail": _("The database does not answer: %(aliases)s.")
            % {"aliases": ", ".join(failing)},
        },
        status=503,
        json_dumps_params={"ensure_ascii": False},
    )
