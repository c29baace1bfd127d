"""Check every seal chain: names each publication whose stored content no longer matches."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.publishing import actions
from gongkai.publishing.models import Seal


class Command(BaseCommand):
    help = "Verify the seals of every published version and the chain of each county."

    def handle(self, *args, **options) -> None:
        failures = actions.verify_chain()
        for check in failures:
            self.stdout.write(
                f"{check.publication.index_no} v{check.version.number} "
                f"{check.version.title}: {'; '.join(str(p) for p in check.problems)}"
            )
        checked = Seal.objects.count()
        if failures:
            raise CommandError(f"{len(failures)} of {checked} seals do not hold")
        self.stdout.write(f"all {checked} seals hold")
