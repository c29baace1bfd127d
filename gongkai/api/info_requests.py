"""Applications for disclosure (依申请公开): submission and status for the public, steps for staff.

The same forms and actions as the web pages do the work, so the rules and the errors are the
same. A body that does not fit the schema is 422; a rule of the form or of the statutory
clock is 400 naming the field, and nothing is recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.timezone import localdate
from ninja import Field, Header, Query, Router, Schema
from ninja import Status as Answer
from pydantic import ConfigDict

from gongkai.core.models import Unit
from gongkai.core.signin import source_hash
from gongkai.info_requests import actions, clock, fees, outcomes
from gongkai.info_requests.access import (
    TooManyTries,
    get_request_for_applicant,
    get_request_for_staff,
    get_status_by_phone,
)
from gongkai.info_requests.clock import EventType
from gongkai.info_requests.forms import ApplicantForm
from gongkai.info_requests.models import Channel, Delivery, IdType, InfoRequest
from gongkai.info_requests.outcomes import OUTCOMES, ApplicantType

from .auth import staff, token_auth
from .schemas import choice, errors

router = Router(tags=["applications"])

API_FIELDS = {"name": "applicant_name"}  # the API's name → the model's
# Every stage the statutory clock knows, read from it so that a new one is listed too.
STAGES = tuple(
    value for name, value in vars(clock.Stage).items() if name.isupper() and isinstance(value, str)
)
OUTCOME_NAMES = tuple(dict.fromkeys([o.label for o in OUTCOMES] + [o.key for o in OUTCOMES]))
CODE = "The application's tracking code."


class Applicant(Schema):
    """What the applicant tells us (Art. 29)."""

    model_config = ConfigDict(extra="forbid")

    unit: str = Field(
        max_length=32, description="The 9-character organisation code of the township or office."
    )
    applicant_type: choice(ApplicantType)  # type: ignore[valid-type]
    name: str = Field(max_length=120)
    id_type: choice(IdType) | None = None  # type: ignore[valid-type]
    id_number: str = Field("", max_length=40)
    contact_person: str = Field("", max_length=120, description="Required for an organisation.")
    contact_phone: str = Field(max_length=30)
    contact_email: str = Field("", max_length=254, description="Required for a reply by email.")
    contact_address: str = Field("", max_length=300, description="Required for a reply on paper.")
    description: str = Field(max_length=20_000, description="The information wanted.")
    document_number: str = Field("", max_length=120)
    delivery: choice(Delivery)  # type: ignore[valid-type]
    accessibility_need: str = Field("", max_length=300)


class Registration(Applicant):
    channel: choice(c for c in Channel.values if c != Channel.ONLINE)  # type: ignore[valid-type]
    arrived_on: dt.date | None = None
    received_on: dt.date | None = Field(
        None,
        description="The date of receipt by the channel's rule (Art. 31); omit for post, fax "
        "or email not yet confirmed.",
    )


class EventOut(Schema):
    type: str
    date: dt.date
    due_before: dt.date | None = None
    due_after: dt.date | None = None
    outcome: str | None = None
    days: int | None = None


class Application(Schema):
    tracking_code: str
    unit: str
    status: choice(STAGES)  # type: ignore[valid-type]
    received_on: dt.date | None
    due_on: dt.date | None
    due_on_provisional: bool
    correction_deadline: dt.date | None
    third_party_deadline: dt.date | None
    outcome: str | None
    events: list[EventOut]


class Submitted(Application):
    token: str = Field(description="Keep it: with the tracking code, it opens the status.")
    status_url: str


class Registered(Application):
    token: str
    overdue: bool


class StaffApplication(Application):
    overdue: bool


class Step(Schema):
    """One step of the statutory clock; each type takes the fields its description names."""

    model_config = ConfigDict(extra="forbid")

    type: choice(EventType.CLOCK)  # type: ignore[valid-type]
    date: dt.date | None = Field(None, description="The day it happened; defaults to today.")
    corrections: str | None = Field(None, description="clarify: what to correct.")
    deadline: dt.date | None = Field(
        None, description="clarify: the correction deadline; ask_reasons: the reasons' deadline."
    )
    party: str | None = Field(None, description="consult_start: who is consulted.")
    party_kind: choice(("third_party", "agency")) | None = None  # type: ignore[valid-type]
    result: (
        choice(  # type: ignore[valid-type]
            ("agreed", "objected", "no_answer", "reasonable", "unreasonable")
        )
        | None
    ) = Field(
        None,
        description="consult_end: agreed, objected or no_answer; reasons_answered: reasonable, "
        "unreasonable or no_answer.",
    )
    questions: str | None = Field(None, description="ask_reasons: what to explain (Art. 35).")
    later_due: dt.date | None = Field(
        None, description="reasons_answered: a later reply date for reasonable reasons."
    )
    days: int | None = Field(
        None, ge=-(2**31), le=2**31 - 1, description="extend: 1 to 20 working days (default 20)."
    )
    approved_by: str | None = Field(None, description="extend: the head of the disclosure office.")
    reason: str | None = None
    outcome: choice(OUTCOME_NAMES) | None = Field(  # type: ignore[valid-type]
        None, description="reply: the table-3 row label without numbering or note (or its key)."
    )
    legal_basis: str | None = None
    reasons: str | None = None
    where: str | None = None
    note: str | None = None
    method: choice((fees.BY_COUNT, fees.BY_PAGES)) | None = Field(  # type: ignore[valid-type]
        None,
        description="fee_notice: by the applicant's applications this month, or by pages.",
    )
    quantity: int | None = Field(
        None, ge=1, le=2**31 - 1, description="fee_notice by pages: the number of pages."
    )


def represent(req: InfoRequest, *, staff: bool = False) -> dict[str, Any]:
    """The application as the API shows it: the clock and every public step."""
    events = req.events.all() if staff else req.events.filter(public=True)
    data = {
        "tracking_code": req.tracking_code,
        "unit": req.unit.org_code,
        "status": req.stage,
        "received_on": req.received_on,
        "due_on": req.due_on,
        "due_on_provisional": req.due_provisional,
        "correction_deadline": req.correction_deadline,
        "third_party_deadline": req.third_party_deadline,
        "outcome": req.outcome_info.label if req.outcome_info else None,
        "events": [
            {
                "type": event.type,
                "date": event.date,
                **({"due_before": event.due_before} if event.due_before else {}),
                **({"due_after": event.due_after} if event.due_after else {}),
                **({"outcome": event.outcome_info.label} if event.outcome_info else {}),
                **({"days": event.data["days"]} if "days" in event.data else {}),
            }
            for event in events
        ],
    }
    if staff:
        data["overdue"] = req.reply_overdue(localdate())
    return data


def _applicant_form(payload: dict[str, Any]) -> ApplicantForm:
    data = {API_FIELDS.get(key, key): value for key, value in payload.items()}
    code = str(data.get("unit", ""))
    unit = Unit.objects.filter(org_code=code.strip().upper()).first() if code else None
    data["unit"] = unit.pk if unit else ""
    form = ApplicantForm(data)
    form.fields["id_type"].required = False
    form.fields["id_number"].required = False
    if not form.is_valid():
        errors = {API_FIELDS_BACK.get(k, k): v for k, v in form.errors.items()}
        raise ValidationError({k: [ValidationError(m) for m in v] for k, v in errors.items()})
    return form


API_FIELDS_BACK = {model: api for api, model in API_FIELDS.items()}


@router.post(
    "/info-requests",
    response={201: Submitted, **errors(400, 422)},
    summary="Submit an application (no account needed).",
    description="Keep the answer's token: with the tracking code, it opens the status.",
    url_name="info_request_submit",
    exclude_unset=True,
)
def submit(request: HttpRequest, payload: Applicant) -> Answer:
    form = _applicant_form(payload.model_dump(exclude_none=True))
    req = actions.submit(
        unit=form.cleaned_data["unit"],
        today=localdate(),
        source_hash=source_hash(request),
        **form.details(),
    )
    body = {
        **represent(req),
        "token": req.token,
        "status_url": request.build_absolute_uri(req.status_path()),
    }
    return Answer(201, body)


# Before the status path, which would otherwise take "openapi.json" as a tracking code.
@router.get("/info-requests/openapi.json", include_in_schema=False)
def schema(request: HttpRequest) -> dict[str, Any]:
    """The applications' part of /api/v1/openapi.json, where it used to be served alone."""
    from .main import api  # here, not at the top: main imports this module's router

    whole = api.get_openapi_schema()
    return {**whole, "paths": {p: v for p, v in whole["paths"].items() if "info-requests" in p}}


