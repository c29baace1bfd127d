"""The token index beside SearchDocument, in the SQL of each vendor: an FTS5 table on
SQLite, a table of tsvector chunks with a GIN index on PostgreSQL (see search/backends)."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, summary, body, tables, attachments, "
    "facets, content='', columnsize=0, detail=full, tokenize='unicode61')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_fts"]

POSTGRESQL = [
    """CREATE TABLE search_chunk (
        id bigserial PRIMARY KEY,
        document_id bigint NOT NULL
            REFERENCES search_searchdocument (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        in_title boolean NOT NULL,
        tsv tsvector NOT NULL
    )""",
    "CREATE INDEX search_chunk_tsv ON search_chunk USING gin (tsv)",
    "CREATE INDEX search_chunk_document ON search_chunk (document_id)",
]
POSTGRESQL_DROP = ["DROP TABLE IF EXISTS search_chunk"]


def _run(schema_editor, statements):
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise RuntimeError(f"search has no backend for {vendor}")
    for statement in statements[vendor]:
        schema_editor.execute(statement)


def create(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL})


def drop(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_document")]

    operations = [migrations.RunPython(create, drop)]
