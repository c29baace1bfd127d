"""The daily job on the task queue: obligations made, reminders sent, overdue ones escalated.

`gongkai worker` runs it once a day from TASKS_DAILY_AT (local time); `gongkai run_jobs` runs
the same job at once, for a cron set-up. Safe to run twice: see `jobs`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from gongkai.core.tasks import background, periodic

from . import jobs


@background
def daily(today: str) -> dict[str, int]:
    return jobs.run(dt.date.fromisoformat(today)).as_dict()


periodic(daily, at=settings.TASKS_DAILY_AT)
