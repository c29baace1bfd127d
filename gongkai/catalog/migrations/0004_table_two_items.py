"""Add the Art. 20 items that the annual report's table 2 counts (N01–N06) to every county's
catalog that lacks them."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.catalog import defaults

    defaults.load_every_county(apps)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_annual_report_item")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
