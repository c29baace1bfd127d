"""PostgreSQL: the token index read newest first by windows of buckets (see
search/backends/postgres.py): a chunk table with each row's sort key and facets, and a
table of titles. Both vendors: document numbers get an exact token, so the index is
rebuilt from the texts it keeps."""

from django.db import migrations, models

POSTGRESQL = [
    "DROP TABLE IF EXISTS search_chunk",
    # No foreign key: the index deletes a document's rows itself, and a bulk load into
    # a table with one would queue a check for every row.
    """CREATE TABLE search_chunk (
        document_id bigint NOT NULL,
        sort_key bigint NOT NULL,
        multi boolean NOT NULL,
        tsv tsvector NOT NULL
    )""",
    "CREATE INDEX search_chunk_tsv ON search_chunk USING gin (tsv)",
    "CREATE INDEX search_chunk_multi_tsv ON search_chunk USING gin (tsv) WHERE multi",
    "CREATE INDEX search_chunk_document ON search_chunk (document_id)",
    "ALTER TABLE search_chunk ALTER COLUMN tsv SET STATISTICS 1000",
    """CREATE TABLE search_title (
        document_id bigint NOT NULL,
        sort_key bigint NOT NULL,
        tsv tsvector NOT NULL
    )""",
    "CREATE INDEX search_title_tsv ON search_title USING gin (tsv)",
    "CREATE INDEX search_title_document ON search_title (document_id)",
    "ALTER TABLE search_title ALTER COLUMN tsv SET STATISTICS 1000",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement)
    SearchDocument = apps.get_model("search", "SearchDocument")
    if SearchDocument.objects.using(schema_editor.connection.alias).exists():
        from gongkai.search import index

        index.rebuild_stored()


class Migration(migrations.Migration):
    dependencies = [("search", "0005_audience_labels_from_core")]

    operations = [
        migrations.CreateModel(
            name="RebuildProgress",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("started_at", models.DateTimeField(auto_now_add=True)),
                ("source", models.CharField(blank=True, max_length=100)),
                ("last_key", models.CharField(blank=True, max_length=100)),
                ("done_in_source", models.PositiveIntegerField(default=0)),
                ("done", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "search index rebuild",
                "verbose_name_plural": "search index rebuilds",
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
