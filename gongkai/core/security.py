"""The security log: anonymous noise (a bad API key, a failed sign-in) counted per address
and per account name in fixed time windows, never one row per request.

The audit log is for what staff do; failures anyone on the internet can cause go here, so
they neither grow the append-only audit log without bound nor move the public pages' cache
generation. `note_failure` is the one call; `prune` deletes old windows.
"""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import SecurityNote

OVERFLOW = "*"


def window_start(now: dt.datetime) -> dt.datetime:
    minutes = settings.SECURITY_LOG_WINDOW_MINUTES
    epoch = int(now.timestamp()) // (minutes * 60) * (minutes * 60)
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC)


def _count(kind: str, scope: str, value: str, start: dt.datetime, now: dt.datetime) -> int:
    rows = SecurityNote.objects.filter(kind=kind, scope=scope, value=value, window_start=start)
    if rows.update(count=F("count") + 1, last_at=now):
        return rows.values_list("count", flat=True).first() or 0
    if (
        value != OVERFLOW
        and SecurityNote.objects.filter(window_start=start).count()
        >= settings.SECURITY_LOG_MAX_ROWS
    ):
        return _count(kind, scope, OVERFLOW, start, now)
    try:
        with transaction.atomic():
            SecurityNote.objects.create(
                kind=kind, scope=scope, value=value, window_start=start, count=1, last_at=now
            )
        return 1
    except IntegrityError:  # another request made the row first
        return _count(kind, scope, value, start, now)


def note_failure(
    kind: str, address: str | None, account: str = "", *, now: dt.datetime | None = None
) -> int:
    """Count one failure of `kind` (e.g. "api_key", "sign_in") from `address` for `account`.

    Returns how many failures the address made in this window.
    """
    now = now or timezone.now()
    start = window_start(now)
    with transaction.atomic():
        by_address = _count(kind, SecurityNote.Scope.ADDRESS, (address or "?")[:150], start, now)
        if account:
            _count(kind, SecurityNote.Scope.ACCOUNT, account.lower()[:150], start, now)
    return by_address


def failures(kind: str, *, address: str = "", account: str = "", now=None) -> int:
    """Failures of `kind` in the current window from an address or for an account."""
    start = window_start(now or timezone.now())
    scope, value = (
        (SecurityNote.Scope.ADDRESS, address) if address else (SecurityNote.Scope.ACCOUNT, account)
    )
    row = SecurityNote.objects.filter(
        kind=kind, scope=scope, value=value.lower() if account else value, window_start=start
    ).first()
    return row.count if row else 0


def prune(*, now: dt.datetime | None = None) -> int:
    """Delete windows older than SECURITY_LOG_DAYS, and the sign-in throttle's attempts
    older than its longest cool-off; returns how many rows went."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.SECURITY_LOG_DAYS)
    deleted, _by_model = SecurityNote.objects.filter(window_start__lt=cutoff).delete()
    attempts, _by_model = AccessAttempt.objects.filter(
        attempt_time__lt=now - dt.timedelta(hours=24)
    ).delete()
    return deleted + attempts


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind our reverse proxy (BEHIND_PROXY) the last
    address in X-Forwarded-For, the one the proxy itself appended (earlier ones are the
    client's to invent)."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if last := forwarded.rsplit(",", 1)[-1].strip():
            return last[:64]
    return request.META.get("REMOTE_ADDR")
