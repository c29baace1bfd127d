"""Recording audit events. Every action that changes state calls `record` once."""

from __future__ import annotations

from typing import Any

from django.db import models

from . import caching, events
from .models import AuditEvent, Unit, User


def record(
    action: str,
    *,
    actor: User | None,
    unit: Unit | None = None,
    target: models.Model | None = None,
    **data: Any,
) -> AuditEvent:
    """Append one event named `subject:action`, e.g. `unit:created`, declared in an app's
    `events.py` (a ValueError otherwise)."""
    declared = events.require(action)
    unknown = set(data) - declared.fields
    if unknown and not declared.open_fields:
        raise ValueError(f"audit event {action!r} does not declare the fields {sorted(unknown)}")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = AuditEvent.objects.create(
        action=action,
        actor=actor,
        unit=unit,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        data=data,
    )
    # The public pages this change makes stale, by its declaration; in the same transaction.
    caching.invalidate(event, unit, target)
    return event
