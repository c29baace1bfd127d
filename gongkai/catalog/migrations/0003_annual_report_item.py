"""Add the annual-report item (R01) to every county's catalog that lacks it."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.catalog import defaults

    unit = apps.get_model("core", "Unit")
    for county in unit.objects.filter(kind="county"):
        defaults.load(
            county.pk,
            catalog_model=apps.get_model("catalog", "Catalog"),
            item_model=apps.get_model("catalog", "CatalogItem"),
            county_name=county.short_name,
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_default_catalog")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
