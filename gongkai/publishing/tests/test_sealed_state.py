"""The seals cover a publication's public state: who may read it, whether it is out, which
version is current, its withdrawal. A change made in the database without the application is
found by `verify_seals`, the verify page and the API."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from gongkai.publishing import actions
from gongkai.publishing.models import Publication, Seal, SealEvent


def test_every_seal_records_the_public_state_it_sealed(world):
    publication = world.draft(title="公开承诺书")
    world.publish(publication)
    entry = Seal.objects.get(version=publication.current)
    state = json.loads(entry.state)
    assert (state["audience"], state["status"], state["current"]) == ("public", "published", 1)
    assert entry.event == SealEvent.PUBLISHED and entry.scheme == 2

    actions.withdraw(publication, by=world.reviewer, reason="内容有误")
    withdrawal = Seal.objects.filter(version=publication.current).latest("number")
    assert withdrawal.event == SealEvent.WITHDRAWN
    assert json.loads(withdrawal.state)["withdrawal_reason"] == "内容有误"
    assert withdrawal.previous == entry.seal_hash
    assert actions.verify_chain() == []
    call_command("verify_seals")


def test_an_internal_publication_flipped_to_public_in_the_database_is_found(world, capsys):
    internal = world.draft(
        "I03", title="上半年公务接待费开支", topic="finance", period="2026年上半年"
    )
    world.publish(internal)
    honest = world.draft(title="公开承诺书")
    world.publish(honest)
    assert internal.audience == "internal"

    Publication.objects.filter(pk=internal.pk).update(audience="public")

    with pytest.raises(CommandError):
        call_command("verify_seals")
    out = capsys.readouterr().out
    assert internal.index_no in out and honest.index_no not in out
    page = Client().get(f"{internal.get_absolute_url()}verify/")
    assert page.status_code == 200 and "seal-invalid" in page.content.decode()
    answer = Client().get(f"/api/v1/publications/{internal.index_no}/verify").json()
    assert answer["valid"] is False
    assert Client().get(f"/api/v1/publications/{honest.index_no}/verify").json()["valid"] is True


def test_a_withdrawn_publication_flipped_back_to_published_is_found(world, capsys):
    publication = world.draft(title="2026年低保对象名单")
    world.publish(publication)
    actions.withdraw(publication, by=world.reviewer, reason="含有个人信息")
    call_command("verify_seals")

    Publication.objects.filter(pk=publication.pk).update(
        status="published", withdrawn_at=None, withdrawal_reason=None, withdrawn_by=None
    )

    with pytest.raises(CommandError):
        call_command("verify_seals")
    assert publication.index_no in capsys.readouterr().out
    publication.refresh_from_db()
    assert not all(check.valid for check in actions.verify(publication))


def test_a_current_version_pointed_back_to_an_earlier_one_is_found(world):
    publication = world.draft(title="公开承诺书", body="<p>第一稿。</p>")
    world.publish(publication)
    first = publication.current
    actions.edit(
        publication,
        by=world.clerk,
        today=world_today(),
        body="<p>第二稿。</p>",
        change_reason="补充内容",
    )
    world.publish(publication)
    assert actions.verify_chain() == []

    Publication.objects.filter(pk=publication.pk).update(current=first)

    failures = actions.verify_chain()
    assert [f.publication.pk for f in failures] == [publication.pk]


def test_an_amendment_being_written_changes_nothing_sealed(world):
    publication = world.draft(title="公开承诺书")
    world.publish(publication)
    actions.edit(publication, by=world.clerk, today=world_today(), body="<p>修改中。</p>")
    publication.refresh_from_db()
    assert publication.status == "amending"
    assert actions.verify_chain() == []


def world_today():
    from .conftest import TODAY

    return TODAY
