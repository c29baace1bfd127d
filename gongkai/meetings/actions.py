"""Every change to meetings: draft, announce, postpone, cancel, sign up, export, decisions.

Each checks the transition and who may, saves and records one audit event in one
transaction. Seats are counted by a conditional update of the meeting's row, so two people
taking the last seat at once cannot both have it, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.catalog.models import CatalogItem
from gongkai.core import access, audit, mail
from gongkai.core.access import Perm
from gongkai.core.models import Unit, User
from gongkai.core.workdays import WorkdayCalendar
from gongkai.publishing import actions as publishing
from gongkai.publishing.models import Publication

from . import schedule
from .access import MEETING_KINDS
from .models import Meeting, Notice, NoticeKind, Signup, Status

MAX_SEATS = 10_000
# Sign-ups one connection may make in 24 hours (GONGKAI_MEETING_SIGNUPS_PER_DAY): a family or
# a village committee's computer signs up a few people; a script is refused.
SIGNUPS_PER_DAY = 10
# Mainland mobile numbers, and landlines with their area code (0731-84512345).
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}\d{7,8})$")


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _check_time(starts_at: dt.datetime, signup_days: int, *, now: dt.datetime) -> dt.date:
    """The sign-up deadline for a meeting at `starts_at`; refuse what cannot be announced."""
    if starts_at <= now:
        raise ValidationError({"starts_at": _("The meeting must be in the future.")})
    closes_on = schedule.signup_closes_on(
        timezone.localtime(starts_at).date(), signup_days, WorkdayCalendar.load()
    )
    if closes_on < timezone.localtime(now).date():
        raise ValidationError(
            {
                "signup_days": _(
                    "Sign-up would already have closed (on %(day)s): choose fewer working days "
                    "or a later time."
                )
                % {"day": closes_on.isoformat()}
            }
        )
    return closes_on


def _check_seats(seats: int, taken: int = 0) -> None:
    if seats < 1 or seats > MAX_SEATS:
        raise ValidationError({"seats": _("Offer between 1 and 10,000 seats.")})
    if seats < taken:
        raise ValidationError({"seats": _("%(n)s people have signed up already.") % {"n": taken}})


EDITABLE = ("kind", "title", "about", "starts_at", "place", "how_to_attend", "seats", "signup_days")


def _announcement(**values: Any) -> dict[str, Any]:
    """The announcement's fields (EDITABLE) trimmed and checked, for drafting and changing it."""
    for name in ("title", "about", "place", "how_to_attend"):
        values[name] = values[name].strip()
    if not values["title"] or not values["place"] or not values["how_to_attend"]:
        raise ValidationError(_("Give the topic, the place and how to attend."))
    _check_seats(values["seats"])
    return values


@transaction.atomic
def draft(
    *,
    unit: Unit,
    by: User,
    now: dt.datetime,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    place: str,
    how_to_attend: str,
    seats: int,
    signup_days: int,
    about: str = "",
) -> Meeting:
    """A clerk drafts a meeting announcement; a reviewer or leader announces it."""
    access.require(by, Perm.DRAFT_MEETINGS, unit)
    if unit.kind not in MEETING_KINDS:
        raise ValidationError(_("Only the county, townships and their offices hold open meetings."))
    values = _announcement(
        kind=kind,
        title=title,
        about=about,
        starts_at=starts_at,
        place=place,
        how_to_attend=how_to_attend,
        seats=seats,
        signup_days=signup_days,
    )
    closes_on = _check_time(starts_at, signup_days, now=now)
    meeting = Meeting.objects.create(unit=unit, **values, signup_closes_on=closes_on, created_by=by)
    audit.record(
        "meeting:drafted",
        actor=by,
        unit=unit,
        target=meeting,
        title=values["title"],
        starts_at=starts_at.isoformat(),
        seats=seats,
    )
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("unit").get(pk=meeting.pk)


@transaction.atomic
def edit_draft(
    meeting: Meeting,
    *,
    by: User,
    now: dt.datetime,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    place: str,
    how_to_attend: str,
    seats: int,
    signup_days: int,
    about: str = "",
) -> Meeting:
    """Change the announcement while it is a draft; once announced it is only postponed or
    cancelled. Whoever changes it may not approve it."""
    meeting = _locked(meeting)
    access.require(by, Perm.DRAFT_MEETINGS, meeting.unit)
    if meeting.status != Status.DRAFT:
        raise ValidationError(
            _("This meeting has been announced: it can only be postponed or cancelled now."),
            code="announced",
        )
    values = _announcement(
        kind=kind,
        title=title,
        about=about,
        starts_at=starts_at,
        place=place,
        how_to_attend=how_to_attend,
        seats=seats,
        signup_days=signup_days,
    )
    meeting.signup_closes_on = _check_time(starts_at, signup_days, now=now)
    changed = sorted(name for name, value in values.items() if getattr(meeting, name) != value)
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.edited_by = by
    meeting.save(update_fields=[*EDITABLE, "signup_closes_on", "edited_by"])
    audit.record(
        "meeting:edited",
        actor=by,
        unit=meeting.unit,
        target=meeting,
        fields=changed,
        starts_at=starts_at.isoformat(),
    )
    return meeting


