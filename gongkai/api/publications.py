"""The public read API of publications, and the seal check (`verify`).

It answers for the public only, whoever asks: internal publications never appear here, signed
in or not. The index number's "/" may be sent as is or URL-encoded (`%2F`):
/api/v1/publications/100002003/2026-00001 and /api/v1/publications/100002003%2F2026-00001 are
the same publication.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from gongkai.publishing import actions, reads
from gongkai.publishing.models import (
    SERVICE_FIELDS,
    Publication,
    PublicationVersion,
    Status,
    Validity,
)
from gongkai.villages import reads as village_reads

from .schemas import Page, PageNumber, choice, errors, page_of

router = Router(tags=["publications"])

INDEX_NO = "索引号, e.g. 100002003/2026-00001; the slash may be sent as is or URL-encoded (%2F)."


class PublicationOut(Schema):
    index_no: str = Field(description="索引号")
    title: str
    summary: str = Field(description="内容概述")
    unit: str = Field(description="The publisher's organisation code.")
    unit_name: str
    item: int = Field(description="The catalog item's id.")
    topic: str = Field(description="主题分类, as the portal shows it.")
    publisher_name: str = Field(description="发布机构")
    doc_no: str | None = Field(description="文号")
    written_on: dt.date | None = Field(description="成文日期")
    published_at: dt.datetime = Field(description="发布日期 (first publication)")
    updated_at: dt.datetime = Field(description="When the current version was published.")
    version: int
    validity: choice(Validity) = Field(description="有效性")  # type: ignore[valid-type]
    validity_changed_on: dt.date | None = Field(description="Repealed or expired on.")
    period: str | None = Field(description="The period a regular item covers, e.g. 2026年上半年.")
    url: str = Field(description="The page on the portal.")
    api_url: str
    concerns_village: str | None = Field(
        None,
        description="Listed for a village (`unit` = a village's code) although published by "
        "its township: the village's organisation code.",
    )


class TableOut(Schema):
    caption: str
    columns: list[str]
    rows: list[list[Any]]
    csv_url: str
    xlsx_url: str


class AttachmentOut(Schema):
    title: str = Field(description="What readers see and print, e.g. 2026年部门预算说明.")
    name: str = Field(description="The file name it was uploaded with.")
    type: str
    size: int
    sha256: str
    url: str


class VersionOut(Schema):
    version: int
    published_at: dt.datetime
    change_reason: str | None
    correction_note: str | None = Field(
        None,
        description="更正说明 of a correction (勘误): what was corrected; `change_reason` says "
        "why and `published_at` when. Null for every other version.",
    )
    content_hash: str
    url: str


class PublicationDetail(PublicationOut):
    body: str = Field(description="Sanitised HTML.")
    service_guide: dict[str, str] | None = Field(
        None,
        description="For service guides only: " + ", ".join(SERVICE_FIELDS) + ".",
    )
    tables: list[TableOut]
    attachments: list[AttachmentOut]
    versions: list[VersionOut] = Field(
        description="Every published version, newest first, with the reason for each change."
    )
    interprets: str | None = Field(
        None,
        description="政策解读: the index number of the public policy this publication explains.",
    )
    interpretations: list[str] = Field(
        default_factory=list,
        description="The index numbers of the public interpretations of this policy, newest first.",
    )


class SealCheckOut(Schema):
    version: int
    valid: bool
    seal: str | None
    seal_number: int | None
    previous_seal: str | None
    content_hash: str | None
    sealed_at: dt.datetime | None
    taken_down: bool = Field(
        description="Its content was deleted by a take-down; it is verified by its hash alone."
    )
    problems: list[str]


class Verification(Schema):
    valid: bool
    index_no: str
    withdrawn: bool
    taken_down: bool = Field(description="Taken down (删除): the content of its versions deleted.")
    versions: list[SealCheckOut]


def _current(publication: Publication) -> PublicationVersion:
    if publication.current is None:  # a public publication always has one
        raise Http404
    return publication.current


def _summary(request: HttpRequest, publication: Publication) -> dict[str, Any]:
    version = _current(publication)
    return {
        "index_no": publication.index_no,
        "title": version.title,
        "summary": version.summary,
        "unit": publication.unit.org_code,
        "unit_name": publication.unit.name,
        "item": publication.item_id,
        "topic": version.get_topic_display(),
        "publisher_name": version.publisher_name,
        "doc_no": version.doc_no or None,
        "written_on": version.written_on,
        "published_at": publication.first_published_at,
        "updated_at": version.published_at,
        "version": version.number,
        "validity": version.validity,
        "validity_changed_on": version.validity_changed_on,
        "period": version.period or None,
        "url": request.build_absolute_uri(publication.get_absolute_url()),
        "api_url": request.build_absolute_uri(
            reverse("api:publication", kwargs={"index_no": publication.index_no})
        ),
    }


def _public_url(request: HttpRequest, publication: Publication, name: str, **kwargs: Any) -> str:
    code, number = str(publication.index_no).split("/", 1)
    return request.build_absolute_uri(
        reverse(f"publishing_public:{name}", kwargs={"org_code": code, "number": number, **kwargs})
    )


@router.get(
    "/publications",
    response={200: Page[PublicationOut], **errors(422)},
    summary="Public, current publications, newest first, 20 a page.",
    url_name="publications",
)
def publications(
    request: HttpRequest,
    unit: str | None = Query(None, max_length=32, description="The publisher's organisation code."),
    item: int | None = Query(None, ge=1, le=2**63 - 1, description="A catalog item's id."),
    since: dt.date | None = Query(None, description="Published or amended on or after this day."),
    page: PageNumber = 1,
) -> dict[str, Any]:
    found = Publication.objects.public().select_related("unit", "current")
    village = None
    if unit and unit.strip():
        village = village_reads.village(unit)
        if village is not None:
            # A village's own publications, and its township's items concerning it.
            concerning = [p.pk for p in village_reads.township_items_for(village, limit=200)]
            found = found.filter(Q(unit=village) | Q(pk__in=concerning))
        else:
            found = found.filter(unit__org_code=unit.strip().upper())
    if item is not None:
        found = found.filter(item_id=item)
    if since is not None:
        found = found.filter(current__published_at__date__gte=since)

    def summary(publication: Publication) -> dict[str, Any]:
        data = _summary(request, publication)
        if village is not None and publication.unit_id != village.pk:
            data["concerns_village"] = village.org_code
        return data

    return page_of(request, found.newest_first(), page, summary)


# The verify path comes first: <path:index_no> would otherwise take "…/verify" as the number.
@router.get(
    "/publications/{path:index_no}/verify",
    response={200: Verification, **errors(404)},
    summary="Whether the seals of a public publication's versions still hold.",
    description="Each published version is sealed with SHA-256 over a canonical form of its "
    "content and its attachments' hashes, chained to the previous seal of the same county; "
    "each seal and each later withdrawal or take-down also seals the publication's public "
    "state (audience, status, current version). `valid` is false when any stored version, "
    "attachment, seal or the public state no longer matches. A version taken down keeps only "
    "its hash and is checked by it.",
    url_name="verify",
)
def verify(request: HttpRequest, index_no: str) -> dict[str, Any]:
    found = reads.public_by_index_no(index_no)
    checks = actions.verify(found)
    return {
        "valid": all(check.valid for check in checks),
        "index_no": found.index_no,
        "withdrawn": found.status == Status.WITHDRAWN,
        "taken_down": found.taken_down_at is not None,
        "versions": [
            {
                "version": check.version.number,
                "valid": check.valid,
                "seal": check.seal.seal_hash if check.seal else None,
                "seal_number": check.seal.number if check.seal else None,
                "previous_seal": check.seal.previous if check.seal else None,
                "content_hash": check.seal.content_hash if check.seal else None,
                "sealed_at": check.seal.sealed_at if check.seal else None,
                "taken_down": check.taken_down,
                "problems": [str(problem) for problem in check.problems],
            }
            for check in checks
        ],
    }


@router.get(
    "/publications/{path:index_no}",
    response={200: PublicationDetail, **errors(404, 410)},
    summary="One public publication with its body, tables, attachments and versions.",
    description=INDEX_NO + " A withdrawn publication answers 410 with the date and the reason: "
    "its content is no longer public.",
    url_name="publication",
)
def publication(request: HttpRequest, index_no: str) -> dict[str, Any]:
    found = reads.public_by_index_no(index_no)
    if found.taken_down_at is not None:
        message = _("Taken down on %(when)s: %(reason)s") % {
            "when": timezone.localdate(found.taken_down_at).isoformat(),
            "reason": found.take_down_reason,
        }
        raise HttpError(410, message)
    if found.status == Status.WITHDRAWN:
        message = _("Withdrawn on %(when)s: %(reason)s") % {
            "when": timezone.localdate(found.withdrawn_at).isoformat(),
            "reason": found.withdrawal_reason,
        }
        raise HttpError(410, message)
    version = _current(found)
    data = _summary(request, found)
    data["body"] = version.body
    if found.item.service_guide:
        data["service_guide"] = {name: getattr(version, name) for name in SERVICE_FIELDS}
    data["tables"] = [
        {
            "caption": table.caption,
            "columns": table.columns,
            "rows": table.rows,
            "csv_url": _public_url(
                request, found, "table", version=version.number, part=table.pk, fmt="csv"
            ),
            "xlsx_url": _public_url(
                request, found, "table", version=version.number, part=table.pk, fmt="xlsx"
            ),
        }
        for table in version.tables.all()
    ]
    data["attachments"] = [
        {
            "title": file.title,
            "name": file.name,
            "type": file.kind,
            "size": file.size,
            "sha256": file.sha256,
            "url": _public_url(request, found, "attachment", version=version.number, part=file.pk),
        }
        for file in version.attachments.all()
    ]
    data["versions"] = [
        {
            "version": v.number,
            "published_at": v.published_at,
            "change_reason": v.change_reason or None,
            "correction_note": v.correction_note or None,
            "content_hash": v.content_hash,
            "url": _public_url(request, found, "version", version=v.number),
        }
        for v in PublicationVersion.objects.filter(
            publication=found, published_at__isnull=False
        ).order_by("-number")
    ]
    policy = reads.policy_of(version)
    data["interprets"] = policy.index_no if policy else None
    data["interpretations"] = [p.index_no for p in reads.interpretations_of(found)]
    return data
