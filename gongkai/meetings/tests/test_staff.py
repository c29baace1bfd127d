"""The staff pages: drafting, approving, the sign-up list (masked), its print and Excel."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.core.models import AuditEvent
from gongkai.core.tests.factories import PASSWORD
from gongkai.meetings import actions
from gongkai.meetings.models import Meeting, Status
from gongkai.publishing.tests.conftest import World

from .conftest import held, upcoming


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_a_clerk_drafts_and_a_reviewer_announces(world: World):
    clerk = signed_in(world.clerk)
    assert clerk.get("/staff/meetings/new/").status_code == 200
    starts = timezone.localtime(timezone.now() + dt.timedelta(days=14))
    response = clerk.post(
        "/staff/meetings/new/",
        {
            "unit": world.township.pk,
            "kind": "hearing",
            "title": "青山镇自来水价格调整听证会",
            "about": "",
            "starts_at": starts.strftime("%Y-%m-%dT09:00"),
            "place": "青山镇便民服务中心",
            "how_to_attend": "在本网站报名。",
            "seats": 20,
            "signup_days": 3,
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.status == Status.DRAFT
    assert timezone.localtime(meeting.starts_at).hour == 9  # Beijing time as typed
    page = clerk.get(f"/staff/meetings/{meeting.pk}/").content.decode()
    assert "批准并发布" not in page  # the clerk cannot approve
    reviewer = signed_in(world.reviewer)
    assert "批准并发布" in reviewer.get(f"/staff/meetings/{meeting.pk}/").content.decode()
    reviewer.post(f"/staff/meetings/{meeting.pk}/announce/")
    meeting.refresh_from_db()
    assert meeting.status == Status.ANNOUNCED


def test_a_reviewer_cannot_draft_and_another_township_cannot_look(world: World):
    assert signed_in(world.reviewer).get("/staff/meetings/new/").status_code == 403
    meeting = upcoming(world)
    assert signed_in(world.other_clerk).get(f"/staff/meetings/{meeting.pk}/").status_code == 403


def test_the_sign_up_list_is_masked_and_the_export_is_full_and_logged(world: World):
    meeting = upcoming(world)
    actions.sign_up(
        meeting,
        name="张三明",
        phone="13800138000",
        email="",
        now=timezone.now(),
        today=timezone.localdate(),
    )
    clerk = signed_in(world.clerk)
    page = clerk.get(f"/staff/meetings/{meeting.pk}/").content.decode()
    assert "138****8000" in page and "13800138000" not in page and "张*明" in page
    printed = clerk.get(f"/staff/meetings/{meeting.pk}/sign-ups/print/").content.decode()
    assert "张三明" in printed and "138****8000" in printed and "13800138000" not in printed
    response = clerk.get(f"/staff/meetings/{meeting.pk}/sign-ups.xlsx")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert ["张三明", "13800138000"] == [sheet["B4"].value, sheet["C4"].value]
    assert AuditEvent.objects.filter(action="meeting:signups_exported").count() == 2
    assert (
        signed_in(world.other_clerk).get(f"/staff/meetings/{meeting.pk}/sign-ups.xlsx").status_code
        == 403
    )


def test_postponing_and_cancelling_from_the_page(world: World):
    meeting = upcoming(world)
    reviewer = signed_in(world.reviewer)
    later = timezone.localtime(meeting.starts_at + dt.timedelta(days=7))
    response = reviewer.post(
        f"/staff/meetings/{meeting.pk}/postpone/",
        {"starts_at": later.strftime("%Y-%m-%dT%H:%M"), "reason": "场地维修"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.postponed_from is not None
    missing = reviewer.post(f"/staff/meetings/{meeting.pk}/cancel/", {"reason": ""})
    assert missing.status_code == 400
    reviewer.post(f"/staff/meetings/{meeting.pk}/cancel/", {"reason": "台风预警"})
    meeting.refresh_from_db()
    assert meeting.status == Status.CANCELLED


def test_after_the_meeting_the_clerk_drafts_the_decisions(world: World):
    meeting = held(world)
    clerk = signed_in(world.clerk)
    page = clerk.get(f"/staff/meetings/{meeting.pk}/").content.decode()
    assert "起草会议决定" in page
    response = clerk.post(
        f"/staff/meetings/{meeting.pk}/decisions/",
        {"item": world.item("T12").pk, "topic": "general"},
    )
    meeting.refresh_from_db()
    assert meeting.decisions is not None
    assert response["Location"] == f"/staff/publications/{meeting.decisions.pk}/"


def test_the_clerk_changes_the_draft_before_it_is_announced_and_not_after(world: World):
    now = timezone.now()
    meeting = actions.draft(
        unit=world.township,
        by=world.clerk,
        now=now,
        kind="briefing",
        title="青山镇农村生活垃圾收运说明会",
        starts_at=now + dt.timedelta(days=14),
        place="镇政府会议室",
        how_to_attend="在本网站报名。",
        seats=20,
        signup_days=2,
    )
    clerk = signed_in(world.clerk)
    page = clerk.get(f"/staff/meetings/{meeting.pk}/").content.decode()
    assert f"/staff/meetings/{meeting.pk}/edit/" in page and "修改草稿" in page
    form = clerk.get(f"/staff/meetings/{meeting.pk}/edit/")
    assert form.status_code == 200 and "镇政府会议室" in form.content.decode()
    starts = timezone.localtime(now + dt.timedelta(days=21))
    response = clerk.post(
        f"/staff/meetings/{meeting.pk}/edit/",
        {
            "kind": "briefing",
            "title": "青山镇农村生活垃圾收运处置费标准说明会",
            "about": "说明收费标准的测算依据。",
            "starts_at": starts.strftime("%Y-%m-%dT14:30"),
            "place": "青山镇便民服务中心二楼",
            "how_to_attend": "在本网站报名，或电话报名。",
            "seats": 30,
            "signup_days": 3,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.place, meeting.seats) == (
        "青山镇农村生活垃圾收运处置费标准说明会",
        "青山镇便民服务中心二楼",
        30,
    )
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "14:30"
    event = AuditEvent.objects.get(action="meeting:edited")
    assert event.data["fields"] == [
        "about",
        "how_to_attend",
        "place",
        "seats",
        "signup_days",
        "starts_at",
        "title",
    ]
    # The reviewer cannot change it; they announce it, and then it is only postponed or cancelled.
    assert signed_in(world.reviewer).get(f"/staff/meetings/{meeting.pk}/edit/").status_code == 403
    actions.announce(meeting, by=world.reviewer, now=now)
    response = clerk.get(f"/staff/meetings/{meeting.pk}/edit/", follow=True)
    assert "只能推迟或取消" in response.content.decode()
    assert "修改草稿" not in clerk.get(f"/staff/meetings/{meeting.pk}/").content.decode()


def test_who_changed_the_draft_may_not_approve_it(world: World):
    now = timezone.now()
    meeting = actions.draft(
        unit=world.township,
        by=world.clerk,
        now=now,
        kind="briefing",
        title="说明会",
        starts_at=now + dt.timedelta(days=14),
        place="会议室",
        how_to_attend="报名",
        seats=5,
        signup_days=1,
    )
    actions.edit_draft(
        meeting,
        by=world.clerk2,
        now=now,
        kind="briefing",
        title="说明会",
        starts_at=now + dt.timedelta(days=14),
        place="会议室",
        how_to_attend="报名",
        seats=8,
        signup_days=1,
    )
    meeting.refresh_from_db()
    assert meeting.edited_by == world.clerk2
    world.clerk2.memberships.create(unit=world.township, role="reviewer")
    with pytest.raises(PermissionDenied):
        actions.announce(meeting, by=world.clerk2, now=now)
