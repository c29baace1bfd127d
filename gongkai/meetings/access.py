"""How staff pages get meetings: scoped by `core.access`, 404 when missing, 403 when not allowed."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404

from gongkai.core import access
from gongkai.core.access import Perm
from gongkai.core.models import Unit, UnitKind, User

from .models import Meeting, MeetingQuerySet

# Units that hold open meetings: the county, townships and their stations and offices.
MEETING_KINDS = (UnitKind.COUNTY, UnitKind.TOWNSHIP, UnitKind.OFFICE)
STAFF_PERMS = (Perm.DRAFT_MEETINGS, Perm.ANNOUNCE_MEETINGS, Perm.READ_SIGNUPS)


def staff_units_q(user: User | None) -> Q:
    condition = Q(pk__in=[])
    for perm in STAFF_PERMS:
        condition |= access.units_for(user, perm)
    return condition


def drafting_units(user: User | None) -> list[Unit]:
    return list(access.units(user, Perm.DRAFT_MEETINGS).filter(kind__in=MEETING_KINDS))


def meetings_for_staff(user: User | None) -> MeetingQuerySet:
    return Meeting.objects.filter(unit__in=Unit.objects.filter(staff_units_q(user)).values("pk"))


def get_meeting_for_staff(user: User, pk: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("unit", "created_by", "announced_by", "decisions"), pk=pk
    )
    if not any(access.can(user, perm, meeting.unit) for perm in STAFF_PERMS):
        access.require(user, Perm.READ_SIGNUPS, meeting.unit)
    return meeting
