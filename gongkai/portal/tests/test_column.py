"""The disclosure column: each unit's parts, from its own data, with what it published."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.test import Client

from gongkai.catalog.models import CatalogItem
from gongkai.core.models import UnitKind
from gongkai.core.tests.factories import PASSWORD, village

PARTS = ["", "guide/", "rules/", "proactive/", "annual-reports/", "on-application/"]


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("who", ["county", "township", "office"])
def test_every_part_of_the_column_has_a_page_for_the_county_and_each_unit(client, world, who, part):
    unit = getattr(world, who)
    response = client.get(f"/disclosure/{unit.org_code}/{part}")
    assert response.status_code == 200
    html = response.content.decode()
    for title in (
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
    ):
        assert title in html
    assert unit.name in html


def test_the_column_address_without_a_unit_leads_to_the_county(client, world):
    response = client.get("/disclosure/")
    assert response.status_code == 302
    assert response["Location"] == f"/disclosure/{world.county.org_code}/"


def test_a_village_has_its_page_but_no_column_parts_and_an_unknown_code_has_none(client, world):
    home = village(world.township)
    assert client.get(f"/disclosure/{home.org_code}/").status_code == 200
    assert client.get(f"/disclosure/{home.org_code}/guide/").status_code == 404
    assert client.get("/disclosure/ZZZZZZZZZ/guide/").status_code == 404


def test_the_guide_is_made_from_the_units_own_guide_data(client, world):
    html = client.get(f"/disclosure/{world.township.org_code}/guide/").content.decode()
    for value in (
        "青山镇党政办公室",
        "示例县青山镇政府大院",
        "周一至周五 上午8:30—12:00",
        "0738-8801001",
        "0738-8801002",
        "qingshan@shilixian.gov.cn",
        "https://qingshan.example.org/",
        # Complaints go to the county's disclosure office.
        "示例县人民政府办公室（县政务公开办）",
        "20个工作日",
    ):
        assert value in html, value
    assert f"/applications/?unit={world.township.org_code}" in html


def test_the_rules_name_the_units_office_and_the_plans_checks(client, world):
    html = client.get(f"/disclosure/{world.township.org_code}/rules/").content.decode()
    assert "青山镇党政办公室" in html
    for phrase in ("集体讨论", "人民代表大会", "备案", "评议", "责任追究", "六个要素"):
        assert phrase in html, phrase


def test_the_proactive_part_is_the_catalog_tree_with_its_publications(client, world):
    public = world.published("T01", title="青山镇领导班子分工")
    internal = world.published("I03", title="上半年公务接待费开支", period="2026年上半年")
    response = client.get(f"/disclosure/{world.township.org_code}/proactive/")
    html = response.content.decode()
    assert world.item("T01").level2 in html
    assert "青山镇领导班子分工" in html
    assert public.get_absolute_url() in html
    assert f"/info/{world.township.org_code}/?item={public.item_id}" in html
    assert f"/feeds/{world.township.org_code}/items/{public.item_id}/" in html
    assert "上半年公务接待费开支" not in html
    assert internal.get_absolute_url() not in html

    staff_html = signed_in(world.staff).get(response.request["PATH_INFO"]).content.decode()
    assert "上半年公务接待费开支" in staff_html


def test_on_the_proactive_part_empty_items_fold_away_per_group_and_filled_ones_stay_open(
    client, world
):
    world.published("T01", title="青山镇领导班子分工")
    html = client.get(f"/disclosure/{world.township.org_code}/proactive/").content.decode()
    filled = world.item("T01")
    sections = html.split("<section")[1:]
    with_filled = next(s for s in sections if f'id="item-{filled.pk}"' in s)
    # The filled item is outside any fold; its group folds its empty items into one count.
    before_fold = with_filled.split('<details class="empty-items">')[0]
    assert f'id="item-{filled.pk}"' in before_fold
    assert "青山镇领导班子分工" in before_fold
    folds = re.findall(
        r'<details class="empty-items">\s*<summary>暂无信息的事项（(\d+)）</summary>'
        r"(.*?)</details>",
        html,
        re.S,
    )
    assert folds
    adopted = CatalogItem.objects.adopted_by(world.township).count()
    assert sum(int(n) for n, _ in folds) == adopted - 1
    for n, inside in folds:
        assert inside.count("<li ") == int(n)
        assert "青山镇领导班子分工" not in inside
    empty = world.item("T11")
    assert any(f'id="item-{empty.pk}"' in inside for _, inside in folds)
    assert "此项下尚未公开信息" not in html  # no empty item is left open at full length


def test_the_countys_proactive_part_leads_to_each_township_and_office(client, world):
    world.published("O03", unit=world.office, title="财政所公开事项")
    html = client.get(f"/disclosure/{world.county.org_code}/proactive/").content.decode()
    assert f"/disclosure/{world.township.org_code}/proactive/" in html
    assert f"/disclosure/{world.office.org_code}/proactive/" in html
    assert "1 条信息" in html


def test_the_county_home_shows_the_latest_publications_and_never_internal_ones(client, world):
    world.published("T01", title="青山镇领导班子分工")
    world.published("O03", unit=world.office, title="财政所公开事项")
    world.published("I03", title="上半年公务接待费开支", period="2026年上半年")
    html = client.get("/").content.decode()
    assert "最新信息" in html
    assert "青山镇领导班子分工" in html
    assert "财政所公开事项" in html
    assert "上半年公务接待费开支" not in html
    assert 'type="application/atom+xml"' in html


def test_application_part_explains_and_links_to_the_form_for_this_unit(client, world):
    html = client.get(f"/disclosure/{world.office.org_code}/on-application/").content.decode()
    assert f"/applications/?unit={world.office.org_code}" in html
    assert "7个工作日" in html
    assert "/applications/track/" in html
    form = client.get(f"/applications/?unit={world.office.org_code}").content.decode()
    assert f'value="{world.office.pk}" selected' in form


def test_the_annual_report_part_links_to_the_reports_pages(client, world):
    html = client.get(f"/disclosure/{world.township.org_code}/annual-reports/").content.decode()
    assert "/annual-reports/" in html


def test_the_portal_navigation_leads_to_the_column(client, world):
    html = client.get("/catalog/").content.decode()
    assert 'href="/disclosure/"' in html
    assert world.county.kind == UnitKind.COUNTY


@pytest.mark.parametrize(
    "url",
    ["/", "/disclosure/{county}/", "/disclosure/{township}/", "/disclosure/{township}/proactive/"],
)
def test_list_pages_run_the_same_queries_for_3_or_12_publications(
    client, world, django_assert_num_queries, url
):
    url = url.format(county=world.county.org_code, township=world.township.org_code)
    for n in range(3):
        world.published("T01", title=f"领导分工第{n}号")
    client.get(url)
    rendered = _count(client, url)
    with django_assert_num_queries(rendered):
        _render(client, url)
    for n in range(9):
        world.published("T11" if n % 2 else "T01", title=f"更多信息第{n}号")
    with django_assert_num_queries(rendered):
        _render(client, url)
    assert rendered <= 12
    # Until something changes, the page comes from the cache: the change check only.
    with django_assert_num_queries(1):
        client.get(url)


def _render(client: Client, url: str) -> None:
    """The page rendered, not taken from the page cache nor from kept fragments."""
    caches["pages"].clear()
    caches["fragments"].clear()
    assert client.get(url).status_code == 200


def _count(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _render(client, url)
    return len(captured.captured_queries)
