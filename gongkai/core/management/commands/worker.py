"""`gongkai worker`: run the background tasks kept in the database, and enqueue the periodic ones.

One on a single machine (SQLite), or one or more on each of several machines (PostgreSQL): a
task is claimed by one worker only, and a periodic task's slot is enqueued once (see
`gongkai.core.tasks`). Stops cleanly on SIGTERM after the task it is running.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils.crypto import get_random_string

from gongkai.core import tasks


class Command(BaseCommand):
    help = "Run background tasks from the database queue, and enqueue the periodic ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait when the queue is empty (default 1).",
        )
        parser.add_argument(
            "--schedule-every",
            type=float,
            default=30.0,
            help="Seconds between looks at the periodic schedule (default 30).",
        )
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="Only run tasks; let other workers enqueue the periodic ones.",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run what is ready (after enqueuing what is due), then exit.",
        )
        parser.add_argument(
            "--worker-id",
            default="",
            help="A name unique among the workers, recorded on each task it runs.",
        )

    def handle(self, *args, **options) -> None:
        worker_id = options["worker_id"] or get_random_string(16)
        say = self.stdout.write if options["verbosity"] >= 1 else (lambda line: None)
        runner = tasks.worker(worker_id)
        runner.configure_signals()
        next_look = 0.0
        while runner.running:
            close_old_connections()
            if not options["no_schedule"] and time.monotonic() >= next_look:
                for name in tasks.enqueue_due():
                    say(f"enqueued: {name}")
                next_look = time.monotonic() + options["schedule_every"]
            found = tasks.run_one(runner)
            if found is not None:
                say(f"{found.status.lower()}: {found.task_path} {found.id}")
                continue
            if options["batch"]:
                break
            time.sleep(options["interval"])
