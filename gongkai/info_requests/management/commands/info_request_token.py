from __future__ import annotations

import secrets

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.models import User
from gongkai.info_requests.models import ApiToken


class Command(BaseCommand):
    help = "Create a staff API key for a user; it is printed once and only its hash is kept."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="")

    def handle(self, *args, username: str, name: str, **options) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        key = secrets.token_urlsafe(32)
        ApiToken.objects.create(user=user, key_hash=ApiToken.hash(key), name=name)
        self.stdout.write(key)
