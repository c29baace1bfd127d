"""Atom feeds, read back by a real feed parser; sitemap.xml. Internal publications never appear."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.core.cache import caches
from django.test import Client
from django.utils.timezone import localdate

from gongkai.core.tests.factories import PASSWORD

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def published(world):
    return {
        "township": world.published("T01", title="青山镇领导班子分工", summary="书记、镇长分工。"),
        "township2": world.published("T11", title="青山镇机构职能"),
        "office": world.published("O03", unit=world.office, title="财政所公开事项"),
        "internal": world.published("I03", title="上半年公务接待费开支", period="2026年上半年"),
    }


def parse(client: Client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def titles(feed) -> set[str]:
    return {entry.title for entry in feed.entries}


def test_the_county_feed_has_every_units_public_publications(client, world, published):
    feed = parse(client, "/feeds/")
    assert titles(feed) == {"青山镇领导班子分工", "青山镇机构职能", "财政所公开事项"}
    assert world.county.name in feed.feed.title
    entry = next(e for e in feed.entries if e.title == "青山镇领导班子分工")
    assert entry.link == "http://testserver" + published["township"].get_absolute_url()
    assert entry.summary == "书记、镇长分工。"
    assert entry.published_parsed and entry.updated_parsed
    assert entry.author
    assert {"领导信息", world.item("T01").level2} & {tag.term for tag in entry.tags}
    assert feed.feed.links[0].href.startswith("http://testserver/")


def test_a_unit_feed_has_its_own_publications_and_its_offices(client, world, published):
    township = parse(client, f"/feeds/{world.township.org_code}/")
    assert titles(township) == {"青山镇领导班子分工", "青山镇机构职能", "财政所公开事项"}
    office = parse(client, f"/feeds/{world.office.org_code.lower()}/")
    assert titles(office) == {"财政所公开事项"}


def test_a_catalog_item_feed_has_that_items_publications(client, world, published):
    item = world.item("T01")
    assert titles(parse(client, f"/feeds/items/{item.pk}/")) == {"青山镇领导班子分工"}
    unit_item = parse(client, f"/feeds/{world.township.org_code}/items/{item.pk}/")
    assert titles(unit_item) == {"青山镇领导班子分工"}
    assert f"?item={item.pk}" in unit_item.feed.link


@pytest.mark.parametrize("signed_in", [False, True])
def test_internal_publications_never_appear_in_a_feed_even_for_their_staff(
    world, published, signed_in
):
    client = Client()
    if signed_in:
        assert client.login(username=world.staff.username, password=PASSWORD)
    internal_item = published["internal"].item_id
    for url in (
        "/feeds/",
        f"/feeds/{world.township.org_code}/",
        f"/feeds/items/{internal_item}/",
        f"/feeds/{world.township.org_code}/items/{internal_item}/",
    ):
        feed = parse(client, url)
        assert "上半年公务接待费开支" not in titles(feed), url
        assert published["internal"].index_no not in client.get(url).content.decode()


def test_unknown_units_and_items_have_no_feed(client, world, published):
    assert client.get("/feeds/ZZZZZZZZZ/").status_code == 404
    assert client.get("/feeds/items/999999/").status_code == 404
    other_item = world.item("O03", world.office).pk
    assert client.get(f"/feeds/{world.township.org_code}/items/{other_item}/").status_code == 404


def test_the_sitemap_lists_the_columns_and_public_publications_only(client, world, published):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = [
        loc.text for loc in ET.fromstring(index.content).findall("s:sitemap/s:loc", SITEMAP_NS)
    ]
    assert "http://testserver/sitemap-publications.xml" in sections
    urls: dict[str, str | None] = {}
    for section in sections:
        body = client.get(section.removeprefix("http://testserver"))
        assert body.status_code == 200, section
        for url in ET.fromstring(body.content).findall("s:url", SITEMAP_NS):
            lastmod = url.find("s:lastmod", SITEMAP_NS)
            urls[url.find("s:loc", SITEMAP_NS).text] = None if lastmod is None else lastmod.text
    base = "http://testserver"
    for key in ("township", "township2", "office"):
        url = base + published[key].get_absolute_url()
        assert url in urls
        assert urls[url] == localdate(published[key].current.published_at).isoformat()
    assert base + published["internal"].get_absolute_url() not in urls
    for code in (world.county.org_code, world.township.org_code, world.office.org_code):
        assert f"{base}/disclosure/{code}/guide/" in urls
    assert f"{base}/" in urls


def test_a_request_at_another_host_name_never_changes_what_others_are_served(
    client, world, published, settings
):
    """The page cache and ETags are per address: one request with another (allowed) Host
    header must not put its host into the sitemap everyone else gets."""
    settings.ALLOWED_HOSTS = ["testserver", "alias.example"]
    caches["pages"].clear()
    other = client.get("/sitemap-publications.xml", HTTP_HOST="alias.example")
    assert b"http://alias.example/" in other.content
    ours = client.get("/sitemap-publications.xml")
    assert b"http://testserver/" in ours.content
    assert b"alias.example" not in ours.content
    assert ours.get("ETag") != other.get("ETag")


def test_the_feed_links_speak_plain_words(client, world, published):
    for url in ("/", f"/disclosure/{world.township.org_code}/proactive/"):
        page = client.get(url).content.decode()
        body = page.split("<body", 1)[1]
        assert "订阅更新" in body
        assert "Atom" not in body
