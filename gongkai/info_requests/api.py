"""JSON API for applications: submission and status for the public, steps for staff.

The same forms and actions as the web pages do the work, so the rules and the errors are the
same. Staff authenticate with `Authorization: Token <key>` (see `gongkai issue_token`)
or a signed-in session, and act with their own roles. The schema is at `openapi.json`.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from gongkai.core import tokens
from gongkai.core.models import Unit

from . import actions, outcomes
from .access import (
    TooManyTries,
    get_request_for_applicant,
    get_request_for_staff,
    get_status_by_phone,
)
from .clock import EventType
from .forms import ApplicantForm
from .models import Channel, InfoRequest
from .public_views import source_hash

MAX_BODY = 64 * 1024

API_FIELDS = {"name": "applicant_name"}  # the API's name → the model's


def _error(status: int, message: Any, fields: dict | None = None) -> JsonResponse:
    body: dict[str, Any] = {"error": str(message)}
    if fields:
        body["fields"] = {name: [str(m) for m in messages] for name, messages in fields.items()}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _body(request: HttpRequest) -> dict:
    if len(request.body) > MAX_BODY:
        raise ValidationError(_("The request is too large."))
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError) as error:
            raise ValidationError(_("The body is not valid JSON.")) from error
        if not isinstance(data, dict):
            raise ValidationError(_("The body must be a JSON object."))
        return data
    return request.POST.dict()


def api_view(view):
    """Turn validation, permission and not-found errors into JSON answers."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ValidationError as error:
            fields = error.message_dict if hasattr(error, "error_dict") else None
            return _error(400, " ".join(error.messages), fields)
        except PermissionDenied as error:
            return _error(403, error or _("Not allowed."))
        except Http404 as error:
            return _error(404, error or _("Not found."))

    return csrf_exempt(wrapper)


def _staff_user(request: HttpRequest):
    user = tokens.authenticate(request)  # refuses and audits a bad, revoked or inactive key
    if user is not None:
        return user
    if request.user.is_authenticated:
        return request.user
    raise PermissionDenied(_("Sign in or send an API key."))


def represent(req: InfoRequest, *, staff: bool = False) -> dict:
    """The application as the API shows it: the clock and every public step."""
    events = req.events.all() if staff else req.events.filter(public=True)
    data = {
        "tracking_code": req.tracking_code,
        "unit": req.unit.org_code,
        "status": req.stage,
        "received_on": req.received_on.isoformat() if req.received_on else None,
        "due_on": req.due_on.isoformat() if req.due_on else None,
        "due_on_provisional": req.due_provisional,
        "correction_deadline": req.correction_deadline.isoformat()
        if req.correction_deadline
        else None,
        "third_party_deadline": req.third_party_deadline.isoformat()
        if req.third_party_deadline
        else None,
        "outcome": req.outcome_info.label if req.outcome_info else None,
        "events": [
            {
                "type": event.type,
                "date": event.date.isoformat(),
                **({"due_before": event.due_before.isoformat()} if event.due_before else {}),
                **({"due_after": event.due_after.isoformat()} if event.due_after else {}),
                **({"outcome": event.outcome_info.label} if event.outcome_info else {}),
                **({"days": event.data["days"]} if "days" in event.data else {}),
            }
            for event in events
        ],
    }
    if staff:
        data["overdue"] = req.overdue(localdate())
    return data


def _applicant_form(payload: dict, *, form_class=ApplicantForm, **kwargs) -> ApplicantForm:
    data = {API_FIELDS.get(key, key): value for key, value in payload.items()}
    code = str(data.get("unit", ""))
    unit = Unit.objects.filter(org_code=code.upper()).first() if code else None
    data["unit"] = unit.pk if unit else ""
    form = form_class(data, **kwargs)
    form.fields["id_type"].required = False
    form.fields["id_number"].required = False
    return form


