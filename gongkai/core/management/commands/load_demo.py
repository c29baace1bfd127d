from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand

from gongkai.core import demo


def app_demo_loaders():
    """Each app's `demo.load()`, in INSTALLED_APPS order, after the core's units and people."""
    for config in apps.get_app_configs():
        if not config.name.startswith("gongkai.") or config.name == "gongkai.core":
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name == f"{config.name}.demo":
                continue
            raise
        yield config.label, module.load


class Command(BaseCommand):
    help = "Load the demo county: townships, offices, villages, an account for every role, content."

    def handle(self, *args, **options) -> None:
        created = demo.load()
        summary = "{units} units, {users} users, {memberships} memberships created".format(
            **created
        )
        self.stdout.write(f"demo county ready: {summary}")
        for label, load in app_demo_loaders():
            result = load()
            self.stdout.write(f"{label}: {result}")
