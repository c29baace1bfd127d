"""Reads of meetings for the public pages and the API: a few queries however long the list."""

from __future__ import annotations

import datetime as dt

from gongkai.core.models import Unit

from .actions import token_hash
from .models import Meeting, MeetingQuerySet, Signup


def public_meetings(unit: Unit | None = None) -> MeetingQuerySet:
    """Announced and cancelled meetings of `unit` and the units under it (all, without one),
    with their unit and decisions' publication."""
    rows = Meeting.objects.public().select_related("unit", "decisions")
    if unit is not None:
        rows = rows.filter(unit__in=Unit.objects.subtree(unit).values("pk"))
    return rows


def upcoming_and_past(
    unit: Unit | None, now: dt.datetime, *, past_limit: int = 20
) -> tuple[list[Meeting], list[Meeting]]:
    rows = public_meetings(unit)
    return list(rows.upcoming(now)), list(rows.past(now)[:past_limit])


def signups_by_tokens(tokens: list[str]) -> list[Signup]:
    """A person's own sign-ups, from the tokens their browser holds, with the notices."""
    if not tokens:
        return []
    return list(
        Signup.objects.filter(token_hash__in=[token_hash(t) for t in tokens])
        .select_related("meeting", "meeting__unit")
        .prefetch_related("notices")
        .order_by("-created_at")
    )
