"""Give every existing county the default catalog (new counties get it from a signal)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.catalog import defaults

    defaults.load_every_county(apps)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_catalog_items_and_adoptions"), ("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
