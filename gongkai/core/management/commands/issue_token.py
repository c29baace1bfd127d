"""Issue a staff API key: `gongkai issue_token <username> [--name OA]`. Printed once."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.core import tokens
from gongkai.core.models import User


class Command(BaseCommand):
    help = "Create a staff API key for a user; it is printed once and only its hash is kept."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the key is for, e.g. the OA system.")

    def handle(self, *args, username: str, name: str, **options) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        _token, key = tokens.issue(user, name=name)
        self.stdout.write(key)
