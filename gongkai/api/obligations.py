"""Disclosure obligations over JSON: a unit's list and the per-unit counts below a unit.

Anonymous readers see public items; signed-in staff of a unit (session or API key) also its
internal items. The counts come from the same query as the lists, so they always agree.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from gongkai.api.auth import staff, token_auth
from gongkai.api.schemas import Error, errors
from gongkai.catalog.models import CatalogItem
from gongkai.core import access, tokens
from gongkai.core.access import Perm
from gongkai.core.models import Unit, User
from gongkai.core.workdays import WorkdayCalendar
from gongkai.obligations import actions, reads
from gongkai.obligations.models import Obligation

router = Router(tags=["obligations"])


class ObligationOut(Schema):
    item: str | None
    item_id: int
    period: str
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date
    due_on_provisional: bool
    status: str
    publication: str | None
    published_on: dt.date | None


class EventIn(Schema):
    unit: str
    item_id: int
    on: dt.date | None = None
    note: str


class ObligationList(Schema):
    items: list[ObligationOut]
    next: str | None = None


class UnitCounts(Schema):
    unit: str
    open: int
    met: int
    late: int
    overdue: int
    waived: int


class Summary(Schema):
    items: list[UnitCounts]


def _no_unit() -> dict[str, object]:
    message = _("No unit has this organisation code.")
    return {"error": message, "fields": {"unit": message}}


def _user(request: HttpRequest) -> User | None:
    if request.user.is_authenticated:
        return request.user
    try:
        return tokens.authenticate(request)
    except PermissionDenied:
        return None


def _unit(code: str) -> Unit | None:
    return Unit.objects.filter(org_code=(code or "").upper()).first()


@router.get(
    "/obligations",
    response={200: ObligationList, 404: Error, 422: Error},
    summary="A unit's disclosure obligations in a year",
)
def obligation_list(request: HttpRequest, unit: str, year: int):
    found = _unit(unit)
    if found is None:
        return Status(404, _no_unit())
    today = localdate()
    rows = reads.visible_obligations(_user(request), found, year=year, today=today)
    items = [_out(o, o.state) for o in rows]
    return {"items": items, "next": None}


def _out(o: Obligation, status: str) -> dict[str, object]:
    return {
        "item": o.item.key or None,
        "item_id": o.item_id,
        "period": o.period,
        "period_start": o.period_start,
        "period_end": o.period_end,
        "due_on": o.due_on,
        "due_on_provisional": o.due_on_provisional,
        "status": status,
        "publication": o.publication.index_no if o.publication else None,
        "published_on": o.published_on,
    }


@router.post(
    "/staff/obligations/events",
    response={201: ObligationOut, **errors(400, 401, 403, 404, 422)},
    summary="Record a licence or penalty decision, or a temporary matter, that must be disclosed",
    auth=token_auth,
    url_name="obligation_event",
)
def record_event(request: HttpRequest, payload: EventIn):
    user = staff(request)
    unit = _unit(payload.unit)
    if unit is None:
        raise Http404(_("No unit has this organisation code."))
    item = CatalogItem.objects.filter(pk=payload.item_id).first()
    if item is None:
        raise Http404(_("No catalog item has this number."))
    today = localdate()
    obligation = actions.record_event(
        unit,
        item,
        by=user,
        on=payload.on or today,
        note=payload.note,
        today=today,
        calendar=WorkdayCalendar.load(),
    )
    return Status(201, _out(obligation, obligation.status(today)))


@router.get(
    "/obligations/summary",
    response={200: Summary, 404: Error, 422: Error},
    summary="Obligations counted by status for each unit under a county or township",
)
def obligation_summary(request: HttpRequest, unit: str, year: int):
    found = _unit(unit)
    if found is None:
        return Status(404, _no_unit())
    user = _user(request)
    today = localdate()
    below = list(Unit.objects.subtree(found).exclude(pk=found.pk).order_by("path"))
    staff_of = [u.pk for u in below if access.can(user, Perm.READ_INTERNAL, u)]
    counts = reads.summary(
        Unit.objects.filter(pk__in=[u.pk for u in below if u.pk not in staff_of]),
        year=year,
        today=today,
        public_only=True,
    ) | reads.summary(
        Unit.objects.filter(pk__in=staff_of), year=year, today=today, public_only=False
    )
    items = [
        {"unit": child.org_code, **counts[child.pk].counts} for child in below if child.pk in counts
    ]
    return {"items": items}
