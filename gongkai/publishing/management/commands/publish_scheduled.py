"""Publish the approved drafts whose scheduled time has come, at once. `gongkai worker` does the
same every minute (`tasks.publish_scheduled`); cron may call this instead, e.g. every 5 minutes.

Safe to run twice at once or in a row: each publication is locked while it is published, and
the second run finds it published already.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.publishing import actions


class Command(BaseCommand):
    help = "Publish approved publications whose scheduled time has come."

    def handle(self, *args, **options) -> None:
        published = actions.publish_scheduled(now=timezone.now(), today=timezone.localdate())
        for version in published:
            self.stdout.write(f"{version.publication.index_no} v{version.number}")
        self.stdout.write(f"published: {len(published)}")
