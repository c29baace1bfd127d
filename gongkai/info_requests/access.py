"""How views and the API get applications: scoped by `gongkai.core.access`, never by hand.

Applicants' personal data is seen only by the handlers of the application's unit (and by
the applicant through the secret link). A county supervisor sees queues and dates, not the
applicant's details.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from gongkai.core import access
from gongkai.core.access import Perm
from gongkai.core.models import Unit, UnitKind, User

from .models import Filing, InfoRequest, InfoRequestQuerySet


def handling_units(user: User) -> Q:
    """The units whose applications the user may handle, as a filter over Unit.

    The township government is the agency that answers (its disclosure office handles the
    applications), so a township's handlers also handle those addressed to its offices, and
    an application to an office without handlers of its own never goes unseen.
    """
    mine = access.units_for(user, Perm.HANDLE_REQUESTS)
    return mine | Q(kind=UnitKind.OFFICE, parent__in=Unit.objects.filter(mine))


@access.question(
    "info_request:handle_for_unit", denied=lambda unit: access.denial(Perm.HANDLE_REQUESTS)
)
def may_handle(user: User, unit: Unit) -> bool:
    """A handler of the unit, or of the township an office belongs to."""
    if access.can(user, Perm.HANDLE_REQUESTS, unit):
        return True
    parent = unit.parent
    return (
        unit.kind == UnitKind.OFFICE
        and parent is not None
        and access.can(user, Perm.HANDLE_REQUESTS, parent)
    )


def require_handle(user: User, unit: Unit) -> None:
    access.demand(user, "info_request:handle_for_unit", unit)


@access.question(
    "info_request:sign_off_for_unit", denied=lambda unit: access.denial(Perm.SIGN_OFF_REPLIES)
)
def may_sign_off(user: User, unit: Unit) -> bool:
    """A reviewer or leader of the unit, or of the township an office belongs to."""
    if access.can(user, Perm.SIGN_OFF_REPLIES, unit):
        return True
    parent = unit.parent
    return (
        unit.kind == UnitKind.OFFICE
        and parent is not None
        and access.can(user, Perm.SIGN_OFF_REPLIES, parent)
    )


def require_sign_off(user: User, unit: Unit) -> None:
    access.demand(user, "info_request:sign_off_for_unit", unit)


def handled_by(user: User) -> InfoRequestQuerySet:
    """The applications the user may handle (see `handling_units`)."""
    return InfoRequest.objects.in_units(handling_units(user))


def supervised_by(user: User) -> InfoRequestQuerySet:
    return InfoRequest.objects.in_units(access.units_for(user, Perm.SUPERVISE))


def get_request_for_staff(user: User, code: str) -> InfoRequest:
    """The only way a staff view gets an application: 404 when missing, 403 when not allowed."""
    req = get_object_or_404(
        InfoRequest.objects.select_related("unit", "unit__parent", "assigned_to"),
        tracking_code=code.upper(),
    )
    require_handle(user, req.unit)
    return req


def get_request_for_applicant(code: str, token: str) -> InfoRequest:
    """The applicant's own view: the tracking code and the secret token must both match."""
    req = (
        InfoRequest.objects.select_related("unit", "unit__parent")
        .filter(tracking_code=(code or "").upper())
        .first()
    )
    if req is None or not req.token_matches(token or ""):
        # The same answer for a wrong code and a wrong token, so codes cannot be probed.
        raise Http404(_("No application matches this tracking code and link."))
    return req


# Wrong tracking-code and phone pairs: per connection, and per code from any connection, so
# the 10,000 four-digit endings cannot be tried out. Counted in the cache, never one row each.
PHONE_TRIES_PER_SOURCE = 10
PHONE_TRIES_PER_CODE = 20
PHONE_TRIES_WINDOW = 60 * 60  # seconds


class TooManyTries(Exception):
    """Too many wrong tracking-code and phone pairs from one connection or for one code."""


def get_status_by_phone(code: str, phone_last4: str, *, source: str) -> InfoRequest:
    """Tracking without the secret link: the code and the last four digits of the phone.

    Only the status and the due date are to be shown from it, never personal data.
    """
    code = (code or "").strip().upper()
    # Hashed: a code is whatever the caller typed, and a cache key must be plain characters.
    code_key = hashlib.sha256(code.encode()).hexdigest()
    keys = (f"track-phone:source:{source}", f"track-phone:code:{code_key}")
    limits = (PHONE_TRIES_PER_SOURCE, PHONE_TRIES_PER_CODE)
    if any((cache.get(key) or 0) >= limit for key, limit in zip(keys, limits, strict=True)):
        raise TooManyTries(_("Too many wrong tries. Please try again in an hour."))
    req = (
        InfoRequest.objects.filter(tracking_code=code)
        .only("tracking_code", "stage", "due_on", "due_provisional", "contact_phone")
        .first()
    )
    digits = "".join(c for c in (req.contact_phone if req else "") if c.isdigit())
    last4 = (phone_last4 or "").strip()
    if req is None or len(last4) != 4 or not last4.isdigit() or not digits.endswith(last4):
        for key in keys:
            cache.add(key, 0, PHONE_TRIES_WINDOW)
            try:
                cache.incr(key)
            except ValueError:  # expired in between
                cache.set(key, 1, PHONE_TRIES_WINDOW)
        raise Http404(_("No application matches this tracking code and phone number."))
    return req


def transfer_targets(req: InfoRequest):
    """The township and its offices, other than the application's own unit."""
    township = req.unit.township
    if township is None:
        return Unit.objects.none()
    return (
        Unit.objects.filter(Q(pk=township.pk) | Q(parent=township, kind=UnitKind.OFFICE))
        .exclude(pk=req.unit_id)
        .order_by("path")
    )


def handlers(unit: Unit) -> list[User]:
    """The people who may handle the unit's applications, for the assignment list."""
    near = [unit.pk, unit.parent_id] if unit.kind == UnitKind.OFFICE else [unit.pk]
    return [
        user
        for user in User.objects.filter(memberships__unit__in=near, is_active=True)
        .distinct()
        .order_by("username")
        if may_handle(user, unit)
    ]


def filings_for(user: User):
    """Filings addressed to a unit the user may acknowledge them for."""
    return Filing.objects.filter(superior__in=Unit.objects.filter(_ack_units(user)))


def _ack_units(user: User):
    # A township's filings go to the county's supervisors; an office's to the township's leaders.
    return access.units_for(user, Perm.SUPERVISE) | access.units_for(user, Perm.DECIDE)


def require_acknowledge(user: User, filing: Filing) -> None:
    if not (
        access.can(user, Perm.SUPERVISE, filing.superior)
        or access.can(user, Perm.DECIDE, filing.superior)
    ):
        raise PermissionDenied(
            _("Only a leader or supervisor of the superior unit may acknowledge this filing.")
        )
