"""The default catalog listed three matters twice under different names; the data migration
merges each pair: publications, adoptions and obligations move to the item kept, the other is
retired, and its old addresses lead to the item kept."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.test import Client

from gongkai.catalog import actions, defaults
from gongkai.catalog.models import Adoption, CatalogItem
from gongkai.core.models import AuditEvent
from gongkai.core.tests.factories import county, member, township
from gongkai.publishing import actions as publishing

migration = importlib.import_module("gongkai.catalog.migrations.0006_merge_duplicate_items")

# The three items as an install made before the merge had them.
OLD = {
    "V04": {
        "group": "village",
        "level1": "土地征收",
        "level2": "征用土地情况及征用土地补偿费、安置补助费的发放使用情况",
        "cadence": "with_village",
    },
    "V07": {
        "group": "village",
        "level1": "社会救助",
        "level2": "扶贫救灾款物发放、优待抚恤情况",
        "cadence": "with_village",
    },
    "A04": {
        "group": "art21",
        "level1": "农业农村",
        "level2": "宅基地使用情况审核",
        "cadence": "timely",
    },
}
OLD_TEXT = {
    "A05": "征收范围、土地现状、征收目的、补偿标准、安置方式、社会保障",
    "V05": "申请人、审批面积、位置、审批结果",
}


@pytest.fixture
def before(db):
    """A county whose catalog still has the three duplicates, adopted and used by a township."""
    root = county()
    town = township(root, short_name="青山镇")
    catalog = root.catalog
    for key, fields in OLD.items():
        CatalogItem.objects.create(
            catalog=catalog,
            key=key,
            content="旧的公开内容",
            basis="《中华人民共和国政府信息公开条例》第二十一条",
            time_limit="信息形成或者变更之日起20个工作日内",
            subject="乡（镇）人民政府",
            channels=["website"],
            audience="public",
            mode="proactive",
            level="township",
            approval="review",
            unit_kind="township",
            **fields,
        )
    for key, text in OLD_TEXT.items():
        CatalogItem.objects.filter(catalog=catalog, key=key).update(content=text)
    CatalogItem.objects.filter(catalog=catalog, key="V05").update(
        cadence="with_village", time_limit="与村务公开同步"
    )
    actions.adopt_suggested(town, by=None)
    clerk = member(town, "clerk")
    old = CatalogItem.objects.get(catalog=catalog, key="V04")
    draft = publishing.create(
        unit=town,
        item=old,
        by=clerk,
        audience="public",
        today=dt.date(2026, 7, 1),
        title="青山村集体土地征收补偿费发放情况",
        body="<p>补偿费已发放到户。</p>",
        topic="land",
    )
    return {"county": root, "township": town, "catalog": catalog, "draft": draft}


def item(before, key: str) -> CatalogItem:
    return CatalogItem.objects.get(catalog=before["catalog"], key=key)


def test_each_pair_becomes_one_item_and_what_was_filed_under_the_other_moves(before):
    town = before["township"]
    assert Adoption.objects.filter(unit=town, item__key__in=OLD).count() == 3
    migration.merge(apps, None)
    for old_key, kept_key in defaults.MERGED.items():
        old, kept = item(before, old_key), item(before, kept_key)
        assert not old.is_active and old.merged_into == kept
        assert not Adoption.objects.filter(unit=town, item=old).exists()
        assert Adoption.objects.filter(unit=town, item=kept).count() == 1
    before["draft"].refresh_from_db()
    assert before["draft"].item == item(before, "A05")
    assert "安置补助费" in item(before, "A05").content
    homesteads = item(before, "V05")
    assert "申请条件" in homesteads.content and homesteads.cadence == "timely"
    event = AuditEvent.objects.get(action="catalog_item:merged", data__key="V04")
    assert event.data["publications"] == 1 and event.data["into_key"] == "A05"
    # Running it again changes nothing.
    migration.merge(apps, None)
    assert AuditEvent.objects.filter(action="catalog_item:merged").count() == 3


def test_the_townships_catalog_lists_each_matter_once(before, client: Client):
    migration.merge(apps, None)
    html = client.get(f"/disclosure/{before['township'].org_code}/proactive/").content.decode()
    assert "各村宅基地审批情况" in html and "宅基地使用情况审核" not in html
    assert "征用土地情况及" not in html and "扶贫救灾款物发放、优待抚恤情况" not in html


def test_a_merged_items_old_addresses_lead_to_the_item_kept(before, client: Client):
    migration.merge(apps, None)
    old, kept = item(before, "V04"), item(before, "A05")
    town = before["township"].org_code
    response = client.get(f"/info/{town}/?item={old.pk}")
    assert response.status_code == 301 and response["Location"].endswith(f"?item={kept.pk}")
    assert client.get(f"/info/{town}/?item={kept.pk}").status_code == 200
    feed = client.get(f"/feeds/{town}/items/{old.pk}/")
    assert feed.status_code == 200 and kept.level2 in feed.content.decode()


def test_a_new_county_never_gets_the_duplicates(db):
    keys = set(county().catalog.items.values_list("key", flat=True))
    assert not keys & set(defaults.MERGED) and set(defaults.MERGED.values()) <= keys