class StatusOnly(Schema):
    """What the tracking code and the phone's last four digits show: no personal data."""

    status: choice(STAGES)  # type: ignore[valid-type]
    due_on: dt.date | None


@router.get(
    "/info-requests/{tracking_code}",
    response={200: Application | StatusOnly, **errors(404, 422, 429)},
    summary="The applicant's view of an application.",
    description=(
        "With the token given at submission, the whole application; with the last four "
        "digits of the contact phone instead, its status and due date only (wrong pairs "
        "are limited per connection and per code: 429). Send the token in the "
        "X-Tracking-Token header to keep it out of access logs; the query parameter still works."
    ),
    url_name="info_request_status",
    exclude_unset=True,
)
def status(
    request: HttpRequest,
    tracking_code: str,
    token: str = Query("", max_length=200, description="The token given at submission."),
    phone_last4: str = Query(
        "", max_length=4, description="The last four digits of the contact phone."
    ),
    tracking_token: str = Header(
        "",
        alias="X-Tracking-Token",
        max_length=200,
        description="The token given at submission, out of the address (preferred).",
    ),
):
    token = token or tracking_token
    if phone_last4 and not token:
        try:
            req = get_status_by_phone(tracking_code, phone_last4, source=source_hash(request))
        except TooManyTries as error:
            return Answer(429, {"error": str(error), "fields": {}})
        return {"status": req.stage, "due_on": req.due_on}
    return represent(get_request_for_applicant(tracking_code, token))


