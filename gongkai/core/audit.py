"""Recording audit events. Every action that changes state calls `record` once."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent, Unit, User


def record(
    action: str,
    *,
    actor: User | None,
    unit: Unit | None = None,
    target: models.Model | None = None,
    **data: Any,
) -> AuditEvent:
    """Append one event named `subject:action`, e.g. `unit:created`."""
    if ":" not in action:
        raise ValueError(f"audit action {action!r} is not named subject:action")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        unit=unit,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        data=data,
    )
