from __future__ import annotations

from django.core.management.base import BaseCommand

from gongkai.core import demo


class Command(BaseCommand):
    help = "Load the demo county, its townships, offices, villages and an account for every role."

    def handle(self, *args, **options) -> None:
        created = demo.load()
        self.stdout.write(
            "demo county ready: {units} units, {users} users, {memberships} memberships created".format(
                **created
            )
        )
