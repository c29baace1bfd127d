"""The health check a load balancer asks: does this process answer, and does its database?"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connections
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

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


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 `{"status": "ok", "database": "ok"}` when every configured database answers a
    trivial query; 503 naming the database that does not. No session, no cookie, never
    cached; the error itself goes to the log, not to whoever asks."""
    failing = [alias for alias in connections if not _database_answers(alias)]
    if not failing:
        return JsonResponse({"status": "ok", "database": "ok"})
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
