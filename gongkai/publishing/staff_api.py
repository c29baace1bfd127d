"""The staff API for office systems (OA) that push documents: `/api/v1/staff/publications…`.

Authenticated by a per-user key (`Authorization: Token <key>`, `gongkai issue_token`), it acts
with exactly that user's roles through the same actions as the staff pages: a clerk's key
creates and submits drafts and masks privacy findings, a reviewer's approves, returns, keeps
findings with a legal reason, publishes and withdraws, a leader's records decisions.
Refusals are 403 (and audited by the actions), a step someone else took first is 409 with who
and when, bad input is 400 naming the fields.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from gongkai.catalog.models import CatalogItem
from gongkai.core import audit, tokens
from gongkai.core.models import Unit
from gongkai.obligations import periods

from . import access, actions
from .models import Publication


def _error(status: int, message: str, fields: dict | None = None) -> JsonResponse:
    body: dict[str, Any] = {"error": message}
    if fields:
        body["fields"] = fields
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def staff_endpoint(view):
    """Token authentication, JSON in and out, and errors as the API describes them."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        try:
            user = tokens.authenticate(request)
            if user is None:
                return _error(401, "Send an API key: Authorization: Token <key>.")
            try:
                data = json.loads(request.body or b"{}")
            except ValueError:
                return _error(400, "The body is not JSON.")
            if not isinstance(data, dict):
                return _error(400, "The body must be a JSON object.")
            return view(request, user, data, *args, **kwargs)
        except (actions.AlreadyDone, actions.AlreadyPublished) as info:
            return _error(409, " ".join(info.messages))
        except ValidationError as error:
            fields = error.message_dict if hasattr(error, "error_dict") else None
            return _error(400, " ".join(error.messages), fields)
        except PermissionDenied as error:
            return _error(403, str(error) or "Not allowed.")
        except Http404:
            return _error(404, "No such publication.")

    return csrf_exempt(require_POST(wrapper))


def _date(data: dict, name: str, required: bool = True) -> dt.date | None:
    value = data.get(name)
    if value in (None, ""):
        if required:
            raise ValidationError({name: ["This field is required."]})
        return None
    parsed = parse_date(str(value))
    if parsed is None:
        raise ValidationError({name: ["Use YYYY-MM-DD."]})
    return parsed


def _represent(publication: Publication) -> dict:
    publication.refresh_from_db()
    draft = publication.draft
    review = actions.review_of(draft) if draft else None
    limit = actions.deadline(draft) if draft else None
    return {
        "id": publication.pk,
        "status": publication.status,
        "stage": review.stage if review else None,
        "index_no": publication.index_no,
        "draft_version": draft.number if draft else None,
        "current_version": publication.current.number if publication.current else None,
        "publish_by": limit.day.isoformat() if limit else None,
        "open_findings": [
            {"id": f.pk, "kind": f.kind, "where": f.place, "text": f.value}
            for f in (draft.findings.filter(state="open") if draft else [])
        ],
        "comments": review.comments if review and review.stage == "returned" else None,
    }


def _ok(publication: Publication, status: int = 200) -> JsonResponse:
    return JsonResponse(
        _represent(publication), status=status, json_dumps_params={"ensure_ascii": False}
    )


def _publication(user, pk: int, step: str) -> Publication:
    """The publication, if the key's user works in its unit; otherwise 404, audited."""
    try:
        return access.get_for_staff(user, pk)
    except Http404:
        found = Publication.objects.filter(pk=pk).select_related("unit").first()
        if found is not None:
            audit.record(
                "publication:refused",
                actor=user,
                unit=found.unit,
                target=found,
                step=step,
                reason="not a member of the publishing unit",
            )
        raise


CONTENT = set(actions.CONTENT_FIELDS) - {"written_on", "validity_changed_on", "changed_on"}


