"""The correction note of a 勘误 and the policy an interpretation explains.

Both columns are nullable without a default, so SQLite adds them with ALTER TABLE and
keeps the triggers that freeze published versions (a rebuilt table would lose them).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0010_rendered_document_and_item_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='publicationversion',
            name='correction_note',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='what was corrected'),
        ),
        migrations.AddField(
            model_name='publicationversion',
            name='interprets',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='interpreting_versions', to='publishing.publication', verbose_name='interprets the policy'),
        ),
    ]
