"""Check every seal chain: names each publication whose stored content, or whose public state
(audience, status, withdrawal, take-down), no longer matches its seals."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.publishing import anchors, reads
from gongkai.publishing.models import Seal


class Command(BaseCommand):
    help = (
        "Verify the seals of every published version, each publication's public state against "
        "its latest seal, and the chain of each county; with --anchor, also that the chain "
        "still holds a head noted earlier by `seal_head`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="ORGCODE:NUMBER:HASH",
            help="A chain head noted earlier (repeatable).",
        )

    def handle(self, *args, **options) -> None:
        try:
            noted = [anchors.parse(text) for text in options["anchor"]]
        except anchors.BadAnchor as error:
            raise CommandError(str(error)) from error
        failures = reads.verify_chain()
        for check in failures:
            self.stdout.write(
                f"{check.publication.index_no} v{check.version.number} "
                f"{check.version.title}: {'; '.join(str(p) for p in check.problems)}"
            )
        broken = 0
        for anchor in noted:
            problems = anchors.check(anchor)
            broken += bool(problems)
            for problem in problems:
                self.stdout.write(f"anchor {anchor}: {problem}")
        checked = Seal.objects.count()
        if failures or broken:
            raise CommandError(
                f"{len(failures)} of {checked} seals do not hold; "
                f"{broken} of {len(noted)} anchors do not match"
            )
        anchored = f"; {len(noted)} anchors match" if noted else ""
        self.stdout.write(f"all {checked} seals hold{anchored}")
