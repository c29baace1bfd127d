"""Print each county's seal chain head as an anchor to keep outside the database."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.publishing import anchors


class Command(BaseCommand):
    help = (
        "Print each county's newest seal as ORGCODE:NUMBER:HASH. Keep the line somewhere else "
        "(a printed log, the county's archive, an e-mail); `gongkai verify_seals --anchor LINE` "
        "later proves the chain up to that seal was not rewritten."
    )

    def handle(self, *args, **options) -> None:
        for county, seal in anchors.heads():
            when = timezone.localtime(seal.sealed_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(f"{anchors.anchor_of(seal)}  {county.name}  {when}")
