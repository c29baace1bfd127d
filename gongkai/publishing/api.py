"""The public read API: units, each unit's catalog, and publications, as JSON.

It answers for the public only, whoever asks: internal publications never appear here, signed
in or not. Lists are `{"items": [...], "next": <url or null>}`. The index number's "/" may be
sent as is or URL-encoded (`%2F`): /api/v1/publications/100002003/2026-00001 and
/api/v1/publications/100002003%2F2026-00001 are the same publication.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from gongkai.catalog.models import CatalogItem
from gongkai.core.models import Unit

from . import actions
from .models import SERVICE_FIELDS, Publication, PublicationVersion, Status

PER_PAGE = 20


def _json(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(message: str, status: int = 400) -> JsonResponse:
    return _json({"error": message}, status=status)


def _unit(unit: Unit, parents: dict[int, str]) -> dict:
    return {
        "id": unit.pk,
        "code": unit.org_code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": parents.get(unit.parent_id),
    }


@require_GET
def units(request: HttpRequest) -> JsonResponse:
    rows = list(Unit.objects.order_by("path"))
    codes = {unit.pk: unit.org_code for unit in rows}
    return _json({"items": [_unit(unit, codes) for unit in rows], "next": None})


def _item(item: CatalogItem) -> dict:
    return {
        "id": item.pk,
        "key": item.key or None,
        "group": item.group,
        "group_label": item.get_group_display(),
        "level1": item.level1,
        "level2": item.level2,
        "content": item.content,
        "basis": item.basis,
        "time_limit": item.time_limit,
        "subject": item.subject,
        "channels": item.channel_labels(),
        "audience": item.audience,
        "mode": item.mode,
        "level": item.level,
        "approval": item.approval,
        "cadence": item.cadence,
        "service_guide": item.service_guide,
        "own_item": item.owner_id is not None,
    }


@require_GET
def catalog(request: HttpRequest) -> JsonResponse:
    code = request.GET.get("unit", "").strip().upper()
    if not code:
        return _error("Name the unit: ?unit=<organisation code>.")
    unit = Unit.objects.filter(org_code=code).first()
    if unit is None:
        return _error("No unit has this organisation code.", 404)
    items = CatalogItem.objects.adopted_by(unit).in_order()
    return _json({"unit": unit.org_code, "items": [_item(i) for i in items], "next": None})


def _summary(request: HttpRequest, publication: Publication) -> dict:
    version = publication.current
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
        "written_on": version.written_on.isoformat() if version.written_on else None,
        "published_at": publication.first_published_at.isoformat(),
        "updated_at": version.published_at.isoformat(),
        "version": version.number,
        "validity": version.validity,
        "validity_changed_on": version.validity_changed_on.isoformat()
        if version.validity_changed_on
        else None,
        "period": version.period or None,
        "url": request.build_absolute_uri(publication.get_absolute_url()),
        "api_url": request.build_absolute_uri(
            reverse("publishing_api:publication", kwargs={"index_no": publication.index_no})
        ),
    }


@require_GET
def publications(request: HttpRequest) -> JsonResponse:
    found = Publication.objects.public().select_related("unit", "current")
    if code := request.GET.get("unit", "").strip().upper():
        found = found.filter(unit__org_code=code)
    if item := request.GET.get("item", "").strip():
        if not item.isdigit():
            return _error("item is a catalog item's id.")
        found = found.filter(item_id=int(item))
    if since := request.GET.get("since", "").strip():
        try:
            day = dt.date.fromisoformat(since)
        except ValueError:
            return _error("since is a date: YYYY-MM-DD.")
        found = found.filter(current__published_at__date__gte=day)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return _error("page is a number from 1.")
    start = (page - 1) * PER_PAGE
    rows = list(found.newest_first()[start : start + PER_PAGE + 1])
    next_url = None
    if len(rows) > PER_PAGE:
        query = {k: v for k, v in request.GET.items() if k != "page"} | {"page": page + 1}
        next_url = request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
    return _json({"items": [_summary(request, p) for p in rows[:PER_PAGE]], "next": next_url})


def _public_url(request: HttpRequest, publication: Publication, name: str, **kwargs: Any) -> str:
    code, number = publication.index_no.split("/", 1)
    return request.build_absolute_uri(
        reverse(f"publishing_public:{name}", kwargs={"org_code": code, "number": number, **kwargs})
    )


@require_GET
def publication(request: HttpRequest, index_no: str) -> JsonResponse:
    found = (
        Publication.objects.public()
        .select_related("unit", "current", "item")
        .filter(index_no=index_no.strip().upper())
        .first()
    )
    if found is None:
        return _error("No public publication has this index number.", 404)
    version = found.current
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
            "published_at": v.published_at.isoformat(),
            "change_reason": v.change_reason or None,
            "content_hash": v.content_hash,
            "url": _public_url(request, found, "version", version=v.number),
        }
        for v in PublicationVersion.objects.filter(
            publication=found, published_at__isnull=False
        ).order_by("-number")
    ]
    return _json(data)


def verification(publication: Publication) -> dict:
    """The seal checks of a publication, as the verify endpoint answers them."""
    checks = actions.verify(publication)
    return {
        "valid": all(check.valid for check in checks),
        "index_no": publication.index_no,
        "withdrawn": publication.status == Status.WITHDRAWN,
        "versions": [
            {
                "version": check.version.number,
                "valid": check.valid,
                "seal": check.seal.seal_hash if check.seal else None,
                "seal_number": check.seal.number if check.seal else None,
                "previous_seal": check.seal.previous if check.seal else None,
                "content_hash": check.seal.content_hash if check.seal else None,
                "sealed_at": check.seal.sealed_at.isoformat() if check.seal else None,
                "problems": [str(problem) for problem in check.problems],
            }
            for check in checks
        ],
    }


@require_GET
def verify(request: HttpRequest, index_no: str) -> JsonResponse:
    found = (
        Publication.objects.public()
        .select_related("unit", "item")
        .filter(index_no=index_no.strip().upper())
        .first()
    )
    if found is None:
        return _error("No public publication has this index number.", 404)
    return _json(verification(found))


@require_GET
def schema(request: HttpRequest) -> JsonResponse:
    """The whole API's OpenAPI description: these reads, and the other apps' parts."""
    from .openapi import SCHEMA

    merged = {**SCHEMA, "paths": dict(SCHEMA["paths"])}
    if apps.is_installed("gongkai.info_requests"):
        try:
            from gongkai.info_requests.openapi import SCHEMA as OTHER
        except ImportError:
            OTHER = {}
        for path, spec in OTHER.get("paths", {}).items():
            merged["paths"].setdefault(path if path.startswith("/api/") else f"/api/v1{path}", spec)
        other_components = OTHER.get("components", {}).get("schemas", {})
        if other_components:
            merged["components"] = {
                **SCHEMA.get("components", {}),
                "schemas": {**other_components, **SCHEMA.get("components", {}).get("schemas", {})},
            }
    return _json(merged)
