"""Give every existing county the default catalog (new counties get it from a signal)."""

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
    dependencies = [("catalog", "0001_catalog_items_and_adoptions"), ("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
