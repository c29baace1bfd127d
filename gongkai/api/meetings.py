"""Open meetings (会议公开) over JSON: `GET /api/v1/meetings?unit=<org code>` (public).

Announced and cancelled meetings of the unit and the units under it (every unit's without
`unit`), the newest first; no one's sign-up is ever in the answer, only the seats left.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from gongkai.core.models import Unit
from gongkai.meetings import reads
from gongkai.meetings.models import Kind, Meeting, Status

from .schemas import Id, Page, PageNumber, choice, errors, page_of

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: Id
    unit: str = Field(description="The organising unit's organisation code.")
    unit_name: str
    kind: choice(Kind)  # type: ignore[valid-type]
    kind_label: str
    title: str = Field(description="会议主题")
    about: str
    starts_at: str = Field(description="ISO 8601, Beijing time (+08:00).")
    place: str
    how_to_attend: str
    seats: int = Field(ge=0)
    seats_left: int = Field(ge=0)
    signup_closes_on: str = Field(description="YYYY-MM-DD: the last day to sign up.")
    status: choice([Status.ANNOUNCED, Status.CANCELLED])  # type: ignore[valid-type]
    postponed_from: str | None = Field(description="The first planned time, if postponed.")
    change_reason: str = Field(description="Why it was postponed or cancelled.")
    url: str = Field(description="The announcement on the portal, where people sign up.")
    decisions: str | None = Field(
        description="索引号 of the publication of the meeting's decisions, once published."
    )


def _meeting(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    decisions = meeting.decisions_public()
    return {
        "id": meeting.pk,
        "unit": meeting.unit.org_code,
        "unit_name": meeting.unit.name,
        "kind": meeting.kind,
        "kind_label": meeting.get_kind_display(),
        "title": meeting.title,
        "about": meeting.about,
        "starts_at": timezone.localtime(meeting.starts_at).isoformat(),
        "place": meeting.place,
        "how_to_attend": meeting.how_to_attend,
        "seats": meeting.seats,
        "seats_left": meeting.seats_left,
        "signup_closes_on": meeting.signup_closes_on.isoformat(),
        "status": meeting.status,
        "postponed_from": timezone.localtime(meeting.postponed_from).isoformat()
        if meeting.postponed_from
        else None,
        "change_reason": meeting.change_reason,
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
        "decisions": decisions.index_no if decisions else None,
    }


@router.get(
    "/meetings",
    response={200: Page[MeetingOut], **errors(404, 422)},
    summary="Meetings open to the public, the newest first; a unit's and its offices' with unit.",
    url_name="meetings",
)
def meetings(
    request: HttpRequest,
    unit: str | None = Query(
        None, min_length=1, max_length=32, description="The unit's organisation code."
    ),
    page: PageNumber = 1,
) -> dict[str, Any]:
    found = None
    if unit is not None:
        found = Unit.objects.filter(org_code=unit.strip().upper()).first()
        if found is None:
            raise Http404(_("No unit has this organisation code."))
    rows = reads.public_meetings(found).order_by("-starts_at", "-pk")
    return page_of(request, rows, page, lambda m: _meeting(request, m))
