"""The rendered-page cache follows what changed: one township's staff at work leave the rest
of the county's pages in the cache; publishing and withdrawing make the right pages anew.

A page served from the cache costs its change check only (one or two queries); a rendered
page costs many more, so the query count tells the two apart.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from gongkai.catalog import actions as catalog_actions
from gongkai.core.models import Role
from gongkai.core.tests.factories import member, township
from gongkai.info_requests.tests.factories import submitted
from gongkai.publishing import actions

from .conftest import TODAY, World

# The publication page from the cache: its current version's time, and its generations.
CACHED_PUBLICATION = 2
# A list or a column part from the cache: its generations.
CACHED_LIST = 1


@pytest.fixture
def other(world: World):
    """A second township, 绿水乡, with one publication of its own."""
    town = township(world.county, name="示例县绿水乡人民政府", short_name="绿水乡")
    catalog_actions.adopt_suggested(town, by=None)
    clerk, reviewer = member(town, Role.CLERK), member(town, Role.REVIEWER)
    world_b = World(
        county=world.county,
        township=town,
        office=world.office,
        clerk=clerk,
        reviewer=reviewer,
        staff=world.staff,
        office_clerk=world.office_clerk,
        office_reviewer=world.office_reviewer,
    )
    publication = world_b.published("T01", title="绿水乡领导班子分工")
    return town, publication


def _draft(world: World, title: str):
    return actions.create(
        unit=world.township,
        item=world.item("T01"),
        by=world.clerk,
        audience="public",
        today=TODAY,
        title=title,
        summary="草稿。",
        body="<p>草稿。</p>",
        topic="organisation",
        written_on=dt.date(2026, 7, 1),
    )


def _warm(client: Client, *urls: str) -> None:
    for url in urls:
        assert client.get(url).status_code == 200


def test_staff_at_work_in_one_township_leave_another_townships_pages_in_the_cache(
    client, world, other, django_assert_num_queries
):
    town_b, publication_b = other
    page_b = publication_b.get_absolute_url()
    list_b = f"/info/{town_b.org_code}/"
    column_b = f"/disclosure/{town_b.org_code}/proactive/"
    home = "/"
    _warm(client, page_b, list_b, column_b, home)

    # In 青山镇: a draft written, edited and sent for review; an application arrives.
    draft = _draft(world, "青山镇草稿")
    actions.edit(draft, by=world.clerk, today=TODAY, title="青山镇草稿（改）")
    actions.submit(draft, by=world.clerk, today=TODAY)
    submitted(world.township, TODAY)

    with django_assert_num_queries(CACHED_PUBLICATION):
        assert "绿水乡领导班子分工" in client.get(page_b).content.decode()
    for url in (list_b, column_b, home):
        with django_assert_num_queries(CACHED_LIST):
            assert client.get(url).status_code == 200


def test_publishing_in_one_township_renews_its_lists_and_the_county_home_only(
    client, world, other, django_assert_num_queries
):
    town_b, publication_b = other
    list_a = f"/info/{world.township.org_code}/"
    column_a = f"/disclosure/{world.township.org_code}/"
    list_b = f"/info/{town_b.org_code}/"
    page_b = publication_b.get_absolute_url()
    _warm(client, list_a, column_a, "/", "/feeds/", list_b, page_b)

    world.published("T01", title="青山镇新公开的文件")

    for url in (list_a, column_a, "/", "/feeds/"):
        assert "青山镇新公开的文件" in client.get(url).content.decode(), url
    with django_assert_num_queries(CACHED_LIST):
        assert "青山镇新公开的文件" not in client.get(list_b).content.decode()
    with django_assert_num_queries(CACHED_PUBLICATION):
        client.get(page_b)


def test_an_office_publishing_renews_its_townships_column_and_the_county_column(
    client, world, other
):
    town_column = f"/disclosure/{world.township.org_code}/"
    county_column = f"/disclosure/{world.county.org_code}/"
    _warm(client, town_column, county_column)
    world.published("O03", unit=world.office, title="财政所新公开的文件")
    for url in (town_column, county_column):
        assert "财政所新公开的文件" in client.get(url).content.decode(), url


def test_a_withdrawn_publication_is_never_served_from_the_cache(
    client, world, other, django_assert_num_queries
):
    _town_b, publication_b = other
    publication = world.published("T01", title="青山镇将撤回的文件")
    url = publication.get_absolute_url()
    list_a = f"/info/{world.township.org_code}/"
    _warm(client, url, list_a, publication_b.get_absolute_url())
    with django_assert_num_queries(CACHED_PUBLICATION):
        assert client.get(url).status_code == 200

    actions.withdraw(publication, by=world.reviewer, reason="内容有误")

    for _ in range(2):
        gone = client.get(url)
        assert gone.status_code == 410
        assert "党委书记主持全面工作" not in gone.content.decode()
    assert "已撤回" in client.get(list_a).content.decode()
    # The other township's page stays cached.
    with django_assert_num_queries(CACHED_PUBLICATION):
        assert client.get(publication_b.get_absolute_url()).status_code == 200


def test_a_readers_rating_renews_its_units_column_and_leaves_other_townships_cached(
    client, world, other, django_assert_num_queries
):
    from gongkai.evaluation import actions as evaluation_actions

    town_b, publication_b = other
    publication = world.published("T01", title="青山镇领导班子分工")
    column_a = f"/disclosure/{world.township.org_code}/"
    list_b = f"/info/{town_b.org_code}/"
    page_b = publication_b.get_absolute_url()
    _warm(client, column_a, list_b, page_b)
    etag = client.get(column_a)["ETag"]

    evaluation_actions.rate(
        publication, verdict="satisfied", comment="", client_hash="reader-1", today=TODAY
    )

    assert client.get(column_a, HTTP_IF_NONE_MATCH=etag).status_code == 200
    with django_assert_num_queries(CACHED_LIST):
        client.get(list_b)
    with django_assert_num_queries(CACHED_PUBLICATION):
        client.get(page_b)


def test_a_reader_with_a_notice_to_show_gets_the_page_anew_not_a_304(client, world):
    publication = world.published("T01", title="青山镇领导班子分工")
    url = publication.get_absolute_url()
    etag = client.get(url)["ETag"]
    # A notice waits in the messages cookie (e.g. after rating the publication): the page
    # must be rendered to show it, though nothing the page shows has changed.
    client.cookies["messages"] = "notice"
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
