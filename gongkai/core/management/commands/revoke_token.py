"""Revoke staff API keys: `gongkai revoke_token <username>` (all of them) or `--prefix abcd1234`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.core import tokens
from gongkai.core.models import ApiToken


class Command(BaseCommand):
    help = "Revoke a user's staff API keys (all, or the one whose key begins with --prefix)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--prefix", default="", help="The first 8 characters of the key.")

    def handle(self, *args, username: str, prefix: str, **options) -> None:
        found = ApiToken.objects.filter(user__username=username, revoked_at__isnull=True)
        if prefix:
            found = found.filter(prefix=prefix)
        matching = list(found)
        if not matching:
            raise CommandError(f"no active API key of {username!r} matches")
        for token in matching:
            tokens.revoke(token)
        self.stdout.write(f"revoked: {len(matching)}")
