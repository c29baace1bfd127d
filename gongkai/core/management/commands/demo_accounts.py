from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from gongkai.core import demo


class Command(BaseCommand):
    help = "List the demo accounts (username, password, unit and role)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="print a JSON list")

    def handle(self, *args, **options) -> None:
        rows = demo.accounts()
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"{row['username']:<22} {row['password']}  {row['role']:<15} {row['unit_name']}"
            )