@staff_endpoint
def create(request: HttpRequest, user, data: dict) -> JsonResponse:
    unit = Unit.objects.filter(org_code=str(data.get("unit", "")).upper()).first()
    if unit is None:
        raise ValidationError({"unit": ["No unit has this organisation code."]})
    item = CatalogItem.objects.adopted_by(unit).filter(key=data.get("item", "")).first()
    if item is None:
        raise ValidationError({"item": ["The unit has not adopted a catalog item with this key."]})
    fields = {k: v for k, v in data.items() if k in CONTENT}
    unknown = set(data) - CONTENT - {"unit", "item", "audience", "written_on", "changed_on"}
    if unknown:
        raise ValidationError({name: ["Unknown field."] for name in sorted(unknown)})
    if fields.get("period") not in (None, ""):
        # An office system names the period by its code only (2026-H1), never by free text.
        try:
            periods.parse(str(fields["period"]))
        except ValidationError as error:
            raise ValidationError({"period": error.messages}) from None
    publication = actions.create(
        unit=unit,
        item=item,
        by=user,
        audience=data.get("audience") or ("internal" if item.is_internal else "public"),
        today=timezone.localdate(),
        written_on=_date(data, "written_on", required=False),
        changed_on=_date(data, "changed_on", required=False),
        **fields,
    )
    return _ok(publication, status=201)


@staff_endpoint
def submit(request: HttpRequest, user, data: dict, pk: int) -> JsonResponse:
    publication = _publication(user, pk, "submit")
    actions.submit(publication, by=user, today=timezone.localdate())
    return _ok(publication)


@staff_endpoint
def approve(request: HttpRequest, user, data: dict, pk: int) -> JsonResponse:
    publication = _publication(user, pk, "approve")
    publish_at = None
    if data.get("publish_at"):
        publish_at = parse_datetime(str(data["publish_at"]))
        if publish_at is None:
            raise ValidationError({"publish_at": ["Use an ISO 8601 date and time."]})
        if timezone.is_naive(publish_at):
            publish_at = timezone.make_aware(publish_at)
    checklist = data.get("secrecy_review") or {}
    actions.approve(
        publication,
        by=user,
        today=timezone.localdate(),
        no_state_secret=checklist.get("no_state_secret") is True,
        no_superior_document=checklist.get("no_superior_document") is True,
        privacy_lawful=checklist.get("privacy_lawful") is True,
        publish_at=publish_at,
    )
    return _ok(publication)


@staff_endpoint
def return_draft(request: HttpRequest, user, data: dict, pk: int) -> JsonResponse:
    publication = _publication(user, pk, "return")
    actions.return_draft(publication, by=user, comments=str(data.get("comments", "")))
    return _ok(publication)


@staff_endpoint
def record_decision(request: HttpRequest, user, data: dict, pk: int) -> JsonResponse:
    publication = _publication(user, pk, "record_decision")
    actions.record_decision(
        publication,
        by=user,
        today=timezone.localdate(),
        meeting=str(data.get("meeting", "")),
        held_on=_date(data, "held_on"),
        minutes_no=str(data.get("minutes_no", "")),
        attendees=str(data.get("attendees", "")),
        outcome=str(data.get("outcome", "")),
    )
    return _ok(publication)


@staff_endpoint
def record_congress_approval(request: HttpRequest, user, data: dict, pk: int) -> JsonResponse:
    publication = _publication(user, pk, "record_congress_approval")
    actions.record_congress_approval(
        publication,
        by=user,
        today=timezone.localdate(),
        session=str(data.get("session", "")),
        held_on=_date(data, "held_on"),
        resolution=str(data.get("resolution", "")),
    )
    return _ok(publication)


@staff_endpoint
def publish(request: HttpRequest, user, data: dict, pk: int) -> JsonResponse:
    publication = _publication(user, pk, "publish")
    draft = publication.draft
    number = data.get("version") or (draft.number if draft else None)
    if not isinstance(number, int):
        raise ValidationError({"version": ["Give the draft's version number."]})
    actions.publish(publication, by=user, version_number=number, today=timezone.localdate())
    return _ok(publication)


@staff_endpoint
def withdraw(request: HttpRequest, user, data: dict, pk: int) -> JsonResponse:
    publication = _publication(user, pk, "withdraw")
    actions.withdraw(publication, by=user, reason=str(data.get("reason", "")))
    return _ok(publication)


@staff_endpoint
def mask_finding(request: HttpRequest, user, data: dict, pk: int, finding: int) -> JsonResponse:
    publication = _publication(user, pk, "mask")
    actions.mask(publication, finding, by=user)
    return _ok(publication)


@staff_endpoint
def keep_finding(request: HttpRequest, user, data: dict, pk: int, finding: int) -> JsonResponse:
    publication = _publication(user, pk, "override")
    actions.override(publication, finding, by=user, reason=str(data.get("reason", "")))
    return _ok(publication)
