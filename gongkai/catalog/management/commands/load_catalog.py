from __future__ import annotations

from django.core.management.base import BaseCommand

from gongkai.catalog.actions import load_default_catalog
from gongkai.core.models import Unit


class Command(BaseCommand):
    help = "Give every county (or the one named) the default disclosure catalog items it lacks."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--county", help="the county's organisation code")

    def handle(self, *args, **options) -> None:
        counties = Unit.objects.counties()
        if options["county"]:
            counties = counties.by_code(options["county"])
        for county in counties:
            catalog = load_default_catalog(county, by=None)
            self.stdout.write(f"{county.name}: {catalog.items.count()} items")
