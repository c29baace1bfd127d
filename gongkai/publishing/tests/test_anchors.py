"""Anchors: a chain head noted outside the database catches a rewrite that recomputed every seal."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from gongkai.publishing import actions, anchors, hashing
from gongkai.publishing.models import PublicationVersion, Seal

from .test_seals import _drop_the_immutability_triggers


def _rewrite_and_reseal(version: PublicationVersion, body: str) -> None:
    """A tamperer with the database changes a version and recomputes every seal after it."""
    _drop_the_immutability_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publishing_publicationversion SET body = %s WHERE id = %s", [body, version.pk]
        )
    version.refresh_from_db()
    sealed = version.seal
    assert sealed is not None
    previous = ""
    for seal in Seal.objects.filter(county=sealed.county).order_by("number"):
        content = actions.content_hash(seal.version)
        seal.content_hash, seal.previous = content, previous
        digest = hashing.hash_of(seal)
        Seal.objects.filter(pk=seal.pk).update(
            content_hash=content, previous=previous, seal_hash=digest
        )
        previous = digest


def test_the_head_is_printed_as_an_anchor_and_checks_out(world, capsys):
    first, second = world.draft(title="公开承诺书"), world.draft(title="2026年低保对象名单")
    world.publish(first)
    world.publish(second)
    call_command("seal_head")
    line = capsys.readouterr().out.strip()
    head = Seal.objects.get(number=2)
    assert line.startswith(f"{world.county.org_code}:2:{head.seal_hash}")
    anchor = anchors.parse(line.split()[0])
    assert anchors.check(anchor) == []
    call_command("verify_seals", anchor=[str(anchor)])
    assert "1 anchors match" in capsys.readouterr().out


def test_a_rewrite_that_recomputes_the_seals_passes_the_chain_but_not_the_anchor(world, capsys):
    tampered = world.draft(title="2026年低保对象名单", body="<p>王某某，月补助500元。</p>")
    world.publish(tampered)
    world.publish(world.draft(title="公开承诺书"))
    anchor = anchors.anchor_of(Seal.objects.get(number=2))

    _rewrite_and_reseal(tampered.current, "<p>李某某，月补助500元。</p>")
    assert actions.verify_chain() == []  # the chain alone cannot tell
    problems = anchors.check(anchor)
    now = Seal.objects.get(number=2).seal_hash
    assert now != anchor.seal_hash
    assert len(problems) == 1 and now in problems[0] and anchor.seal_hash in problems[0]
    with pytest.raises(CommandError, match="1 of 1 anchors do not match"):
        call_command("verify_seals", anchor=[str(anchor)])

    page = Client().get("/seals/", {"anchor": str(anchor)})
    assert page.status_code == 200 and "anchor-broken" in page.content.decode()


def test_missing_seals_and_malformed_anchors_are_told(world):
    world.publish(world.draft())
    assert anchors.check(anchors.parse(f"{world.county.org_code}:7:{'a' * 64}"))
    with pytest.raises(anchors.BadAnchor):
        anchors.parse("000014349:2:not-a-hash")
    with pytest.raises(CommandError):
        call_command("verify_seals", anchor=["nonsense"])


def test_the_public_seal_page_shows_each_countys_head_and_checks_an_anchor(world):
    world.publish(world.draft())
    head = Seal.objects.get(number=1)
    page = Client().get("/seals/").content.decode()
    assert f"{world.county.org_code}:1:{head.seal_hash}" in page
    checked = Client().get("/seals/", {"anchor": f"{world.county.org_code}:1:{head.seal_hash}"})
    assert "anchor-holds" in checked.content.decode()
    bad = Client().get("/seals/", {"anchor": "rubbish"})
    assert bad.status_code == 200 and "anchor-error" in bad.content.decode()
