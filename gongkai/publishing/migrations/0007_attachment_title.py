"""An attachment's title, what readers see and what is printed instead of the uploaded file name.

Attachments uploaded before are titled by their file name less the extension. The title is not
part of a version's seal (the file's hash is), so titling the attachments of published versions
changes nothing sealed; the database's refusal to change them is lifted for this one update only.
On SQLite adding the column rebuilds the table and drops its triggers: they are created again.
"""

from django.db import migrations, models

TABLE = "publishing_attachment"
PUBLISHED = "(SELECT published_at FROM publishing_publicationversion WHERE id = OLD.version_id)"
SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER {TABLE}_frozen_{event.lower()} BEFORE {event} ON {TABLE}
    WHEN {PUBLISHED} IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'a published version never changes'); END
    """
    for event in ("UPDATE", "DELETE")
]


def _stem(name):
    return (name.rsplit(".", 1)[0] if "." in name else name) or name


def titles_from_file_names(apps, schema_editor):
    Attachment = apps.get_model("publishing", "Attachment")
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for event in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_frozen_{event}")
    elif vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TABLE}_frozen")
    for attachment in Attachment.objects.filter(title="").only("pk", "name").iterator():
        Attachment.objects.filter(pk=attachment.pk).update(title=_stem(attachment.name)[:200])
    if vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TABLE}_frozen")


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0006_publication_period_code"),
    ]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="title",
            field=models.CharField(
                default="",
                help_text="What readers see and what is printed, e.g. 2026年部门预算说明.",
                max_length=200,
                verbose_name="attachment title",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(titles_from_file_names, migrations.RunPython.noop),
    ]
