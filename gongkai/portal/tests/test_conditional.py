"""Public pages send validators and answer a conditional request with 304."""

from __future__ import annotations

from django.test import Client
from django.utils.http import http_date

from gongkai.core.tests.factories import PASSWORD
from gongkai.publishing import actions

from .conftest import TODAY


def test_a_publication_page_is_validated_by_its_current_versions_time(client, world):
    publication = world.published("T01", title="青山镇领导班子分工")
    url = publication.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    assert first["Last-Modified"] == http_date(publication.current.published_at.timestamp())
    etag = first["ETag"]

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    not_modified = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""

    # An amendment replaces the current version: the page is new again.
    actions.edit(
        publication,
        by=world.clerk,
        today=TODAY,
        title="青山镇领导班子分工（调整）",
        change_reason="班子成员调整",
    )
    publication.refresh_from_db()
    world_publish_again(world, publication)
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert "青山镇领导班子分工（调整）" in again.content.decode()
    assert again["ETag"] != etag


def world_publish_again(world, publication) -> None:
    actions.submit(publication, by=world.clerk, today=TODAY)
    actions.approve(
        publication,
        by=world.reviewer,
        today=TODAY,
        no_state_secret=True,
        no_superior_document=True,
        privacy_lawful=True,
    )
    actions.publish(
        publication, by=world.reviewer, version_number=publication.draft.number, today=TODAY
    )


def test_an_internal_publication_gives_outsiders_no_validator(client, world):
    internal = world.published("I03", title="上半年公务接待费开支", period="2026年上半年")
    response = client.get(internal.get_absolute_url())
    assert response.status_code == 404
    assert not response.has_header("ETag")
    staff = Client()
    assert staff.login(username=world.staff.username, password=PASSWORD)
    assert staff.get(internal.get_absolute_url()).has_header("ETag")


def test_list_and_column_pages_answer_304_until_something_is_published(client, world):
    world.published("T01", title="青山镇领导班子分工")
    urls = [
        "/",
        f"/disclosure/{world.township.org_code}/",
        f"/disclosure/{world.township.org_code}/proactive/",
        f"/catalog/{world.township.org_code}/",
        f"/info/{world.township.org_code}/",
        "/feeds/",
        "/sitemap.xml",
    ]
    etags = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        etags[url] = response["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304, url
    world.published("T11", title="青山镇机构职能")
    for url in urls[:-1]:
        assert client.get(url, HTTP_IF_NONE_MATCH=etags[url]).status_code == 200, url


def test_the_validator_differs_by_display_mode_and_by_reader(client, world):
    url = f"/disclosure/{world.township.org_code}/guide/"
    plain = client.get(url)["ETag"]
    client.cookies["gongkai_display"] = "large"
    large = client.get(url)
    assert large["ETag"] != plain
    assert client.get(url, HTTP_IF_NONE_MATCH=plain).status_code == 200
    staff = Client()
    assert staff.login(username=world.staff.username, password=PASSWORD)
    assert staff.get(url, HTTP_IF_NONE_MATCH=plain).status_code == 200


def test_anonymous_readers_get_the_cached_page_until_anything_changes(
    client, world, django_assert_num_queries
):
    from gongkai.core import actions as core_actions

    publication = world.published("T01", title="青山镇领导班子分工")
    url = publication.get_absolute_url()
    assert world.township.name in client.get(url).content.decode()
    # From the cache: the version's time and the generation, nothing else.
    with django_assert_num_queries(2):
        again = client.get(url)
    assert "青山镇领导班子分工" in again.content.decode()

    # A change anywhere goes through an action and its audit event: the page is made anew.
    core_actions.update_unit(world.township, by=None, name="示例县青山镇人民政府（新）")
    assert "示例县青山镇人民政府（新）" in client.get(url).content.decode()


def test_a_page_a_staff_member_read_is_never_served_from_the_cache_to_the_public(world):
    internal = world.published("I03", title="上半年公务接待费开支", period="2026年上半年")
    staff = Client()
    assert staff.login(username=world.staff.username, password=PASSWORD)
    for _ in range(2):
        assert "上半年公务接待费开支" in staff.get(internal.get_absolute_url()).content.decode()
    assert Client().get(internal.get_absolute_url()).status_code == 404


def test_a_withdrawal_changes_the_validator_the_lists_and_the_feed(client, world):
    publication = world.published("T01", title="青山镇领导班子分工")
    url = publication.get_absolute_url()
    column = f"/disclosure/{world.township.org_code}/"
    etag = client.get(url)["ETag"]
    column_etag = client.get(column)["ETag"]
    actions.withdraw(publication, by=world.reviewer, reason="内容有误，已另行发布")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 410
    listed = client.get(column, HTTP_IF_NONE_MATCH=column_etag)
    assert listed.status_code == 200
    assert "已撤回" in listed.content.decode()
    assert "[已撤回] 青山镇领导班子分工" in client.get("/feeds/").content.decode()


def test_the_publishing_list_pages_come_from_the_page_cache_until_something_changes(
    client, world, django_assert_num_queries
):
    world.published("T01", title="青山镇领导班子分工")
    urls = [
        "/catalog/",
        f"/catalog/{world.township.org_code}/",
        f"/info/{world.township.org_code}/",
        f"/info/{world.township.org_code}/?page=1",
    ]
    for url in urls:
        assert client.get(url).status_code == 200
        with django_assert_num_queries(1):  # the change check only
            assert client.get(url).status_code == 200
    world.published("T01", title="青山镇领导班子调整")
    assert "青山镇领导班子调整" in client.get(f"/info/{world.township.org_code}/").content.decode()
