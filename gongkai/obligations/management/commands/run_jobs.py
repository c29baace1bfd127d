"""`gongkai run_jobs`: the daily job at once, for cron. `gongkai worker` runs the same jobs as
tasks every day (each app's `tasks.daily`). Safe to run twice, and on several servers."""

from __future__ import annotations

import datetime as dt
import json
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.utils.timezone import localdate

from gongkai.obligations import jobs


def other_apps_jobs():
    """Each other app's `jobs.run(today)`, in INSTALLED_APPS order (found as `load_demo` finds
    the apps' demo content), so that one daily command runs them all."""
    for config in apps.get_app_configs():
        if not config.name.startswith("gongkai.") or config.name == "gongkai.obligations":
            continue
        try:
            module = import_module(f"{config.name}.jobs")
        except ModuleNotFoundError as error:
            if error.name == f"{config.name}.jobs":
                continue
            raise
        yield module.run


class Command(BaseCommand):
    help = (
        "Create the year's disclosure obligations, send due and overdue reminders, escalate "
        "overdue obligations, and run the other apps' daily jobs (overdue rectification orders). "
        "Idempotent: a reminder is never sent twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, help="Run as of this day (YYYY-MM-DD)."
        )

    def handle(self, *args, **options) -> None:
        today = options["today"] or localdate()
        summary = jobs.run(today).as_dict()
        for run in other_apps_jobs():
            summary.update(run(today).as_dict())
        if options["json"]:
            self.stdout.write(json.dumps(summary, sort_keys=True))
        else:
            for name, value in summary.items():
                self.stdout.write(f"{name}: {value}")
