"""Announcing a meeting, signing up for it, postponing or cancelling it, and publishing its
decisions: who may, what is refused, what the people who signed up are told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.models import AuditEvent
from gongkai.meetings import actions
from gongkai.meetings.models import Meeting, Notice, Signup, Status
from gongkai.publishing import actions as publishing
from gongkai.publishing.tests.conftest import World

from .conftest import NOW, STARTS, announced_meeting, at, fields

TODAY = NOW.date()


def sign(meeting: Meeting, phone: str = "13800138000", name: str = "张三明", **extra):
    return actions.sign_up(meeting, name=name, phone=phone, now=NOW, today=TODAY, **extra)


def test_a_clerk_drafts_and_another_person_announces(world: World):
    meeting = actions.draft(unit=world.township, by=world.clerk, now=NOW, **fields())
    assert meeting.status == Status.DRAFT
    assert meeting.signup_closes_on == dt.date(2026, 7, 22)
    with pytest.raises(PermissionDenied):
        actions.announce(meeting, by=world.clerk, now=NOW)  # a clerk may not approve
    actions.announce(meeting, by=world.leader, now=NOW)
    meeting.refresh_from_db()
    assert meeting.status == Status.ANNOUNCED and meeting.announced_by == world.leader
    names = list(
        AuditEvent.objects.filter(target_id=str(meeting.pk)).values_list("action", flat=True)
    )
    assert "meeting:drafted" in names and "meeting:announced" in names


def test_the_drafter_never_approves_their_own_announcement(world: World):
    world.township.memberships.create(user=world.clerk, role="reviewer")
    meeting = actions.draft(unit=world.township, by=world.clerk, now=NOW, **fields())
    with pytest.raises(PermissionDenied):
        actions.announce(meeting, by=world.clerk, now=NOW)


def test_only_the_units_clerk_drafts(world: World):
    with pytest.raises(PermissionDenied):
        actions.draft(unit=world.township, by=world.reviewer, now=NOW, **fields())
    with pytest.raises(PermissionDenied):
        actions.draft(unit=world.township, by=world.other_clerk, now=NOW, **fields())


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_at": at(2026, 7, 14)}, "starts_at"),  # in the past
        ({"starts_at": at(2026, 7, 16), "signup_days": 3}, "signup_days"),  # closed already
        ({"seats": 0}, "seats"),
    ],
)
def test_an_announcement_that_cannot_work_is_refused(world: World, change, field):
    with pytest.raises(ValidationError) as refused:
        actions.draft(unit=world.township, by=world.clerk, now=NOW, **fields(**change))
    assert field in refused.value.message_dict


def test_signing_up_takes_a_seat_and_gives_a_token(meeting: Meeting):
    signup, token = sign(meeting, phone="138 0013 8000")
    meeting.refresh_from_db()
    assert meeting.seats_taken == 1 and meeting.seats_left == 1
    assert signup.phone == "13800138000" and signup.masked_phone == "138****8000"
    assert signup.masked_name == "张*明"
    assert token and token not in signup.token_hash
    event = AuditEvent.objects.filter(action="meeting:signed_up").get()
    # The log keeps the count, never who signed up.
    assert "13800138000" not in str(event.data) and "张三明" not in str(event.data)


def test_one_sign_up_per_phone_per_meeting(meeting: Meeting):
    sign(meeting)
    with pytest.raises(ValidationError) as refused:
        sign(meeting, name="李四")
    assert "phone" in refused.value.message_dict
    meeting.refresh_from_db()
    assert meeting.seats_taken == 1


def test_a_full_meeting_says_so_and_takes_nobody_more(meeting: Meeting):
    sign(meeting, phone="13800000001")
    sign(meeting, phone="13800000002")
    with pytest.raises(ValidationError) as refused:
        sign(meeting, phone="13800000003")
    assert refused.value.code == "full"
    assert Signup.objects.filter(meeting=meeting).count() == 2
    meeting.refresh_from_db()
    assert meeting.is_full and meeting.seats_taken == 2


def test_the_last_seat_goes_once_even_from_a_stale_copy(meeting: Meeting):
    """Two requests read the meeting with one seat left; the conditional update lets one in."""
    sign(meeting, phone="13800000001")
    first, second = Meeting.objects.get(pk=meeting.pk), Meeting.objects.get(pk=meeting.pk)
    assert first.seats_left == second.seats_left == 1
    sign(first, phone="13800000002")
    with pytest.raises(ValidationError) as refused:
        sign(second, phone="13800000003")
    assert refused.value.code == "full"


@pytest.mark.parametrize(
    ("now", "today"),
    [(at(2026, 7, 23, 8), dt.date(2026, 7, 23)), (at(2026, 7, 24, 10), dt.date(2026, 7, 24))],
)
def test_sign_up_closes_on_its_day(meeting: Meeting, now, today):
    with pytest.raises(ValidationError) as refused:
        actions.sign_up(meeting, name="张三", phone="13800138000", now=now, today=today)
    assert refused.value.code == "closed"


def test_a_bad_phone_number_is_refused(meeting: Meeting):
    with pytest.raises(ValidationError) as refused:
        sign(meeting, phone="12345")
    assert "phone" in refused.value.message_dict


def test_a_draft_takes_no_sign_up(world: World):
    meeting = actions.draft(unit=world.township, by=world.clerk, now=NOW, **fields())
    with pytest.raises(ValidationError):
        sign(meeting)


def test_postponing_tells_everyone_and_emails_those_who_gave_an_address(
    world: World, meeting: Meeting, django_capture_on_commit_callbacks
):
    sign(meeting, phone="13800000001", email="zhang@example.cn")
    sign(meeting, phone="13800000002")
    later = at(2026, 7, 31)
    with django_capture_on_commit_callbacks(execute=True):
        actions.postpone(meeting, by=world.reviewer, starts_at=later, reason="场地维修", now=NOW)
    meeting.refresh_from_db()
    assert meeting.starts_at == later and meeting.postponed_from == STARTS
    assert meeting.signup_closes_on == dt.date(2026, 7, 29)
    notices = list(Notice.objects.order_by("pk"))
    assert len(notices) == 2 and all("场地维修" in n.message for n in notices)
    assert [n.emailed for n in notices] == [True, False]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zhang@example.cn"]
    event = AuditEvent.objects.get(action="meeting:postponed")
    assert event.data["notified"] == 2 and event.data["emailed"] == 1


def test_cancelling_tells_everyone(world: World, meeting: Meeting):
    sign(meeting)
    with pytest.raises(PermissionDenied):
        actions.cancel(meeting, by=world.clerk, reason="天气", now=NOW)
    actions.cancel(meeting, by=world.leader, reason="台风预警", now=NOW)
    meeting.refresh_from_db()
    assert meeting.status == Status.CANCELLED
    assert "台风预警" in Notice.objects.get().message
    with pytest.raises(ValidationError):
        sign(meeting, phone="13900000000")


def test_postponing_to_an_earlier_time_is_refused(world: World, meeting: Meeting):
    with pytest.raises(ValidationError):
        actions.postpone(meeting, by=world.reviewer, starts_at=at(2026, 7, 20), reason="x", now=NOW)


def test_exporting_the_list_is_in_the_log(world: World, meeting: Meeting):
    sign(meeting)
    rows = actions.export_signups(meeting, by=world.clerk, fmt="xlsx")
    assert [r.phone for r in rows] == ["13800138000"]
    assert AuditEvent.objects.get(action="meeting:signups_exported").data["rows"] == 1
    with pytest.raises(PermissionDenied):
        actions.export_signups(meeting, by=world.other_clerk, fmt="xlsx")


def test_decisions_are_a_publication_through_the_workflow_linked_to_the_meeting(
    world: World, meeting: Meeting
):
    with pytest.raises(ValidationError):  # not before the meeting
        actions.draft_decisions(
            meeting, by=world.clerk, item=world.item("T12"), topic="general", today=TODAY, now=NOW
        )
    after = at(2026, 7, 27, 10)
    publication = actions.draft_decisions(
        meeting,
        by=world.clerk,
        item=world.item("T12"),
        topic="general",
        today=after.date(),
        now=after,
    )
    meeting.refresh_from_db()
    assert meeting.decisions == publication
    assert meeting.decisions_public() is None  # a draft: not yet for the public
    draft = publication.draft
    assert draft is not None and "民生实事" in draft.title
    # The clerk writes the decisions into the draft, then it goes through review.
    publishing.edit(
        publication,
        by=world.clerk,
        today=after.date(),
        body="<ol><li>通村公路安全防护工程。</li></ol>",
    )
    world.publish(publication, today=after.date())
    meeting.refresh_from_db()
    assert meeting.decisions_public() == publication
    with pytest.raises(ValidationError):  # once only
        actions.draft_decisions(
            meeting,
            by=world.clerk,
            item=world.item("T12"),
            topic="general",
            today=after.date(),
            now=after,
        )


def test_the_other_townships_meeting_is_not_this_clerks(world: World):
    meeting = announced_meeting(world)
    with pytest.raises(PermissionDenied):
        actions.cancel(meeting, by=world.other_staff, reason="x", now=NOW)
