"""Internal publications reach only their unit's staff: never the public or another township."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.core.tests.factories import PASSWORD
from gongkai.publishing import actions

from . import files


@pytest.fixture
def published(world):
    public = world.draft(title="公开的领导分工")
    world.publish(public)
    internal = world.draft(
        "I03",
        title="上半年公务接待费开支",
        topic="finance",
        period="2026年上半年",
        files=actions.Uploads(
            attachments=[files.pdf("接待费明细.pdf")],
            tables=[("接待费", files.csv_file("月份,金额\n1月,1260\n"))],
        ),
    )
    world.publish(internal)
    public.refresh_from_db()
    internal.refresh_from_db()
    return public, internal


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


def _urls(publication) -> list[str]:
    version = publication.current
    base = publication.get_absolute_url()
    return [
        base,
        f"{base}v1/",
        f"{base}v1/files/{version.attachments.get().pk}/",
        f"{base}v1/tables/{version.tables.get().pk}.csv",
    ]


@pytest.mark.parametrize("who", [None, "other_staff", "other_clerk", "office_reviewer"])
def test_an_internal_publication_is_not_found_for_outsiders(world, published, who):
    _public, internal = published
    client = client_for(getattr(world, who) if who else None)
    for url in _urls(internal):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/catalog/{world.township.org_code}/",
        f"/info/{world.township.org_code}/",
        f"/info/{world.township.org_code}/?item={internal.item_id}",
    ):
        page = client.get(url).content.decode()
        assert ("公开的领导分工" in page) is ("item" not in url)
        assert "上半年公务接待费开支" not in page


@pytest.mark.parametrize("who", ["staff", "clerk", "reviewer"])
def test_the_units_own_staff_read_it_signed_in(world, published, who):
    _public, internal = published
    client = client_for(getattr(world, who))
    for url in _urls(internal):
        assert client.get(url).status_code == 200, url
    page = client.get(internal.get_absolute_url()).content.decode()
    assert "上半年公务接待费开支" in page
    assert "Internal" in page or "内部" in page
    assert (
        "上半年公务接待费开支"
        in client.get(f"/catalog/{world.township.org_code}/").content.decode()
    )


def test_staff_pages_of_another_township_do_not_reach_it(world, published):
    _public, internal = published
    client = client_for(world.other_clerk)
    assert client.get(f"/staff/publications/{internal.pk}/").status_code == 404
    assert "上半年公务接待费开支" not in client.get("/staff/publications/").content.decode()


def test_drafts_are_never_public(world):
    draft = world.draft(title="尚未发布的草稿")
    client = Client()
    assert (
        "尚未发布的草稿" not in client.get(f"/catalog/{world.township.org_code}/").content.decode()
    )
    assert client.get(f"/staff/publications/{draft.pk}/").status_code == 302  # to sign-in
