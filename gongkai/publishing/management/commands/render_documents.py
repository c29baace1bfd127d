"""Store the rendered document of every published version that has none, or an old one."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from gongkai.publishing import rendering
from gongkai.publishing.models import PublicationVersion


class Command(BaseCommand):
    help = (
        "Render and store the public document of every published version stored under an old "
        "key or not at all (after an upgrade, a changed template or a renamed catalog item); "
        "the publishing action stores new ones. Documents already current are skipped, so it "
        "can be stopped and run again; --after resumes past a version's key."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--after", type=int, default=0, help="Start past this version key.")
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args, **options) -> None:
        after, batch = options["after"], options["batch"]
        total = PublicationVersion.objects.filter(pk__gt=after, published_at__isnull=False).count()
        seen = stored = 0
        began = time.monotonic()
        while True:
            last, count = rendering.store_missing(after=after, batch=batch)
            if not last:
                break
            after, stored = last, stored + count
            seen = min(total, seen + batch)
            rate = seen / max(time.monotonic() - began, 1e-6)
            self.stderr.write(
                f"\r{seen:,} / {total:,} versions, {stored:,} documents stored "
                f"({rate:,.0f} versions/s; resume with --after {after})",
                ending="",
            )
        self.stderr.write("")
        self.stdout.write(f"{stored} documents stored.")
