"""The default catalog, its editing by the county, and each unit's adoption of it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from gongkai.catalog import actions, defaults
from gongkai.catalog.models import Approval, Catalog, CatalogItem, Group
from gongkai.core.models import AuditEvent, Role
from gongkai.core.tests.factories import PASSWORD, county, member, office, township

pytestmark = pytest.mark.django_db

# Words the converter put in the seed text, and what it replaced.
CONVERTER_WORDS = ["开展规划", "方案生育", "工程工程", "效劳", "与时", "办事程度", "秘书不求人"]


@pytest.fixture
def tree():
    root = county()
    town = township(root)
    return {"county": root, "township": town, "office": office(town), "other": township(root)}


def test_a_new_county_gets_the_whole_default_catalog(tree):
    catalog = Catalog.objects.get(county=tree["county"])
    items = catalog.items.all()
    assert items.count() == len(defaults.ITEMS) == 42
    counts = {group: items.filter(group=group).count() for group in Group.values}
    # The seed plan's twelve township items, the annual report (Art. 49–50), and the six
    # Art. 20 items the annual report's table 2 counts; the village list and Art. 21 share
    # three matters, each listed once.
    assert counts == {"township": 19, "village": 8, "office": 3, "internal": 5, "art21": 7}


@pytest.mark.parametrize(
    "level2",
    [
        "经济和社会发展规划的制定和完成情况",
        "计划生育情况",
        "工程项目招投标及社会公益事业建设情况",
        "土地征收",
        "招待费、差旅费的开支使用情况",
        "各村宅基地审批情况",
        "筹资筹劳",
        "社会救助",
    ],
)
def test_items_use_the_standard_terms(tree, level2):
    assert CatalogItem.objects.filter(level2=level2).exists()


def test_no_converter_word_is_left(tree):
    for item in CatalogItem.objects.all():
        text = " ".join([item.level1, item.level2, item.content, item.basis, item.time_limit])
        assert not [word for word in CONVERTER_WORDS if word in text], item.level2


@pytest.mark.parametrize(
    ("key", "approval"),
    [
        ("T04", Approval.CONGRESS),
        ("T02", Approval.CONGRESS),
        ("T08", Approval.COLLECTIVE),
        ("V08", Approval.COLLECTIVE),
        ("T01", Approval.REVIEW),
        ("A08", Approval.REVIEW),
    ],
)
def test_each_item_says_which_approval_it_needs(tree, key, approval):
    assert CatalogItem.objects.get(key=key).approval == approval


def test_the_office_service_guide_and_the_internal_items(tree):
    guide = CatalogItem.objects.get(key="O01")
    assert guide.service_guide and guide.unit_kind == "office"
    assert "办事程序" in guide.level2
    assert set(
        CatalogItem.objects.filter(group=Group.INTERNAL).values_list("audience", flat=True)
    ) == {"internal"}


def test_loading_again_creates_nothing_and_keeps_the_countys_edits(tree):
    item = CatalogItem.objects.get(key="T01")
    actions.update_item(item, by=None, time_limit="每年1月底前")
    actions.load_default_catalog(tree["county"], by=None)
    assert CatalogItem.objects.count() == len(defaults.ITEMS)
    assert CatalogItem.objects.get(key="T01").time_limit == "每年1月底前"


def test_only_a_county_supervisor_edits_the_catalog(tree):
    item = CatalogItem.objects.get(key="T05")
    for role, unit in [
        (Role.UNIT_ADMIN, "township"),
        (Role.LEADER, "township"),
        (Role.UNIT_ADMIN, "county"),
    ]:
        with pytest.raises(PermissionDenied):
            actions.update_item(item, by=member(tree[unit], role), cadence="quarterly")
    supervisor = member(tree["county"], Role.SUPERVISOR)
    actions.update_item(item, by=supervisor, cadence="quarterly", channels=["website", "gazette"])
    event = AuditEvent.objects.get(action="catalog_item:updated")
    assert event.actor == supervisor
    assert event.data["changes"]["cadence"] == ["half_yearly", "quarterly"]


def test_an_unknown_channel_is_refused(tree):
    with pytest.raises(ValidationError):
        actions.update_item(CatalogItem.objects.get(key="T01"), by=None, channels=["fax"])


def test_units_adopt_the_items_meant_for_them(tree):
    admin = member(tree["township"], Role.UNIT_ADMIN)
    assert actions.adopt_suggested(tree["township"], by=admin) == 39
    assert (
        actions.adopt_suggested(tree["office"], by=admin) == 3
    )  # the township admin reaches its offices
    assert actions.adopt_suggested(tree["township"], by=admin) == 0
    adopted = CatalogItem.objects.adopted_by(tree["office"])
    assert set(adopted.values_list("key", flat=True)) == {"O01", "O02", "O03"}


def test_an_office_does_not_adopt_the_townships_internal_items(tree):
    with pytest.raises(ValidationError):
        actions.adopt(tree["office"], CatalogItem.objects.get(key="I03"), by=None)


def test_a_clerk_does_not_choose_the_units_items(tree):
    with pytest.raises(PermissionDenied):
        actions.adopt_suggested(tree["township"], by=member(tree["township"], Role.CLERK))


def test_a_retired_item_is_not_adopted(tree):
    item = CatalogItem.objects.get(key="T12")
    actions.set_item_active(item, by=None, active=False)
    with pytest.raises(ValidationError):
        actions.adopt(tree["township"], item, by=None)


def test_another_countys_item_is_not_adopted(tree):
    foreign = CatalogItem.objects.filter(catalog__county=county()).get(key="T01")
    with pytest.raises(ValidationError):
        actions.adopt(tree["township"], foreign, by=None)


def test_a_unit_adds_its_own_item_which_no_other_unit_sees(tree):
    admin = member(tree["township"], Role.UNIT_ADMIN)
    own = actions.create_own_item(
        tree["township"],
        by=admin,
        group="township",
        level1="乡村振兴",
        level2="人居环境整治项目",
        content="项目、资金、进度",
        basis="本镇政务公开工作方案",
        time_limit="验收后20个工作日内",
        subject="某镇人民政府",
        channels=["website"],
        audience="public",
        mode="proactive",
        level="township",
        approval="collective",
        cadence="timely",
    )
    assert CatalogItem.objects.adopted_by(tree["township"]).filter(pk=own.pk).exists()
    assert not CatalogItem.objects.adoptable_by(tree["other"]).filter(pk=own.pk).exists()
    with pytest.raises(ValidationError):
        actions.adopt(tree["other"], own, by=None)


def test_an_item_with_publications_stays_adopted(tree):
    from gongkai.publishing import actions as publishing

    actions.adopt_suggested(tree["township"], by=None)
    clerk = member(tree["township"], Role.CLERK)
    item = CatalogItem.objects.get(key="T01")
    publishing.create(
        unit=tree["township"],
        item=item,
        by=clerk,
        audience="public",
        today=dt.date(2026, 7, 1),
        title="领导分工",
        topic="organisation",
    )
    adoption = item.adoptions.get(unit=tree["township"])
    with pytest.raises(ValidationError):
        actions.unadopt(adoption, by=None)


def _client(user) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


def test_a_supervisor_browses_and_edits_the_catalog_on_the_staff_pages(tree):
    supervisor = member(tree["county"], Role.SUPERVISOR)
    client = _client(supervisor)
    page = client.get("/staff/catalog/").content.decode()
    for label in (
        "年度财政预算和财政收支情况",
        "计划生育情况",
        "招待费、差旅费的开支使用情况",
        "筹资筹劳",
    ):
        assert label in page
    item = CatalogItem.objects.get(key="T04")
    form = client.get(f"/staff/catalog/items/{item.pk}/edit/")
    assert form.status_code == 200
    data = {
        f: getattr(item, f) for f in actions.ITEM_FIELDS if f not in ("channels", "service_guide")
    }
    data["channels"] = ["website", "gazette"]
    data["time_limit"] = "经乡人民代表大会批准后20日内（纸质公开栏同步张贴）"
    response = client.post(f"/staff/catalog/items/{item.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()
    item.refresh_from_db()
    assert item.channels == ["website", "gazette"]


def test_a_township_clerk_reads_the_catalog_but_cannot_edit_it(tree):
    clerk = member(tree["township"], Role.CLERK)
    client = _client(clerk)
    assert client.get("/staff/catalog/").status_code == 200
    item = CatalogItem.objects.get(key="T04")
    assert client.get(f"/staff/catalog/items/{item.pk}/edit/").status_code == 403


def test_a_unit_admin_ticks_the_units_items(tree):
    admin = member(tree["township"], Role.UNIT_ADMIN)
    client = _client(admin)
    url = f"/staff/catalog/units/{tree['township'].org_code}/"
    assert client.get(url).status_code == 200
    chosen = CatalogItem.objects.filter(key__in=["T01", "T04", "A08"])
    response = client.post(url, {"items": [i.pk for i in chosen]})
    assert response.status_code == 302
    assert set(CatalogItem.objects.adopted_by(tree["township"]).values_list("key", flat=True)) == {
        "T01",
        "T04",
        "A08",
    }
    client.post(url, {"items": [chosen[0].pk]})
    assert CatalogItem.objects.adopted_by(tree["township"]).count() == 1
    clerk = _client(member(tree["township"], Role.CLERK))
    assert clerk.post(url, {"items": []}).status_code == 403
