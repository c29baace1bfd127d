"""On SQLite, a second, small FTS5 table of the titles alone: the title tier of the results
and filter-only listings are read from it without walking the large one."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE search_title_fts USING fts5(title, facets, content='', "
            "columnsize=0, detail=full, tokenize='unicode61')"
        )
        # Documents indexed before this table existed: rebuild the whole index, so both
        # tables hold the same rows (a contentless table must never be asked to delete a
        # row it does not have).
        SearchDocument = apps.get_model("search", "SearchDocument")
        if SearchDocument.objects.using(schema_editor.connection.alias).exists():
            from gongkai.search import index

            index.rebuild_stored()


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_title_fts")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_token_index")]

    operations = [migrations.RunPython(create, drop)]
