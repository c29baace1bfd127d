"""Internal publications reach only their unit's staff: never the public or another township."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.core.tests.factories import PASSWORD
from gongkai.publishing import actions

from . import files
from .conftest import TODAY


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
            attachment_titles=["接待费明细"],
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


def test_drafts_are_for_the_people_who_work_on_them_not_every_member(world):
    """Internal staff read the unit's published information, internal included, but not its
    drafts, their reviewers' comments or the privacy findings."""
    draft = world.draft(title="青山镇拟调整领导分工（草稿）", body="<p>联系电话13812345678。</p>")
    amended = world.draft(title="青山镇2026年度预算说明")
    world.publish(amended)
    actions.edit(amended, by=world.clerk, today=TODAY, body="<p>修改中的正文：尚未审核。</p>")
    staff = client_for(world.staff)
    assert staff.get(f"/staff/publications/{draft.pk}/").status_code == 404
    assert "拟调整领导分工" not in staff.get("/staff/publications/").content.decode()
    page = staff.get(f"/staff/publications/{amended.pk}/")
    assert page.status_code == 200  # the published version, for the staff of the unit
    assert "修改中的正文" not in page.content.decode()
    for who in (world.clerk, world.reviewer, world.leader):
        worker = client_for(who)
        assert "拟调整领导分工" in worker.get(f"/staff/publications/{draft.pk}/").content.decode()
        assert "修改中的正文" in worker.get(f"/staff/publications/{amended.pk}/").content.decode()