def _form_error(form) -> ValidationError:
    errors = {("name" if k == "applicant_name" else k): v for k, v in form.errors.items()}
    return ValidationError({k: [ValidationError(m) for m in v] for k, v in errors.items()})


@api_view
@require_POST
def submit(request: HttpRequest) -> JsonResponse:
    form = _applicant_form(_body(request))
    if not form.is_valid():
        raise _form_error(form)
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
    return JsonResponse(body, status=201, json_dumps_params={"ensure_ascii": False})


@api_view
@require_GET
def status(request: HttpRequest, code: str) -> JsonResponse:
    if "phone_last4" in request.GET and "token" not in request.GET:
        # Without the secret link: the status and the due date only, no personal data.
        try:
            req = get_status_by_phone(code, request.GET["phone_last4"], source=source_hash(request))
        except TooManyTries as error:
            return _error(429, error)
        body = {
            "status": req.stage,
            "due_on": req.due_on.isoformat() if req.due_on else None,
        }
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    req = get_request_for_applicant(code, request.GET.get("token", ""))
    return JsonResponse(represent(req), json_dumps_params={"ensure_ascii": False})


def _date(value: Any, field: str, default: dt.date) -> dt.date:
    if value in (None, ""):
        return default
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise ValidationError({field: [_("Give a date as YYYY-MM-DD.")]}) from error


@api_view
@require_POST
def staff_event(request: HttpRequest, code: str) -> JsonResponse:
    user = _staff_user(request)
    req = get_request_for_staff(user, code)
    payload = _body(request)
    kind = payload.pop("type", "")
    if kind not in EventType.CLOCK:
        raise ValidationError({"type": [_("Unknown step: %(type)s.") % {"type": kind}]})
    today = localdate()
    day = _date(payload.pop("date", None), "date", today)
    if "deadline" in payload:
        payload["deadline"] = _date(payload["deadline"], "deadline", today)
    if kind == EventType.REPLY and "outcome" in payload:
        found = outcomes.find(str(payload["outcome"]))
        if found is None:
            raise ValidationError(
                {"outcome": [_("Choose one of the outcomes of the annual report's table.")]}
            )
        payload["outcome"] = found.key
    if kind == EventType.FEE_NOTICE and "quantity" in payload:
        try:
            payload["quantity"] = int(payload["quantity"])
        except (TypeError, ValueError) as error:
            raise ValidationError({"quantity": [_("Give a whole number.")]}) from error
    if kind == EventType.EXTEND and "days" in payload:
        try:
            payload["days"] = int(payload["days"])
        except (TypeError, ValueError) as error:
            raise ValidationError(
                {"days": [_("An extension is of 1 to 20 working days.")]}
            ) from error
    actions.advance(req, by=user, type=kind, date=day, today=today, **payload)
    req.refresh_from_db()
    return JsonResponse(represent(req, staff=True), json_dumps_params={"ensure_ascii": False})


@api_view
@require_POST
def staff_register(request: HttpRequest) -> JsonResponse:
    user = _staff_user(request)
    payload = _body(request)
    channel = payload.pop("channel", "")
    today = localdate()
    received_on = payload.pop("received_on", None)
    received = _date(received_on, "received_on", today) if received_on else None
    arrived = _date(payload.pop("arrived_on", None), "arrived_on", received or today)
    form = _applicant_form(payload)
    if not form.is_valid():
        raise _form_error(form)
    if channel not in Channel.values:
        raise ValidationError({"channel": [_("Choose how the application arrived.")]})
    req = actions.register(
        by=user,
        unit=form.cleaned_data["unit"],
        channel=channel,
        arrived_on=arrived,
        received_on=received,
        today=today,
        **form.details(),
    )
    body = {**represent(req, staff=True), "token": req.token}
    return JsonResponse(body, status=201, json_dumps_params={"ensure_ascii": False})


@require_GET
def schema(request: HttpRequest) -> JsonResponse:
    from .openapi import SCHEMA

    return JsonResponse(SCHEMA, json_dumps_params={"ensure_ascii": False})
