"""`gongkai backup FOLDER`: the database and the media folder, while the site runs."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite's online backup, or pg_dump -Fc on PostgreSQL) and the "
        "media folder into FOLDER, a new or empty folder. The site may keep running."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, **options) -> None:
        try:
            manifest = backup.back_up(options["folder"], alias=options["database"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Backed up the %(vendor)s database and the media folder into %(folder)s.")
            % {"vendor": manifest["vendor"], "folder": options["folder"]}
        )
