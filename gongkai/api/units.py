"""Units and each unit's disclosure catalog: `GET /api/v1/units`, `GET /api/v1/catalog`."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from gongkai.catalog.models import Approval, Cadence, CatalogItem, Group, Level, Mode
from gongkai.core.models import Audience, Unit, UnitKind

from .schemas import Id, Page, choice, errors, whole_list

router = Router(tags=["units and catalog"])

ORG_CODE = "The 9-character organisation code (characters 9–17 of the unified social credit code)."


class UnitOut(Schema):
    id: Id
    code: str = Field(description="The 9-character organisation code.")
    name: str
    short_name: str
    kind: choice(UnitKind)  # type: ignore[valid-type]
    parent: str | None = Field(description="The parent unit's code.")


class CatalogItemOut(Schema):
    """A catalog item with the standard columns (国办发〔2019〕54号)."""

    id: Id
    key: str | None = Field(
        description="The default catalog's key, e.g. T04; null for a unit's own item."
    )
    group: choice(Group)  # type: ignore[valid-type]
    group_label: str
    level1: str = Field(description="一级事项")
    level2: str = Field(description="二级事项")
    content: str = Field(description="公开内容（要素）")
    basis: str = Field(description="公开依据")
    time_limit: str = Field(description="公开时限")
    subject: str = Field(description="公开主体")
    channels: list[str] = Field(description="公开渠道和载体")
    audience: choice(Audience) = Field(description="公开对象")  # type: ignore[valid-type]
    mode: choice(Mode) = Field(description="公开方式")  # type: ignore[valid-type]
    level: choice(Level) = Field(description="公开层级")  # type: ignore[valid-type]
    approval: choice(Approval) = Field(  # type: ignore[valid-type]
        description="The check before publishing: review, collective decision, or congress "
        "approval."
    )
    cadence: choice(Cadence)  # type: ignore[valid-type]
    service_guide: bool = Field(
        description="Publications carry the six elements, 办事期限 and 监督方法."
    )
    own_item: bool = Field(description="Added by the unit itself (its unit plan).")


class Catalog(Page[CatalogItemOut]):
    unit: str = Field(description="The unit's organisation code.")


def _unit(unit: Unit, codes: dict[int, str]) -> dict[str, Any]:
    return {
        "id": unit.pk,
        "code": unit.org_code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": codes.get(unit.parent_id) if unit.parent_id else None,
    }


def _item(item: CatalogItem) -> dict[str, Any]:
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


@router.get(
    "/units",
    response={200: Page[UnitOut]},
    summary="Every unit: county, townships, offices, villages.",
    url_name="units",
)
def units(request: HttpRequest) -> dict[str, Any]:
    rows = list(Unit.objects.order_by("path"))
    codes = {unit.pk: unit.org_code for unit in rows}
    return whole_list(_unit(unit, codes) for unit in rows)


@router.get(
    "/catalog",
    response={200: Catalog, **errors(404, 422)},
    summary="The catalog items a unit has adopted, with the standard columns.",
    url_name="catalog",
)
def catalog(
    request: HttpRequest,
    unit: str = Query(..., min_length=1, max_length=32, description=ORG_CODE),
) -> dict[str, Any]:
    found = Unit.objects.filter(org_code=unit.strip().upper()).first()
    if found is None:
        raise Http404(_("No unit has this organisation code."))
    items = CatalogItem.objects.adopted_by(found).in_order()
    return {"unit": found.org_code, **whole_list(_item(i) for i in items)}
