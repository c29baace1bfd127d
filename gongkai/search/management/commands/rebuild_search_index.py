from __future__ import annotations

from django.core.management.base import BaseCommand

from gongkai.search import index


class Command(BaseCommand):
    help = (
        "Empty the search index and fill it again: from the apps that registered a source, "
        "or else from the texts the index keeps."
    )

    def handle(self, *args, **options) -> None:
        def progress(count: int) -> None:
            self.stderr.write(f"\r  {count:,} documents", ending="")
            self.stderr.flush()

        count = index.rebuild(progress=progress)
        self.stderr.write("")
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count:,} documents."))
