"""`gongkai restore FOLDER`: put back a backup made by `gongkai backup`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.core import backup


class Command(BaseCommand):
    help = (
        "Replace the database and the media folder with the backup in FOLDER (made by "
        "`gongkai backup`). Stop the site first; run `gongkai verify_seals` afterwards."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--database", default="default", help="Database alias.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, **options) -> None:
        folder = options["folder"]
        try:
            manifest = backup.read_manifest(folder)
            if options["interactive"]:
                answer = input(
                    _(
                        "This replaces every record and file of this site with the backup "
                        "made at %(made_at)s. Type 'yes' to continue: "
                    )
                    % {"made_at": manifest["made_at"]}
                )
                if answer != "yes":
                    raise CommandError(_("Restore cancelled."))
            backup.restore(folder, alias=options["database"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Restored the backup made at %(made_at)s. Run `gongkai verify_seals` now.")
            % {"made_at": manifest["made_at"]}
        )
