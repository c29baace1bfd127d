from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from gongkai.search import index
from gongkai.search.models import RebuildProgress


class Command(BaseCommand):
    help = (
        "Index every document again: from the apps that registered a source, or else from "
        "the texts the index keeps. Shows its progress; a stopped rebuild goes on with --resume."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--resume",
            action="store_true",
            help="go on from where a stopped rebuild was (else start again from the first)",
        )

    def handle(self, *args, resume: bool = False, **options) -> None:
        state = RebuildProgress.objects.filter(pk=1).first()
        if resume and state is not None:
            self.stderr.write(f"Resuming after {state.done:,} documents.")
        elif resume:
            self.stderr.write("No stopped rebuild to resume: starting from the first document.")
        started = time.monotonic()
        first = state.done if resume and state is not None else 0

        def progress(count: int) -> None:
            rate = (count - first) / max(time.monotonic() - started, 1e-3)
            self.stderr.write(f"\r  {count:,} documents ({rate:,.0f}/s)", ending="")
            self.stderr.flush()

        count = index.rebuild(progress=progress, resume=resume)
        self.stderr.write("")
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count:,} documents."))
