"""Listeners: when an administrator changes the calendar, open clocks are replayed."""

from __future__ import annotations

from typing import Any

from django.utils.timezone import localdate

from .actions import recompute


def recompute_clocks(sender: Any, years: set[int] | None = None, **kwargs: Any) -> None:
    recompute(set(years or ()), today=localdate())
