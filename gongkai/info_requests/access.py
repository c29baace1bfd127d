"""How views and the API get applications: scoped by `gongkai.core.access`, never by hand.

Applicants' personal data is seen only by the handlers of the application's unit (and by
the applicant through the secret link). A county supervisor sees queues and dates, not the
applicant's details.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from gongkai.core import access
from gongkai.core.access import Perm
from gongkai.core.models import Unit, UnitKind, User

from .models import Filing, InfoRequest, InfoRequestQuerySet


def handled_by(user: User) -> InfoRequestQuerySet:
    """The applications the user may handle: those of units where they hold HANDLE_REQUESTS."""
    return InfoRequest.objects.in_units(access.units_for(user, Perm.HANDLE_REQUESTS))


def supervised_by(user: User) -> InfoRequestQuerySet:
    return InfoRequest.objects.in_units(access.units_for(user, Perm.SUPERVISE))


def get_request_for_staff(user: User, code: str) -> InfoRequest:
    """The only way a staff view gets an application: 404 when missing, 403 when not allowed."""
    req = get_object_or_404(
        InfoRequest.objects.select_related("unit", "unit__parent", "assigned_to"),
        tracking_code=code.upper(),
    )
    access.require(user, Perm.HANDLE_REQUESTS, req.unit)
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
    return [
        user
        for user in User.objects.filter(memberships__unit=unit, is_active=True)
        .distinct()
        .order_by("username")
        if access.can(user, Perm.HANDLE_REQUESTS, unit)
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
