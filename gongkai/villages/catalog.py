"""The village's own disclosure catalog (村务公开目录), kept in the county's catalog.

村民委员会组织法 Art. 30 names what a village discloses: its finances at least every month or
quarter, the subsistence allowance and relief, homestead approvals, land compensation, matters
decided one by one (一事一议), collective assets and contracts, and subsidies to farmers. The
items are county items for units of kind "village"; every village adopts them when it is set
up (see `signals.py`), so its clerk can publish under them through the publishing workflow.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.catalog import actions as catalog_actions
from gongkai.catalog.models import Adoption, Catalog, CatalogItem
from gongkai.core import audit
from gongkai.core.models import Unit, UnitKind

LAW = "《中华人民共和国村民委员会组织法》第三十条"
SUBJECT = "村民委员会"
IN_TIME = "每月（或每季度）公开一次；涉及村民利益的重大事项随时公开"

# The catalog key of the monthly or quarterly finance statement.
FINANCE = "C01"
RELIEF = "C02"
HOMESTEAD = "C03"

BASE: dict[str, Any] = {
    "group": "village",
    "subject": SUBJECT,
    "channels": ["board", "website"],
    "audience": "public",
    "mode": "proactive",
    "level": "township",
    "approval": "review",
    "cadence": "timely",
    "unit_kind": UnitKind.VILLAGE,
    "time_limit": IN_TIME,
}

ITEMS: list[dict[str, Any]] = [
    {
        "key": FINANCE,
        "level1": "村级财务",
        "level2": "村级财务收支情况",
        "content": "各项收入、支出明细（日期、科目、金额、往来单位、凭证号）及结余",
        "basis": f"{LAW}；《农村集体经济组织财务制度》",
        "time_limit": "每月（或每季度）结束后10个工作日内",
    },
    {
        "key": RELIEF,
        "level1": "社会救助",
        "level2": "最低生活保障、救灾救济款物发放情况",
        "content": "低保对象姓名、家庭人口、保障金额；救灾救济款物的发放对象和数量",
        "basis": f"{LAW}；《最低生活保障审核确认办法》第二十四条",
    },
    {
        "key": HOMESTEAD,
        "level1": "宅基地",
        "level2": "宅基地申请及审批情况",
        "content": "申请人、申请面积、位置、村民小组意见、审批结果",
        "basis": f"{LAW}；《中华人民共和国土地管理法》第六十二条",
    },
    {
        "key": "C04",
        "level1": "土地征收",
        "level2": "征地补偿费的分配和使用情况",
        "content": "征地面积、补偿标准、补偿费的分配方案和发放情况",
        "basis": f"{LAW}；《中华人民共和国土地管理法》第四十八条",
    },
    {
        "key": "C05",
        "level1": "一事一议",
        "level2": "一事一议筹资筹劳情况",
        "content": "议定事项、村民会议或村民代表会议决定、筹资筹劳数额及使用情况",
        "basis": f"{LAW}；《村民一事一议筹资筹劳管理办法》",
    },
    {
        "key": "C06",
        "level1": "集体资产",
        "level2": "集体资产、资源的经营和承包合同情况",
        "content": "集体资产资源清单、承包租赁合同的对象、期限、金额及收缴情况",
        "basis": f"{LAW}",
    },
    {
        "key": "C07",
        "level1": "惠农补贴",
        "level2": "惠农补贴发放情况",
        "content": "补贴项目、标准、发放对象和金额",
        "basis": f"{LAW}",
    },
]


@transaction.atomic
def ensure_items(county: Unit) -> list[CatalogItem]:
    """The county's village items, created where missing. Never overwrites an edited item."""
    catalog = Catalog.objects.filter(county=county).first()
    if catalog is None:
        return []
    found = {item.key: item for item in catalog.items.filter(key__in=[i["key"] for i in ITEMS])}
    position = 900
    for spec in ITEMS:
        position += 1
        if spec["key"] not in found:
            created = CatalogItem(catalog=catalog, position=position, **(BASE | spec))
            created.full_clean()
            created.save()
            audit.record(
                "catalog_item:created", actor=None, unit=county, target=created, key=created.key
            )
            found[spec["key"]] = created
    return [found[spec["key"]] for spec in ITEMS]


@transaction.atomic
def adopt_items(village: Unit) -> int:
    """Give a village the village items it has not adopted yet; returns how many."""
    count = 0
    for item in ensure_items(village.county):
        if item.is_active and not Adoption.objects.filter(unit=village, item=item).exists():
            catalog_actions.adopt(village, item, by=None)
            count += 1
    return count


def item(village: Unit, key: str) -> CatalogItem:
    return CatalogItem.objects.get(catalog__county_id=village.county.pk, key=key)
