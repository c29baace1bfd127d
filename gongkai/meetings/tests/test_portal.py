"""The public pages of open meetings: the lists, the announcement, signing up without an
account, a full or closed meeting, the decisions linked both ways."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.meetings import actions
from gongkai.meetings.models import Meeting
from gongkai.publishing import actions as publishing
from gongkai.publishing.tests.conftest import World

from .conftest import held, upcoming


def form(**extra) -> dict:
    return {"name": "张三明", "phone": "13800138000", "email": "", **extra}


def test_the_lists_show_upcoming_and_past_meetings(client: Client, world: World):
    coming = upcoming(world, title="农村生活垃圾收运处置费标准说明会")
    past = held(world, title="民生实事项目征求意见座谈会")
    for url in ("/meetings/", f"/meetings/{world.township.org_code}/"):
        html = client.get(url).content.decode()
        assert coming.title in html and past.title in html
        assert html.index(coming.title) < html.index("往期会议") < html.index(past.title)


def test_a_draft_is_not_on_the_portal(client: Client, world: World):
    now = timezone.now()
    draft = actions.draft(
        unit=world.township,
        by=world.clerk,
        now=now,
        kind="briefing",
        title="未审核的会议",
        starts_at=now + dt.timedelta(days=9),
        place="会议室",
        how_to_attend="报名",
        seats=5,
        signup_days=1,
    )
    assert "未审核的会议" not in client.get("/meetings/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_signing_up_without_an_account(client: Client, world: World):
    meeting = upcoming(world)
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200 and "报名" in page.content.decode()
    response = client.post(meeting.get_absolute_url(), form(phone="138-0013-8000"))
    assert response.status_code == 302 and response["Location"] == "/meetings/my-sign-ups/"
    mine = client.get("/meetings/my-sign-ups/")
    html = mine.content.decode()
    assert meeting.title in html and "138****8000" in html and "13800138000" not in html
    assert "no-store" in mine["Cache-Control"]
    meeting.refresh_from_db()
    assert meeting.seats_taken == 1
    # Another browser holds no token: it sees nobody's sign-up.
    assert meeting.title not in Client().get("/meetings/my-sign-ups/").content.decode()


def test_the_same_phone_twice_is_told(client: Client, world: World):
    meeting = upcoming(world)
    client.post(meeting.get_absolute_url(), form())
    again = Client().post(meeting.get_absolute_url(), form(name="李四"))
    assert again.status_code == 400
    assert "已报名" in again.content.decode()


def test_a_full_meeting_says_so(client: Client, world: World):
    meeting = upcoming(world, seats=1)
    client.post(meeting.get_absolute_url(), form())
    html = Client().get(meeting.get_absolute_url()).content.decode()
    assert "名额已满" in html and 'name="phone"' not in html
    late = Client().post(meeting.get_absolute_url(), form(phone="13900000000"))
    assert late.status_code == 400
    assert Meeting.objects.get(pk=meeting.pk).seats_taken == 1
    assert "已满" in client.get("/meetings/").content.decode()


def test_cancelling_shows_on_the_page_and_on_the_sign_up(client: Client, world: World):
    meeting = upcoming(world)
    client.post(meeting.get_absolute_url(), form())
    actions.cancel(meeting, by=world.leader, reason="台风预警", now=timezone.now())
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "已取消" in html and "台风预警" in html and 'name="phone"' not in html
    assert "台风预警" in client.get("/meetings/my-sign-ups/").content.decode()


def test_the_decisions_and_the_announcement_link_to_each_other(client: Client, world: World):
    meeting = held(world)
    assert "会议决定事项将在此公开" in client.get(meeting.get_absolute_url()).content.decode()
    now = timezone.now()
    publication = actions.draft_decisions(
        meeting,
        by=world.clerk,
        item=world.item("T12"),
        topic="general",
        today=timezone.localdate(),
        now=now,
    )
    publishing.edit(
        publication, by=world.clerk, today=timezone.localdate(), body="<p>确定三项民生实事。</p>"
    )
    world.publish(publication, today=timezone.localdate())
    publication.refresh_from_db()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert publication.get_absolute_url() in html
    page = client.get(publication.get_absolute_url()).content.decode()
    assert meeting.get_absolute_url() in page
    assert publication.get_absolute_url() in client.get("/meetings/").content.decode()


def test_the_home_page_and_the_column_link_to_the_meetings(client: Client, world: World):
    assert "/meetings/" in client.get("/").content.decode()
    column = client.get(f"/disclosure/{world.township.org_code}/").content.decode()
    assert f"/meetings/{world.township.org_code}/" in column


@pytest.mark.parametrize("count", [1, 6])
def test_the_list_costs_the_same_queries_however_long(
    client: Client, world: World, django_assert_max_num_queries, count
):
    for n in range(count):
        upcoming(world, days=10 + n, title=f"会议{n}")
        held(world, days_ago=20 + n, title=f"往期会议{n}")
    with django_assert_max_num_queries(8):
        assert client.get("/meetings/").status_code == 200


def test_sign_ups_from_one_connection_are_limited_with_a_message(
    client: Client, world: World, settings
):
    settings.GONGKAI_MEETING_SIGNUPS_PER_DAY = 2
    meeting = upcoming(world, seats=10)
    for phone in ("13800138001", "13800138002"):
        assert client.post(meeting.get_absolute_url(), form(phone=phone)).status_code == 302
    refused = client.post(meeting.get_absolute_url(), form(phone="13800138003"))
    assert refused.status_code == 400
    assert "来自您网络的报名过多" in refused.content.decode()
    meeting.refresh_from_db()
    assert meeting.seats_taken == 2
    # Another connection signs up as before.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(meeting.get_absolute_url(), form(phone="13800138003")).status_code == 302
