"""Browsing by subject classification (主题分类): every unit's public publications by topic,
narrowed to a unit, paginated, linked from the home page and each publication's metadata."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.core.tests.factories import PASSWORD
from gongkai.portal import topics


def test_the_index_counts_each_topic_and_the_home_page_links_to_it(client: Client, world):
    world.published(title="青山镇2026年财政预算", topic="finance")
    world.published("O03", title="青山镇财政所惠农补贴发放情况", topic="finance", unit=world.office)
    world.published(title="青山镇领导分工", topic="organisation")
    assert "/topics/" in client.get("/").content.decode()
    html = client.get("/topics/").content.decode()
    assert "财政、金融、审计" in html and "/topics/finance/" in html
    finance = html[html.index("/topics/finance/") :]
    assert "2条" in finance[: finance.index("</li>")]


def test_a_topic_lists_public_publications_across_the_county_and_by_unit(client: Client, world):
    budget = world.published(title="青山镇2026年财政预算", topic="finance")
    subsidy = world.published("O03", title="惠农补贴发放情况", topic="finance", unit=world.office)
    world.published(title="青山镇领导分工", topic="organisation")
    internal = world.published(
        "I03", title="机关接待费开支情况", topic="finance", period="2026年上半年"
    )
    html = client.get("/topics/finance/").content.decode()
    assert budget.current.title in html and subsidy.current.title in html
    assert "青山镇领导分工" not in html and internal.current.title not in html
    # The office is under the township: the township's list has both, the office's its own.
    township = client.get(f"/topics/finance/?unit={world.township.org_code}").content.decode()
    assert budget.current.title in township and subsidy.current.title in township
    office = client.get(f"/topics/finance/?unit={world.office.org_code}").content.decode()
    assert subsidy.current.title in office and budget.current.title not in office


def test_internal_publications_stay_out_even_for_the_units_staff(world):
    world.published("I03", title="机关接待费开支情况", topic="finance", period="2026年上半年")
    client = Client()
    assert client.login(username=world.staff.username, password=PASSWORD)
    assert "机关接待费开支情况" not in client.get("/topics/finance/").content.decode()


def test_an_unknown_topic_or_unit_is_not_found(client: Client, world):
    assert client.get("/topics/astrology/").status_code == 404
    assert client.get("/topics/finance/?unit=XXXXXXXXX").status_code == 404


def test_the_list_is_paginated(client: Client, world, monkeypatch):
    monkeypatch.setattr(topics, "PER_PAGE", 2)
    for n in range(3):
        world.published(title=f"财政信息{n}", topic="finance")
    first = client.get("/topics/finance/").content.decode()
    assert "财政信息2" in first and "财政信息0" not in first and "page=2" in first
    second = client.get("/topics/finance/?page=2").content.decode()
    assert "财政信息0" in second


def test_a_publications_topic_links_to_its_list(client: Client, world):
    publication = world.published(title="青山镇2026年财政预算", topic="finance")
    html = client.get(publication.get_absolute_url()).content.decode()
    assert 'href="/topics/finance/"' in html


@pytest.mark.parametrize("count", [1, 8])
def test_the_pages_cost_the_same_queries_however_many(
    client: Client, world, django_assert_max_num_queries, count
):
    for n in range(count):
        world.published(title=f"财政信息{n}", topic="finance")
    with django_assert_max_num_queries(6):
        assert client.get("/topics/").status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(f"/topics/finance/?unit={world.township.org_code}").status_code == 200
