"""SQLite: the FTS5 tables made again with a prefix index of 4 characters (one character's
code), so a single character (a name: 张) reads one list of its documents newest first and
stops at the cap, instead of merging the lists of every bigram that starts with it, which
grows with the corpus. The tokens are ASCII, so FTS5's ASCII tokenizer splits them the same
as unicode61 and faster. The index is rebuilt from the texts it keeps."""

from django.db import migrations

OPTIONS = "content='', columnsize=0, detail=full"
NEW = f"{OPTIONS}, tokenize='ascii', prefix='4'"
OLD = f"{OPTIONS}, tokenize='unicode61'"


def _make(schema_editor, options: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for table, columns in (
        ("search_fts", "title, summary, body, tables, attachments, facets"),
        ("search_title_fts", "title, facets"),
    ):
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")
        schema_editor.execute(f"CREATE VIRTUAL TABLE {table} USING fts5({columns}, {options})")
    from gongkai.search.models import SearchDocument

    if SearchDocument.objects.using(schema_editor.connection.alias).exists():
        from gongkai.search import index

        index.rebuild_stored()


def forwards(apps, schema_editor):
    _make(schema_editor, NEW)


def backwards(apps, schema_editor):
    _make(schema_editor, OLD)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_postgres_windows")]

    operations = [migrations.RunPython(forwards, backwards)]
