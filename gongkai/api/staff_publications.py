"""The staff API for office systems (OA) that push documents: `/api/v1/staff/publications…`.

Authenticated by a per-user key, it acts with exactly that user's roles through the same
actions as the staff pages: a clerk's key creates drafts, attaches files, submits and masks
privacy findings; a reviewer's approves, returns, keeps findings with a legal reason,
publishes, withdraws and takes down; a leader's records decisions and congress approvals and
takes down. Refusals are 403 (and audited by the actions), a publication outside the user's
units is 404 (audited), a step someone else took first is 409 with who and when, a domain rule
is 400 naming the field, and a body that does not fit the schema is 422.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Router, Schema, UploadedFile
from ninja import Status as Answer
from pydantic import ConfigDict

from gongkai.catalog.models import CatalogItem
from gongkai.core import periods
from gongkai.core.models import DOCUMENT_AUDIENCES, Unit
from gongkai.publishing import actions, reads
from gongkai.publishing.models import (
    FindingState,
    Publication,
    Stage,
    Status,
    Topic,
    Validity,
)

from .auth import staff, token_auth
from .schemas import choice, errors

router = Router(tags=["staff: publications"], auth=token_auth)

PublicationId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The publication's id.")]
FindingId = Annotated[
    int, Path(ge=1, le=2**63 - 1, description="An id from the publication's `open_findings`.")
]
STEP_ERRORS = errors(400, 401, 403, 404, 409, 422)


class FindingOut(Schema):
    id: int
    kind: str = Field(description="What was found, e.g. id18 (an ID card number), mobile.")
    where: str
    text: str


class DraftAttachment(Schema):
    id: int
    title: str
    name: str
    type: str
    size: int
    sha256: str


class StaffPublication(Schema):
    """Where a publication stands, as its staff see it."""

    id: int
    status: choice(Status)  # type: ignore[valid-type]
    stage: choice(Stage) | None = Field(  # type: ignore[valid-type]
        description="The draft's review stage; null when there is no draft."
    )
    index_no: str | None = Field(description="索引号, once published.")
    draft_version: int | None
    current_version: int | None
    publish_by: dt.date | None = Field(
        description="20 working days after the information was created or changed."
    )
    open_findings: list[FindingOut] = Field(
        description="Personal information found by the privacy screening, not yet settled."
    )
    attachments: list[DraftAttachment] = Field(description="The draft's attachments.")
    comments: str | None = Field(description="The reviewer's comments when returned.")
    taken_down_at: dt.datetime | None = Field(
        description="When it was taken down (删除): its content deleted, its seal hashes kept."
    )


class _Body(Schema):
    model_config = ConfigDict(extra="forbid")


class NewDraft(_Body):
    unit: str = Field(max_length=32, description="The publishing unit's organisation code.")
    item: str = Field(max_length=32, description="The key of a catalog item the unit adopted.")
    audience: choice(dict(DOCUMENT_AUDIENCES)) | None = Field(  # type: ignore[valid-type]
        None, description="Defaults to internal for an internal catalog item, else public."
    )
    title: str
    summary: str = Field(description="内容概述")
    topic: choice(Topic) = Field(description="主题分类")  # type: ignore[valid-type]
    body: str = Field("", description="HTML; cleaned.")
    publisher_name: str = Field("", description="发布机构; defaults to the unit's name.")
    doc_no: str = Field("", description="文号")
    written_on: dt.date | None = Field(None, description="成文日期")
    changed_on: dt.date | None = Field(
        None, description="When the information was created or changed (20-working-day rule)."
    )
    period: str = Field(
        "",
        max_length=40,
        description="A period code: 2026, 2026-H1, 2026-Q3 or 2026-M10; anything else is "
        "refused with 400.",
    )
    validity: choice(Validity) | None = None  # type: ignore[valid-type]
    approval_reference: str = ""
    change_reason: str = ""
    basis: str = ""
    duty: str = ""
    conditions: str = ""
    procedure: str = ""
    discipline: str = ""
    result: str = ""
    time_limit: str = ""
    supervision: str = ""


class SecrecyReview(_Body):
    no_state_secret: bool = False
    no_superior_document: bool = False
    privacy_lawful: bool = False


class Approval(_Body):
    secrecy_review: SecrecyReview = Field(default_factory=SecrecyReview)
    publish_at: dt.datetime | None = Field(None, description="Publish at this time instead.")


class Comments(_Body):
    comments: str = ""


class Decision(_Body):
    meeting: str = ""
    held_on: dt.date
    minutes_no: str = ""
    attendees: str = ""
    outcome: str = ""


class CongressApproval(_Body):
    session: str = ""
    held_on: dt.date
    resolution: str = ""


class PublishVersion(_Body):
    version: int | None = Field(
        None, ge=1, le=2**31 - 1, description="The draft's version number; defaults to it."
    )


class Reason(_Body):
    reason: str = ""


def represent(publication: Publication) -> dict[str, Any]:
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
        "publish_by": limit.day if limit else None,
        "open_findings": [
            {"id": f.pk, "kind": f.kind, "where": f.place, "text": f.value}
            for f in (draft.findings.filter(state=FindingState.OPEN) if draft else [])
        ],
        "attachments": [
            {
                "id": a.pk,
                "title": a.title,
                "name": a.name,
                "type": a.kind,
                "size": a.size,
                "sha256": a.sha256,
            }
            for a in (draft.attachments.all() if draft else [])
        ],
        "comments": review.comments if review and review.stage == Stage.RETURNED else None,
        "taken_down_at": publication.taken_down_at,
    }


@router.post(
    "/staff/publications",
    response={201: StaffPublication, **STEP_ERRORS},
    summary="Create a draft (a clerk's key). Answers with its `id`.",
    url_name="staff_create",
)
def create(request: HttpRequest, payload: NewDraft) -> Answer:
    user = staff(request)
    data = payload.model_dump(exclude_unset=True)
    code, key = data.pop("unit"), data.pop("item")
    unit = Unit.objects.filter(org_code=code.strip().upper()).first()
    if unit is None:
        raise ValidationError({"unit": [_("No unit has this organisation code.")]})
    item = CatalogItem.objects.adopted_by(unit).filter(key=key).first()
    if item is None:
        raise ValidationError(
            {"item": [_("The unit has not adopted a catalog item with this key.")]}
        )
    if data.get("period"):
        # An office system names the period by its code only (2026-H1), never by free text.
        try:
            periods.parse(str(data["period"]))
        except ValidationError as error:
            raise ValidationError({"period": error.messages}) from None
    audience = data.pop("audience", None) or ("internal" if item.is_internal else "public")
    publication = actions.create(
        unit=unit, item=item, by=user, audience=audience, today=timezone.localdate(), **data
    )
    return Answer(201, represent(publication))


@router.post(
    "/staff/publications/{id}/attachments",
    response={200: StaffPublication, **STEP_ERRORS},
    summary="Attach a file to the draft (a clerk's key): PDF, Word, Excel, images…",
    description="Send it as `multipart/form-data` in the field `file`, with its `title` (what "
    "readers see and print, e.g. 2026年部门预算说明; without one, the file's name without its "
    "extension, as before titles existed). It is checked (type, "
    "size, readable) before anything is saved, and screened for personal information when "
    "the draft is submitted.",
    url_name="staff_attach",
)
def attach(
    request: HttpRequest,
    id: PublicationId,
    file: UploadedFile = File(...),
    title: str = Form("", max_length=200),
) -> dict[str, Any]:
    user = staff(request)
    # Clients written before attachments had titles keep working: the name stands in.
    title = title.strip() or pathlib.Path(file.name or "").stem
    publication = reads.for_staff_step(user, id, "edit")
    actions.edit(
        publication,
        by=user,
        today=timezone.localdate(),
        files=actions.Uploads(attachments=[file], attachment_titles=[title]),
    )
    return represent(publication)


@router.post(
    "/staff/publications/{id}/submit",
    response={200: StaffPublication, **STEP_ERRORS},
    summary="Submit the draft for review (a clerk's key); the privacy screening runs.",
    url_name="staff_submit",
)
def submit(request: HttpRequest, id: PublicationId) -> dict[str, Any]:
    user = staff(request)
    publication = reads.for_staff_step(user, id, "submit")
    actions.submit(publication, by=user, today=timezone.localdate())
    return represent(publication)


@router.post(
    "/staff/publications/{id}/approve",
    response={200: StaffPublication, **STEP_ERRORS},
    summary="Approve with the secrecy review (a reviewer's key, never the author's); "
    "optionally at a scheduled time.",
    url_name="staff_approve",
)
def approve(
    request: HttpRequest, id: PublicationId, payload: Approval | None = None
) -> dict[str, Any]:
    user = staff(request)
    publication = reads.for_staff_step(user, id, "approve")
    payload = payload or Approval.model_validate({})
    publish_at = payload.publish_at
    if publish_at is not None and timezone.is_naive(publish_at):
        publish_at = timezone.make_aware(publish_at)
    checklist = payload.secrecy_review
    actions.approve(
        publication,
        by=user,
        today=timezone.localdate(),
        no_state_secret=checklist.no_state_secret,
        no_superior_document=checklist.no_superior_document,
        privacy_lawful=checklist.privacy_lawful,
        publish_at=publish_at,
    )
    return represent(publication)


@router.post(
    "/staff/publications/{id}/return",
    response={200: StaffPublication, **STEP_ERRORS},
    summary="Return the draft to the clerk with comments (a reviewer's key).",
    url_name="staff_return",
)
def return_draft(
    request: HttpRequest, id: PublicationId, payload: Comments | None = None
) -> dict[str, Any]:
    user = staff(request)
    publication = reads.for_staff_step(user, id, "return")
    actions.return_draft(publication, by=user, comments=payload.comments if payload else "")
    return represent(publication)


@router.post(
    "/staff/publications/{id}/record-decision",
    response={200: StaffPublication, **STEP_ERRORS},
    summary="Record the collective decision (a leader's key).",
    url_name="staff_record_decision",
)
def record_decision(request: HttpRequest, id: PublicationId, payload: Decision) -> dict[str, Any]:
    user = staff(request)
    publication = reads.for_staff_step(user, id, "record_decision")
    actions.record_decision(
        publication, by=user, today=timezone.localdate(), **payload.model_dump()
    )
    return represent(publication)


@router.post(
    "/staff/publications/{id}/record-congress-approval",
    response={200: StaffPublication, **STEP_ERRORS},
    summary="Record the township people's congress approval (a leader's key).",
    url_name="staff_record_congress_approval",
)
def record_congress_approval(
    request: HttpRequest, id: PublicationId, payload: CongressApproval
) -> dict[str, Any]:
    user = staff(request)
    publication = reads.for_staff_step(user, id, "record_congress_approval")
    actions.record_congress_approval(
        publication, by=user, today=timezone.localdate(), **payload.model_dump()
    )
    return represent(publication)


@router.post(
    "/staff/publications/{id}/publish",
    response={200: StaffPublication, **STEP_ERRORS},
    summary="Publish the approved draft (a reviewer's key); a second call answers 409.",
    url_name="staff_publish",
)
def publish(
    request: HttpRequest, id: PublicationId, payload: PublishVersion | None = None
) -> dict[str, Any]:
    user = staff(request)
    publication = reads.for_staff_step(user, id, "publish")
    draft = publication.draft
    number = (payload.version if payload else None) or (draft.number if draft else None)
    if number is None:
        raise ValidationError({"version": [_("Give the draft's version number.")]})
    actions.publish(publication, by=user, version_number=number, today=timezone.localdate())
    return represent(publication)


@router.post(
    "/staff/publications/{id}/withdraw",
    response={200: StaffPublication, **STEP_ERRORS},
    summary="Withdraw (撤回) a published publication with a public reason (a reviewer's key).",
    url_name="staff_withdraw",
)
def withdraw(
    request: HttpRequest, id: PublicationId, payload: Reason | None = None
) -> dict[str, Any]:
    return _end(request, id, payload, "withdraw", actions.withdraw)


@router.post(
    "/staff/publications/{id}/take_down",
    response={200: StaffPublication, **STEP_ERRORS},
    summary="Take down (删除) a publication that published personal data by mistake (a "
    "reviewer's or leader's key): it is withdrawn with the public reason and the text, tables "
    "and files of its versions are deleted; the seal chain keeps their hashes. A second call "
    "answers 409.",
    url_name="staff_take_down",
)
def take_down(
    request: HttpRequest, id: PublicationId, payload: Reason | None = None
) -> dict[str, Any]:
    return _end(request, id, payload, "take_down", actions.take_down)


def _end(
    request: HttpRequest,
    id: int,
    payload: Reason | None,
    step: str,
    end: Callable[..., Publication],
) -> dict[str, Any]:
    """Withdraw or take down: the same step with a public reason, through its own action."""
    user = staff(request)
    publication = reads.for_staff_step(user, id, step)
    end(publication, by=user, reason=payload.reason if payload else "")
    return represent(publication)


@router.post(
    "/staff/publications/{id}/findings/{finding}/mask",
    response={200: StaffPublication, **STEP_ERRORS},
    summary="Mask one privacy finding everywhere in the draft (a clerk's key): in the text, "
    "the tables, and inside a PDF, Word or Excel attachment, which is rewritten (PDF redacted).",
    url_name="staff_mask_finding",
)
def mask_finding(request: HttpRequest, id: PublicationId, finding: FindingId) -> dict[str, Any]:
    user = staff(request)
    publication = reads.for_staff_step(user, id, "mask")
    actions.mask(publication, finding, by=user)
    return represent(publication)


@router.post(
    "/staff/publications/{id}/findings/{finding}/keep",
    response={200: StaffPublication, **STEP_ERRORS},
    summary="Keep one privacy finding with the legal reason for publishing it (a reviewer's "
    "key, never the author's).",
    url_name="staff_keep_finding",
)
def keep_finding(
    request: HttpRequest, id: PublicationId, finding: FindingId, payload: Reason | None = None
) -> dict[str, Any]:
    user = staff(request)
    publication = reads.for_staff_step(user, id, "override")
    actions.override(publication, finding, by=user, reason=payload.reason if payload else "")
    return represent(publication)
