"""The evaluation's JSON API: rate a publication, report an error, read a unit's figures.

    POST /api/v1/publications/<index_no>/ratings        201; 409 the same client again today
    POST /api/v1/publications/<index_no>/error-reports  201 {"tracking_code", "due_on"}
    GET  /api/v1/evaluation?unit=<org code>&year=<YYYY>  the counts

Anonymous, like the public pages, and limited the same way: the client's address is counted
for the hour; past a threshold a small sum must be answered (429 carries the question).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.timezone import localdate
from ninja import Field, Router, Schema, Status

from gongkai.api.schemas import Error
from gongkai.core.models import Unit
from gongkai.evaluation import actions, clients, messages, reads

router = Router(tags=["evaluation"])


class Refusal(Error):
    """The API's error, with the question to answer when the address looks abusive."""

    challenge: dict[str, str] | None = None


class RatingIn(Schema):
    rating: Literal["satisfied", "basically_satisfied", "dissatisfied"]
    comment: str = Field("", max_length=actions.COMMENT_MAX)
    challenge_token: str = ""
    challenge_answer: str = ""


class RatingOut(Schema):
    rating: str
    rated_on: dt.date
    moderation: str


class ErrorReportIn(Schema):
    description: str = Field(..., min_length=1, max_length=2000)
    contact: str = Field("", max_length=120)
    challenge_token: str = ""
    challenge_answer: str = ""


class ErrorReportOut(Schema):
    tracking_code: str
    due_on: dt.date


class Counts(Schema):
    satisfied: int
    basically_satisfied: int
    dissatisfied: int
    error_reports: int
    answered_on_time: int


def _gate(request: HttpRequest, payload) -> Status | None:
    now = timezone.now()
    state = clients.limit(request, now)
    if state == clients.Limit.REFUSED:
        return Status(429, {"error": str(messages.TOO_MANY)})
    clients.count_attempt(request, now)
    if state == clients.Limit.CHALLENGE and not clients.challenge_solved(
        payload.challenge_token, payload.challenge_answer
    ):
        challenge = clients.new_challenge()
        return Status(
            429,
            {
                "error": str(messages.ANSWER_THE_CHALLENGE),
                "challenge": {"question": challenge.question, "token": challenge.token},
            },
        )
    return None


@router.post(
    "/publications/{path:index_no}/ratings",
    response={201: RatingOut, 400: Error, 404: Refusal, 409: Refusal, 422: Refusal, 429: Refusal},
)
def rate(request: HttpRequest, index_no: str, payload: RatingIn):
    publication = reads.ratable_publication(index_no)
    if publication is None:
        return Status(404, {"error": str(messages.NO_PUBLICATION)})
    refused = _gate(request, payload)
    if refused:
        return refused
    today = localdate()
    key = clients.client_key(request)
    try:
        rating = actions.rate(
            publication,
            verdict=payload.rating,
            comment=payload.comment,
            client_hash=clients.client_hash(key, actions.target_label(publication), today),
            today=today,
        )
    except ValidationError as error:
        status = 409 if error.code == "duplicate" else 422
        return Status(status, {"error": " ".join(error.messages)})
    return Status(
        201,
        {"rating": rating.verdict, "rated_on": rating.rated_on, "moderation": rating.moderation},
    )


@router.post(
    "/publications/{path:index_no}/error-reports",
    response={201: ErrorReportOut, 400: Error, 404: Refusal, 422: Refusal, 429: Refusal},
)
def report_error(request: HttpRequest, index_no: str, payload: ErrorReportIn):
    publication = reads.ratable_publication(index_no)
    if publication is None:
        return Status(404, {"error": str(messages.NO_PUBLICATION)})
    refused = _gate(request, payload)
    if refused:
        return refused
    try:
        report = actions.report_error(
            publication,
            description=payload.description,
            contact=payload.contact,
            today=localdate(),
            now=timezone.now(),
        )
    except ValidationError as error:
        return Status(422, {"error": " ".join(error.messages)})
    return Status(201, {"tracking_code": report.tracking_code, "due_on": report.due_on})


@router.get("/evaluation", response={200: Counts, 404: Error, 422: Error})
def figures(request: HttpRequest, unit: str, year: int):
    found = Unit.objects.by_code(unit).first()
    if found is None:
        return Status(404, {"error": str(messages.NO_UNIT)})
    return Status(200, reads.results(found, year, details=False).counts())
