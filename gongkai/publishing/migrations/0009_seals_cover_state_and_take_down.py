"""Seals cover the public state; a take-down leaves a tombstone; `previous_hash` goes.

- A seal entry now also covers its event and its publication's public state (audience,
  status, current version, withdrawal, take-down): `scheme` 2. Entries sealed before keep
  their hash over the content only (`scheme` 1), so every anchor noted earlier still matches.
  So that existing publications are covered too, each published one gets one entry appended
  to its county's chain, sealing its state as found now (event `state`).
- A take-down turns each published version into a tombstone: the database, which refuses any
  change to a published version, lets it change once, from content to tombstone (the
  content hash and everything the seal names stay), and lets a tombstone's files and tables
  be deleted. The triggers are created again (on SQLite, changing the table drops them).
- `PublicationVersion.previous_hash` was written and never read: the chain's link is the
  seal's `previous`, which its hash covers; a second, uncovered copy could only disagree.
"""

import datetime as dt
import hashlib
import json

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


VERSIONS = "publishing_publicationversion"
PARTS = ("publishing_attachment", "publishing_publicationtable")
REFUSE = "BEGIN SELECT RAISE(ABORT, 'a published version never changes'); END"
# The one change a published version may take: into its tombstone, keeping what is sealed.
TO_TOMBSTONE = (
    "OLD.taken_down_at IS NULL AND NEW.taken_down_at IS NOT NULL "
    "AND NEW.published_at IS OLD.published_at AND NEW.content_hash IS OLD.content_hash "
    "AND NEW.number IS OLD.number AND NEW.publication_id IS OLD.publication_id "
    "AND NEW.title IS OLD.title"
)
OWNER = f"(SELECT published_at FROM {VERSIONS} WHERE id = OLD.version_id)"
OWNER_TOMBSTONE = f"(SELECT taken_down_at FROM {VERSIONS} WHERE id = OLD.version_id)"

SQLITE = [
    "DROP TRIGGER IF EXISTS publishing_version_frozen_update",
    "DROP TRIGGER IF EXISTS publishing_version_frozen_delete",
    *[f"DROP TRIGGER IF EXISTS {t}_frozen_{e}" for t in PARTS for e in ("update", "delete")],
    f"""
    CREATE TRIGGER publishing_version_frozen_update BEFORE UPDATE ON {VERSIONS}
    WHEN OLD.published_at IS NOT NULL AND NOT ({TO_TOMBSTONE})
    {REFUSE}
    """,
    f"""
    CREATE TRIGGER publishing_version_frozen_delete BEFORE DELETE ON {VERSIONS}
    WHEN OLD.published_at IS NOT NULL
    {REFUSE}
    """,
    *[
        f"""
        CREATE TRIGGER {table}_frozen_update BEFORE UPDATE ON {table}
        WHEN {OWNER} IS NOT NULL
        {REFUSE}
        """
        for table in PARTS
    ],
    # A tombstone's files and tables are deleted with its content.
    *[
        f"""
        CREATE TRIGGER {table}_frozen_delete BEFORE DELETE ON {table}
        WHEN {OWNER} IS NOT NULL AND {OWNER_TOMBSTONE} IS NULL
        {REFUSE}
        """
        for table in PARTS
    ],
]

POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION publishing_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.published_at IS NOT NULL THEN
            IF TG_OP = 'UPDATE' AND {TO_TOMBSTONE.replace(" IS OLD.", " IS NOT DISTINCT FROM OLD.")} THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'a published version never changes' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END
    $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION publishing_part_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        owner RECORD;
    BEGIN
        SELECT published_at, taken_down_at INTO owner FROM {VERSIONS} WHERE id = OLD.version_id;
        IF owner.published_at IS NOT NULL
           AND NOT (TG_OP = 'DELETE' AND owner.taken_down_at IS NOT NULL) THEN
            RAISE EXCEPTION 'a published version never changes' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END
    $$
    """,
]


def triggers(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(
        schema_editor.connection.vendor, []
    )
    for statement in statements:
        schema_editor.execute(statement)


def _moment(value):
    return value.astimezone(dt.UTC).isoformat() if value else ""


def _state(publication, current_number):
    """The public state as `hashing.public_state` wrote it when this migration was made."""
    status = "published" if publication.status == "amending" else publication.status
    state = {
        "audience": publication.audience,
        "status": status,
        "current": current_number,
        "withdrawn_at": _moment(publication.withdrawn_at),
        "withdrawal_reason": publication.withdrawal_reason or "",
        "taken_down_at": _moment(publication.taken_down_at),
        "take_down_reason": publication.take_down_reason or "",
    }
    return json.dumps(state, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def seal_the_state_found(apps, schema_editor):
    """Append one scheme-2 entry per published publication, sealing its state as it is now."""
    Publication = apps.get_model("publishing", "Publication")
    PublicationVersion = apps.get_model("publishing", "PublicationVersion")
    Seal = apps.get_model("publishing", "Seal")
    SealChain = apps.get_model("publishing", "SealChain")
    now = dt.datetime.now(dt.UTC)
    chains = {}
    published = Publication.objects.filter(current__isnull=False).order_by(
        "first_published_at", "pk"
    )
    for publication in published.iterator():
        current = PublicationVersion.objects.get(pk=publication.current_id)
        sealed = Seal.objects.filter(version=current).order_by("number").first()
        if sealed is None:
            continue  # verification names it: it has no seal
        chain = chains.get(sealed.county_id)
        if chain is None:
            chain = chains[sealed.county_id] = SealChain.objects.get(county_id=sealed.county_id)
        state = _state(publication, current.number)
        number = chain.last_number + 1
        text = f"{chain.last_hash}|{number}|{sealed.content_hash}|state|{state}"
        digest = hashlib.sha256(text.encode()).hexdigest()
        Seal.objects.create(
            county_id=sealed.county_id,
            number=number,
            version=current,
            event="state",
            scheme=2,
            state=state,
            content_hash=sealed.content_hash,
            previous=chain.last_hash,
            seal_hash=digest,
            sealed_at=now,
        )
        chain.last_number, chain.last_hash = number, digest
    for chain in chains.values():
        chain.save(update_fields=["last_number", "last_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0008_reviews_for_every_draft"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveField(
            model_name="publicationversion",
            name="previous_hash",
        ),
        migrations.AddField(
            model_name="publication",
            name="take_down_reason",
            field=models.TextField(blank=True, verbose_name="reason for the take-down"),
        ),
        migrations.AddField(
            model_name="publication",
            name="taken_down_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="taken down at"),
        ),
        migrations.AddField(
            model_name="publication",
            name="taken_down_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="taken down by",
            ),
        ),
        migrations.AddField(
            model_name="publicationversion",
            name="taken_down_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="taken down at"),
        ),
        migrations.AddField(
            model_name="seal",
            name="event",
            field=models.CharField(
                choices=[
                    ("published", "Published"),
                    ("state", "Public state sealed"),
                    ("withdrawn", "Withdrawn"),
                    ("taken_down", "Taken down"),
                ],
                default="published",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="seal",
            name="scheme",
            field=models.PositiveSmallIntegerField(default=1),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="seal",
            name="state",
            field=models.TextField(blank=True),
        ),
        migrations.AlterField(
            model_name="seal",
            name="version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="seals",
                to="publishing.publicationversion",
            ),
        ),
        migrations.AddConstraint(
            model_name="seal",
            constraint=models.UniqueConstraint(
                condition=models.Q(("event", "published")),
                fields=("version",),
                name="seal_one_publication_per_version",
            ),
        ),
        # Not reversible: entries appended to a chain are never taken out of it.
        migrations.RunPython(triggers),
        migrations.RunPython(seal_the_state_found),
    ]
