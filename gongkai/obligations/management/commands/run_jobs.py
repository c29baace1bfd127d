"""`gongkai run_jobs`: the daily job, for cron. Safe to run twice, and on several servers."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandParser
from django.utils.timezone import localdate

from gongkai.assessment import jobs as assessment_jobs
from gongkai.obligations import jobs


class Command(BaseCommand):
    help = (
        "Create the year's disclosure obligations, send due and overdue reminders, escalate "
        "overdue obligations and rectification orders. Idempotent: a reminder is never sent twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, help="Run as of this day (YYYY-MM-DD)."
        )

    def handle(self, *args, **options) -> None:
        today = options["today"] or localdate()
        summary = jobs.run(today).as_dict()
        summary.update(assessment_jobs.run(today).as_dict())
        if options["json"]:
            self.stdout.write(json.dumps(summary, sort_keys=True))
        else:
            for name, value in summary.items():
                self.stdout.write(f"{name}: {value}")
