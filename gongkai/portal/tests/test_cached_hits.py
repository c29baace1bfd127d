"""A kept page is answered before the session, locale, CSRF and security layers run
(core/caching.py `CachedPageMiddleware`): what a reader or a browser receives must be
exactly what the rendered page was, headers and all, and only an anonymous reader's.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.core.tests.factories import PASSWORD
from gongkai.publishing import actions

from .conftest import TODAY
from .test_conditional import world_publish_again

# A kept page costs its freshness check only: the version's time and the generations.
FRESHNESS_QUERIES = 2


def _get(client: Client, url: str, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


READERS = {
    "plain": {},
    "english": {"HTTP_ACCEPT_LANGUAGE": "en"},
    "large text": {"cookies": {"gongkai_display": "large"}},
    "https": {"secure": True},
    "language cookie": {"cookies": {"django_language": "en"}},
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("page", ["publication", "list", "home"])
def test_a_kept_page_is_sent_with_every_header_the_rendered_page_had(world, settings, reader, page):
    settings.SECURE_HSTS_SECONDS = 3600  # so that an HTTPS answer carries HSTS
    publication = world.published("T01", title="青山镇领导班子分工")
    url = {
        "publication": publication.get_absolute_url(),
        "list": f"/info/{world.township.org_code}/?page=1",
        "home": "/",
    }[page]
    extra = dict(READERS[reader])
    client = Client()
    for name, value in extra.pop("cookies", {}).items():
        client.cookies[name] = value
    rendered, rendered_queries = _get(client, url, **extra)
    assert rendered.status_code == 200
    assert rendered_queries > FRESHNESS_QUERIES
    for _again in range(2):
        kept, kept_queries = _get(client, url, **extra)
        assert kept_queries <= FRESHNESS_QUERIES
        assert kept.status_code == 200
        assert kept.content == rendered.content
        assert dict(kept.headers) == dict(rendered.headers)
        assert not kept.cookies
    headers = rendered.headers
    assert headers["Content-Security-Policy"] and headers["Permissions-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Accept-Language" in headers["Vary"] and "Cookie" in headers["Vary"]
    assert headers["ETag"] and headers["Last-Modified"]
    language = "en" if "en" in reader or reader == "language cookie" else "zh-hans"
    assert headers["Content-Language"] == language
    assert ("Strict-Transport-Security" in headers) == (reader == "https")


def test_readers_of_another_language_or_display_never_get_each_others_page(world):
    url = world.published("T01", title="青山镇领导班子分工").get_absolute_url()
    Client().get(url)
    Client().get(url)  # kept, in Chinese
    english = Client().get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english["Content-Language"] == "en"
    large = Client()
    large.cookies["gongkai_display"] = "large"
    assert large.get(url).content != Client().get(url).content


def test_a_conditional_request_for_a_kept_page_is_answered_304(client, world):
    url = world.published("T01", title="青山镇领导班子分工").get_absolute_url()
    first = client.get(url)
    client.get(url)
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_staff_are_never_sent_the_page_kept_for_anonymous_readers(world):
    url = world.published("T01", title="青山镇领导班子分工").get_absolute_url()
    anonymous = Client()
    anonymous.get(url)
    kept = anonymous.get(url)
    staff = Client()
    assert staff.login(username=world.staff.username, password=PASSWORD)
    theirs, queries = _get(staff, url)
    assert theirs.status_code == 200
    assert queries > FRESHNESS_QUERIES
    assert "private" in theirs["Cache-Control"]
    assert "private" not in kept.get("Cache-Control", "")
    assert theirs["ETag"] != kept["ETag"]


def test_a_kept_page_shows_a_new_version_and_a_withdrawal_on_the_next_request(client, world):
    publication = world.published("T01", title="青山镇领导班子分工")
    url = publication.get_absolute_url()
    client.get(url)
    assert "青山镇领导班子分工" in client.get(url).content.decode()

    actions.edit(
        publication,
        by=world.clerk,
        today=TODAY,
        title="青山镇领导班子分工（调整）",
        change_reason="班子成员调整",
    )
    publication.refresh_from_db()
    # A draft saved changes nothing a reader sees: still the kept page.
    response, queries = _get(client, url)
    assert "（调整）" not in response.content.decode() and queries <= FRESHNESS_QUERIES
    world_publish_again(world, publication)
    assert "青山镇领导班子分工（调整）" in client.get(url).content.decode()

    client.get(url)
    actions.withdraw(publication, by=world.reviewer, reason="内容有误")
    assert client.get(url).status_code == 410


def test_control_characters_are_refused_on_a_kept_pages_address(client, world):
    url = f"/info/{world.township.org_code}/"
    client.get(url)
    client.get(url)
    assert client.get(url + "?page=%00").status_code == 400


def test_a_units_list_rows_show_the_same_to_readers_and_staff(world):
    """The list's rows are read as values, by compiled SQL for readers and by the ORM for
    staff: each row links to its page, shows its title, date and badges, the same for both."""
    kept = world.published("T01", title="青山镇领导班子分工")
    repealed = world.published(
        "T01", title="青山镇旧办法", validity="repealed", validity_changed_on=TODAY
    )
    withdrawn = world.published("T01", title="青山镇撤回的通知")
    actions.withdraw(withdrawn, by=world.reviewer, reason="内容有误")
    staff = Client()
    assert staff.login(username=world.staff.username, password=PASSWORD)
    url = f"/info/{world.township.org_code}/"
    for client in (Client(), staff):
        page = client.get(url).content.decode()
        for publication in (kept, repealed, withdrawn):
            link = f'<a href="{publication.get_absolute_url()}">{publication.current.title}</a>'
            assert link in page
        day = kept.first_published_at.astimezone(dt.timezone(dt.timedelta(hours=8)))
        assert f">{day:%Y-%m-%d}</time>" in page
        assert page.count("badge-invalid") == 2  # repealed; withdrawn
        assert "已废止" in page or "Repealed" in page
        assert "已撤回" in page or "Withdrawn" in page
