"""The daily escalation of overdue rectification orders, on the task queue (see `jobs`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from gongkai.core.tasks import background, periodic

from . import jobs


@background
def daily(today: str) -> dict[str, int]:
    return jobs.run(dt.date.fromisoformat(today)).as_dict()


periodic(daily, at=settings.TASKS_DAILY_AT)
