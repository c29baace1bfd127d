"""Seals: a chain per county; tampering found by `verify_seals`, the verify page and the API."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from gongkai.publishing import actions
from gongkai.publishing.models import Seal

from . import files


def _drop_the_immutability_triggers() -> None:
    """What a tamperer with database access would do first (undone when the test rolls back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks on the table
            cursor.execute(
                "ALTER TABLE publishing_publicationversion "
                "DISABLE TRIGGER publishing_version_frozen"
            )
        else:
            cursor.execute("DROP TRIGGER publishing_version_frozen_update")


def test_seals_chain_within_the_county_across_townships(world):
    first = world.draft()
    world.publish(first)
    other = world.draft(unit=world.other_township, by=world.other_clerk)
    from gongkai.core.models import Role
    from gongkai.core.tests.factories import member

    other_reviewer = member(world.other_township, Role.REVIEWER)
    world.publish(other, by=other_reviewer)
    seals = list(Seal.objects.order_by("number"))
    assert [s.number for s in seals] == [1, 2]
    assert seals[0].previous == "" and seals[1].previous == seals[0].seal_hash
    assert {s.county for s in seals} == {world.county}
    assert actions.verify_chain() == []
    call_command("verify_seals")


def test_tampering_is_reported_by_the_command_the_page_and_the_api(world, capsys):
    honest = world.draft(title="公开承诺书")
    world.publish(honest)
    tampered = world.draft(
        title="2026年低保对象名单",
        files=actions.Uploads(attachments=[files.pdf("名单.pdf")], attachment_titles=["名单"]),
    )
    world.publish(tampered)
    _drop_the_immutability_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publishing_publicationversion SET body = %s WHERE id = %s",
            ["<p>被人改过的名单</p>", tampered.current_id],
        )
    with pytest.raises(CommandError):
        call_command("verify_seals")
    out = capsys.readouterr().out
    assert tampered.index_no in out and honest.index_no not in out

    page = Client().get(f"{tampered.get_absolute_url()}verify/")
    assert page.status_code == 200 and "seal-invalid" in page.content.decode()
    fine = Client().get(f"{honest.get_absolute_url()}verify/").content.decode()
    assert "seal-valid" in fine
    answer = Client().get(f"/api/v1/publications/{tampered.index_no}/verify").json()
    assert answer["valid"] is False and answer["versions"][0]["problems"]
    assert Client().get(f"/api/v1/publications/{honest.index_no}/verify").json()["valid"] is True


def test_a_changed_attachment_file_breaks_the_seal(world):
    publication = world.draft(
        files=actions.Uploads(attachments=[files.pdf("通知.pdf")], attachment_titles=["通知"])
    )
    world.publish(publication)
    attachment = publication.current.attachments.get()
    with open(attachment.file.path, "ab") as handle:
        handle.write(b"% appended")
    checks = actions.verify(publication)
    assert not checks[0].valid