@transaction.atomic
def announce(meeting: Meeting, *, by: User, now: dt.datetime) -> Meeting:
    """Approve the draft: the meeting appears on the portal and sign-up opens."""
    meeting = _locked(meeting)
    access.require(by, Perm.ANNOUNCE_MEETINGS, meeting.unit)
    if meeting.status != Status.DRAFT:
        raise ValidationError(_("This meeting has already been announced."), code="already")
    if by.pk in (meeting.created_by_id, meeting.edited_by_id):
        raise PermissionDenied(_("You drafted this announcement: another person must approve it."))
    meeting.signup_closes_on = _check_time(meeting.starts_at, meeting.signup_days, now=now)
    meeting.status, meeting.announced_by, meeting.announced_at = Status.ANNOUNCED, by, now
    meeting.save(update_fields=["status", "announced_by", "announced_at", "signup_closes_on"])
    audit.record(
        "meeting:announced",
        actor=by,
        unit=meeting.unit,
        target=meeting,
        title=meeting.title,
        starts_at=meeting.starts_at.isoformat(),
        signup_closes_on=meeting.signup_closes_on.isoformat(),
    )
    return meeting


def _notify(meeting: Meeting, kind: str, message: str) -> tuple[int, int]:
    """Record a notice for everyone signed up; e-mail those who gave an address, after commit."""
    notified = emailed = 0
    for signup in meeting.signups.active():
        Notice.objects.create(signup=signup, kind=kind, message=message, emailed=bool(signup.email))
        notified += 1
        if signup.email:
            emailed += 1
            mail.send_after_commit(meeting.title, message, [signup.email])
    return notified, emailed