@router.post(
    "/staff/info-requests",
    response={201: Registered, **errors(400, 401, 403, 422)},
    summary="Register an application received in person, by post, fax or email.",
    auth=token_auth,
    url_name="info_request_register",
    exclude_unset=True,
)
def register(request: HttpRequest, payload: Registration) -> Answer:
    user = staff(request)
    data = payload.model_dump(exclude_none=True)
    channel = data.pop("channel")
    today = localdate()
    received = data.pop("received_on", None)
    arrived = data.pop("arrived_on", None) or received or today
    form = _applicant_form(data)
    req = actions.register(
        by=user,
        unit=form.cleaned_data["unit"],
        channel=channel,
        arrived_on=arrived,
        received_on=received,
        today=today,
        **form.details(),
    )
    return Answer(201, {**represent(req, staff=True), "token": req.token})


@router.post(
    "/staff/info-requests/{tracking_code}/events",
    response={200: StaffApplication, **errors(400, 401, 403, 404, 422)},
    summary="Record a step of the statutory clock.",
    auth=token_auth,
    url_name="info_request_event",
    exclude_unset=True,
)
def event(request: HttpRequest, tracking_code: str, payload: Step) -> dict[str, Any]:
    user = staff(request)
    req = get_request_for_staff(user, tracking_code)
    sent = payload.model_dump(exclude_unset=True)
    data = {k: v for k, v in sent.items() if v is not None}
    kind = data.pop("type")
    today = localdate()
    day = data.pop("date", None) or today
    if kind == EventType.REPLY and (found := outcomes.find(data.get("outcome", ""))):
        data["outcome"] = found.key
    actions.advance(req, by=user, type=kind, date=day, today=today, **data)
    req.refresh_from_db()
    return represent(req, staff=True)
