"""Refuse, in the database itself, any change to a published version or to its files and tables.

On SQLite, a later migration that alters one of these tables rebuilds it and drops its
triggers: such a migration must create them again (test_versions checks they hold).
"""

from django.db import migrations

PARTS = ("publishing_attachment", "publishing_publicationtable")
PUBLISHED = "(SELECT published_at FROM publishing_publicationversion WHERE id = OLD.version_id)"

SQLITE = [
    """
    CREATE TRIGGER publishing_version_frozen_update BEFORE UPDATE ON publishing_publicationversion
    WHEN OLD.published_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'a published version never changes'); END
    """,
    """
    CREATE TRIGGER publishing_version_frozen_delete BEFORE DELETE ON publishing_publicationversion
    WHEN OLD.published_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'a published version never changes'); END
    """,
    *[
        f"""
        CREATE TRIGGER {table}_frozen_{event.lower()} BEFORE {event} ON {table}
        WHEN {PUBLISHED} IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a published version never changes'); END
        """
        for table in PARTS
        for event in ("UPDATE", "DELETE")
    ],
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS publishing_version_frozen_update",
    "DROP TRIGGER IF EXISTS publishing_version_frozen_delete",
    *[f"DROP TRIGGER IF EXISTS {t}_frozen_{e}" for t in PARTS for e in ("update", "delete")],
]

POSTGRESQL = [
    """
    CREATE FUNCTION publishing_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.published_at IS NOT NULL THEN
            RAISE EXCEPTION 'a published version never changes' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER publishing_version_frozen BEFORE UPDATE OR DELETE ON publishing_publicationversion
    FOR EACH ROW EXECUTE FUNCTION publishing_version_frozen()
    """,
    """
    CREATE FUNCTION publishing_part_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF (SELECT published_at FROM publishing_publicationversion WHERE id = OLD.version_id) IS NOT NULL THEN
            RAISE EXCEPTION 'a published version never changes' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END
    $$
    """,
    *[
        f"""
        CREATE TRIGGER {table}_frozen BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION publishing_part_frozen()
        """
        for table in PARTS
    ],
]
POSTGRESQL_REVERSE = [
    *[f"DROP TRIGGER IF EXISTS {t}_frozen ON {t}" for t in PARTS],
    "DROP TRIGGER IF EXISTS publishing_version_frozen ON publishing_publicationversion",
    "DROP FUNCTION IF EXISTS publishing_part_frozen()",
    "DROP FUNCTION IF EXISTS publishing_version_frozen()",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}.get(
        schema_editor.connection.vendor, []
    )
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_publications_and_versions")]

    operations = [migrations.RunPython(forwards, backwards)]
