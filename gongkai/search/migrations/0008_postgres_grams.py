"""PostgreSQL: the lexemes are every character and every run of 2, 3 and 4 characters,
without positions; a row keeps its runs as text (`words`) to check longer words on, and
carries a coarse bucket as well (see search/backends/postgres.py). The tables are made
again and the documents the index keeps are tokenized again here (as `gongkai
rebuild_search_index` would); the GIN indexes are made once, after the load. SQLite's
index is unchanged."""

from django.db import migrations

TABLES = [
    "DROP TABLE IF EXISTS search_chunk",
    # No foreign key: the index deletes a document's rows itself, and a bulk load into
    # a table with one would queue a check for every row.
    """CREATE TABLE search_chunk (
        document_id bigint NOT NULL,
        sort_key bigint NOT NULL,
        multi boolean NOT NULL,
        tsv tsvector NOT NULL,
        words text NOT NULL
    )""",
    "CREATE INDEX search_chunk_document ON search_chunk (document_id)",
    "ALTER TABLE search_chunk ALTER COLUMN tsv SET STATISTICS 1000",
    # A search reads each hit's sort key from the table: the lexemes and the words are kept
    # out of line and uncompressed (nothing to gain on them), so a row is some 80 bytes and
    # a page holds a hundred; inline, the words made it some 1,100 (4 times the pages read).
    "ALTER TABLE search_chunk SET (toast_tuple_target = 128)",
    "ALTER TABLE search_chunk ALTER COLUMN tsv SET STORAGE EXTERNAL",
    "ALTER TABLE search_chunk ALTER COLUMN words SET STORAGE EXTERNAL",
    "DROP TABLE IF EXISTS search_title",
    """CREATE TABLE search_title (
        document_id bigint NOT NULL,
        sort_key bigint NOT NULL,
        tsv tsvector NOT NULL,
        words text NOT NULL
    )""",
    "CREATE INDEX search_title_document ON search_title (document_id)",
    "ALTER TABLE search_title ALTER COLUMN tsv SET STATISTICS 1000",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in TABLES:
        schema_editor.execute(statement)
    from gongkai.search import index
    from gongkai.search.backends.postgres import PostgresBackend

    SearchDocument = apps.get_model("search", "SearchDocument")
    if SearchDocument.objects.using(schema_editor.connection.alias).exists():
        index.rebuild_stored()  # ends by making the GIN indexes
    else:
        PostgresBackend().optimize()


class Migration(migrations.Migration):
    dependencies = [("search", "0007_sqlite_prefix_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
