"""The demo county's catalog: the default items, adopted by every township and office, and a
few items the units added for themselves (their unit plans)."""

from __future__ import annotations

from django.db import transaction

from gongkai.core.models import Unit, UnitKind

from . import actions
from .models import CatalogItem

OWN_ITEMS = {
    # township short name → its own item
    "青山镇": {
        "group": "township",
        "position": 1000,
        "level1": "乡村振兴",
        "level2": "人居环境整治项目实施情况",
        "content": "项目名称、资金来源、建设内容、实施单位、完成情况",
        "basis": "青山镇政务公开工作实施方案",
        "time_limit": "项目验收后20个工作日内",
        "subject": "青山镇人民政府",
        "channels": ["website", "board"],
        "audience": "public",
        "mode": "proactive",
        "level": "township",
        "approval": "collective",
        "cadence": "timely",
    },
    "白水乡财政所": {
        "group": "office",
        "position": 1000,
        "level1": "惠农补贴",
        "level2": "惠民惠农财政补贴资金“一卡通”发放情况",
        "content": "补贴项目、政策依据、补贴标准、发放对象（姓名）、发放金额",
        "basis": "白水乡财政所政务公开工作方案",
        "time_limit": "资金发放后20个工作日内",
        "subject": "白水乡财政所",
        "channels": ["website", "board", "service_station"],
        "audience": "public",
        "mode": "proactive",
        "level": "township",
        "approval": "review",
        "cadence": "quarterly",
    },
}


@transaction.atomic
def load() -> dict[str, int]:
    counts = {"catalogs": 0, "adoptions": 0, "own_items": 0}
    for county in Unit.objects.counties():
        actions.load_default_catalog(county, by=None)
        counts["catalogs"] += 1
        for unit in Unit.objects.subtree(county).filter(
            kind__in=[UnitKind.TOWNSHIP, UnitKind.OFFICE]
        ):
            counts["adoptions"] += actions.adopt_suggested(unit, by=None)
            fields = OWN_ITEMS.get(unit.short_name)
            if (
                fields
                and not CatalogItem.objects.filter(owner=unit, level2=fields["level2"]).exists()
            ):
                actions.create_own_item(unit, by=None, **fields)
                counts["own_items"] += 1
    return counts