@transaction.atomic
def postpone(
    meeting: Meeting, *, by: User, starts_at: dt.datetime, reason: str, now: dt.datetime
) -> Meeting:
    """Move an announced meeting later; everyone signed up is told, and keeps their seat."""
    meeting = _locked(meeting)
    access.require(by, Perm.ANNOUNCE_MEETINGS, meeting.unit)
    if meeting.status != Status.ANNOUNCED or meeting.starts_at <= now:
        raise ValidationError(_("Only an announced meeting still to come can be postponed."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, for the people who signed up.")})
    if starts_at <= meeting.starts_at:
        raise ValidationError({"starts_at": _("The new time must be later than the old one.")})
    previous = meeting.starts_at
    meeting.signup_closes_on = _check_time(starts_at, meeting.signup_days, now=now)
    meeting.postponed_from = meeting.postponed_from or previous
    meeting.starts_at, meeting.change_reason = starts_at, reason
    meeting.save(update_fields=["starts_at", "postponed_from", "change_reason", "signup_closes_on"])
    message = _(
        "“%(title)s” has been postponed from %(old)s to %(new)s, at %(place)s. Reason: "
        "%(reason)s. Your sign-up stands."
    ) % {
        "title": meeting.title,
        "old": _local(previous),
        "new": _local(starts_at),
        "place": meeting.place,
        "reason": reason,
    }
    notified, emailed = _notify(meeting, NoticeKind.POSTPONED, message)
    audit.record(
        "meeting:postponed",
        actor=by,
        unit=meeting.unit,
        target=meeting,
        previous_starts_at=previous.isoformat(),
        starts_at=starts_at.isoformat(),
        reason=reason,
        notified=notified,
        emailed=emailed,
    )
    return meeting


@transaction.atomic
def cancel(meeting: Meeting, *, by: User, reason: str, now: dt.datetime) -> Meeting:
    """Call off an announced meeting; everyone signed up is told."""
    meeting = _locked(meeting)
    access.require(by, Perm.ANNOUNCE_MEETINGS, meeting.unit)
    if meeting.status != Status.ANNOUNCED or meeting.starts_at <= now:
        raise ValidationError(_("Only an announced meeting still to come can be cancelled."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, for the people who signed up.")})
    meeting.status, meeting.change_reason = Status.CANCELLED, reason
    meeting.save(update_fields=["status", "change_reason"])
    message = _("“%(title)s”, planned for %(when)s, has been cancelled. Reason: %(reason)s.") % {
        "title": meeting.title,
        "when": _local(meeting.starts_at),
        "reason": reason,
    }
    notified, emailed = _notify(meeting, NoticeKind.CANCELLED, message)
    audit.record(
        "meeting:cancelled",
        actor=by,
        unit=meeting.unit,
        target=meeting,
        reason=reason,
        notified=notified,
        emailed=emailed,
    )
    return meeting


def normalise_phone(phone: str) -> str:
    return re.sub(r"[\s\-()（）]", "", phone or "")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def sign_up(
    meeting: Meeting,
    *,
    name: str,
    phone: str,
    email: str = "",
    now: dt.datetime,
    today: dt.date,
    source_hash: str = "",
) -> tuple[Signup, str]:
    """A person takes a seat: returns the sign-up and the token of its page (shown once).

    `source_hash` (a keyed hash of the connection) counts the sign-ups from one client: past
    the daily limit, it is refused with a message saying how else to sign up."""
    name, phone, email = name.strip(), normalise_phone(phone), (email or "").strip()
    errors: dict[str, list[str]] = {}
    if not name or len(name) > 40:
        errors["name"] = [_("Give your name (at most 40 characters).")]
    if not PHONE.match(phone):
        errors["phone"] = [_("Give a mobile number (11 digits) or a landline with its area code.")]
    if errors:
        raise ValidationError(errors)
    limit = int(getattr(settings, "GONGKAI_MEETING_SIGNUPS_PER_DAY", SIGNUPS_PER_DAY))
    if source_hash and (
        Signup.objects.filter(
            source_hash=source_hash, created_at__gt=now - dt.timedelta(days=1)
        ).count()
        >= limit
    ):
        raise ValidationError(
            _(
                "Too many sign-ups have come from your connection today. Please try again "
                "tomorrow, or sign up by telephone with the organisers."
            ),
            code="too_many",
        )
    current = Meeting.objects.get(pk=meeting.pk)
    if current.status != Status.ANNOUNCED or not schedule.signup_open(
        closes_on=current.signup_closes_on, starts_at=current.starts_at, now=now, today=today
    ):
        raise ValidationError(_("Sign-up for this meeting is closed."), code="closed")
    if Signup.objects.filter(meeting=current, phone=phone).exists():
        raise ValidationError(
            {"phone": [_("This telephone number has already signed up for this meeting.")]},
            code="duplicate",
        )
    # The seat is taken by a conditional update: the row lock makes a concurrent sign-up for
    # the last seat wait, then find no seat left.
    taken = Meeting.objects.filter(
        pk=current.pk, status=Status.ANNOUNCED, seats_taken__lt=F("seats")
    ).update(seats_taken=F("seats_taken") + 1)
    if not taken:
        raise ValidationError(_("All seats are taken: the meeting is full."), code="full")
    token = secrets.token_urlsafe(18)
    try:
        with transaction.atomic():
            signup = Signup.objects.create(
                meeting=current,
                name=name,
                phone=phone,
                email=email,
                token_hash=token_hash(token),
                source_hash=source_hash,
            )
    except IntegrityError:
        # The same number, at the same moment: the seat taken above goes back with the raise.
        raise ValidationError(
            {"phone": [_("This telephone number has already signed up for this meeting.")]},
            code="duplicate",
        ) from None
    seats_taken = Meeting.objects.values_list("seats_taken", flat=True).get(pk=current.pk)
    audit.record(
        "meeting:signed_up", actor=None, unit=current.unit, target=current, seats_taken=seats_taken
    )
    return signup, token


def export_signups(meeting: Meeting, *, by: User, fmt: str) -> list[Signup]:
    """The sign-up list for printing or a spreadsheet; every export is in the log."""
    access.require(by, Perm.READ_SIGNUPS, meeting.unit)
    rows = list(meeting.signups.active())
    audit.record(
        "meeting:signups_exported",
        actor=by,
        unit=meeting.unit,
        target=meeting,
        format=fmt,
        rows=len(rows),
    )
    return rows


def draft_decisions(
    meeting: Meeting,
    *,
    by: User,
    item: CatalogItem,
    topic: str,
    today: dt.date,
    now: dt.datetime,
    **fields: Any,
) -> Publication:
    """After the meeting: a draft publication of its decisions, linked to the announcement. It
    goes through the publishing workflow (review, decision, publish) like any other."""
    meeting = Meeting.objects.select_related("unit").get(pk=meeting.pk)
    access.require(by, Perm.DRAFT, meeting.unit)
    if meeting.status != Status.ANNOUNCED or meeting.starts_at > now:
        raise ValidationError(_("Decisions are published after a meeting that took place."))
    if meeting.decisions_id is not None:
        raise ValidationError(_("This meeting's decisions already have a publication."))
    held = timezone.localtime(meeting.starts_at)
    content = {
        "title": _("Decisions of “%(title)s”") % {"title": meeting.title},
        "summary": _("What %(unit)s decided at the %(kind)s held on %(day)s at %(place)s.")
        % {
            "unit": meeting.unit.name,
            "kind": meeting.get_kind_display(),
            "day": held.strftime("%Y-%m-%d"),
            "place": meeting.place,
        },
        "written_on": today,
        **fields,
    }
    return _link(meeting, by, item=item, topic=topic, today=today, content=content)


@transaction.atomic
def _link(
    meeting: Meeting,
    by: User,
    *,
    item: CatalogItem,
    topic: str,
    today: dt.date,
    content: dict[str, Any],
) -> Publication:
    meeting = _locked(meeting)
    if meeting.decisions_id is not None:
        raise ValidationError(_("This meeting's decisions already have a publication."))
    publication = publishing.create(
        unit=meeting.unit, item=item, by=by, audience="public", today=today, topic=topic, **content
    )
    meeting.decisions = publication
    meeting.save(update_fields=["decisions"])
    audit.record(
        "meeting:decisions_linked",
        actor=by,
        unit=meeting.unit,
        target=meeting,
        publication=publication.pk,
    )
    return publication
