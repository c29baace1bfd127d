"""Add the annual-report item (R01) to every county's catalog that lacks it."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.catalog import defaults

    defaults.load_every_county(apps)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_default_catalog")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
