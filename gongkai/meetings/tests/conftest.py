"""Publishing's `World` (a county, two townships and an office, with their people), and a
meeting of the township drafted by its clerk and announced by its reviewer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.meetings import actions
from gongkai.meetings.models import Meeting
from gongkai.publishing.tests import conftest as publishing
from gongkai.publishing.tests.conftest import World

world = publishing.world
media_in_a_temporary_folder = publishing._media_in_a_temporary_folder


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 30) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


# A Wednesday morning; the meeting is the Friday of the next week.
NOW = at(2026, 7, 15, 10, 0)
STARTS = at(2026, 7, 24)


def fields(**extra) -> dict:
    return {
        "kind": "consultation",
        "title": "青山镇2027年民生实事项目征求意见座谈会",
        "about": "听取群众对民生实事候选项目的意见。",
        "starts_at": STARTS,
        "place": "青山镇人民政府三楼会议室",
        "how_to_attend": "请携带身份证。",
        "seats": 2,
        "signup_days": 2,
        **extra,
    }


def announced_meeting(world: World, **extra) -> Meeting:
    meeting = actions.draft(unit=world.township, by=world.clerk, now=NOW, **fields(**extra))
    return actions.announce(meeting, by=world.reviewer, now=NOW)


@pytest.fixture
def meeting(world: World) -> Meeting:
    return announced_meeting(world)


def upcoming(world: World, days: int = 10, **extra) -> Meeting:
    """An announced meeting `days` from now (the portal's pages read the real clock)."""
    now = timezone.now()
    starts = timezone.localtime(now + dt.timedelta(days=days)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    meeting = actions.draft(
        unit=world.township, by=world.clerk, now=now, **fields(starts_at=starts, **extra)
    )
    return actions.announce(meeting, by=world.reviewer, now=now)


def held(world: World, days_ago: int = 20, **extra) -> Meeting:
    """An announced meeting held `days_ago` days ago."""
    starts = timezone.now() - dt.timedelta(days=days_ago)
    announced = starts - dt.timedelta(days=10)
    meeting = actions.draft(
        unit=world.township, by=world.clerk, now=announced, **fields(starts_at=starts, **extra)
    )
    return actions.announce(meeting, by=world.reviewer, now=announced)
