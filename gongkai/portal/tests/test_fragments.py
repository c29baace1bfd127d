"""Parts of public pages kept between requests (the layout's header and footer, breadcrumbs, a
unit's catalog tree, the home page's newest publications and townships) show a change on the
very next request, as the whole page does.

The rendered-page cache is emptied before each request here, so what is measured is the page
rendered with its kept parts: the kept parts save queries, and never hide a change.
"""

from __future__ import annotations

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.core import actions as core_actions
from gongkai.publishing import actions

from .conftest import World


def _rendered(client: Client, url: str) -> tuple[str, int]:
    """The page rendered (not from the page cache), and how many queries it ran."""
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(captured.captured_queries)


def test_the_catalog_tree_is_kept_and_a_new_publication_shows_on_the_next_request(
    client, world: World
):
    url = f"/disclosure/{world.township.org_code}/proactive/"
    world.published("T01", title="青山镇领导班子分工")
    first, first_queries = _rendered(client, url)
    again, kept_queries = _rendered(client, url)
    assert again == first
    assert kept_queries < first_queries

    world.published("T01", title="青山镇新的分工")
    html, _queries = _rendered(client, url)
    assert "青山镇新的分工" in html


def test_a_withdrawal_shows_in_the_kept_catalog_tree_and_home_page_at_once(client, world: World):
    publication = world.published("T01", title="青山镇领导班子分工")
    tree = f"/disclosure/{world.township.org_code}/proactive/"
    for url in (tree, "/"):
        html, _queries = _rendered(client, url)
        assert "青山镇领导班子分工" in html
        assert "badge-invalid" not in html

    actions.withdraw(publication, by=world.reviewer, reason="内容有误")

    for url in (tree, "/"):
        html, _queries = _rendered(client, url)
        assert "已撤回" in html, url
    assert client.get(publication.get_absolute_url()).status_code == 410


def test_the_home_pages_newest_publications_are_kept_until_something_is_published(
    client, world: World
):
    world.published("T01", title="青山镇领导班子分工")
    first, first_queries = _rendered(client, "/")
    again, kept_queries = _rendered(client, "/")
    assert again == first
    assert kept_queries < first_queries

    world.published("O03", unit=world.office, title="财政所新公开的文件")
    html, _queries = _rendered(client, "/")
    assert "财政所新公开的文件" in html


def test_a_renamed_county_shows_in_the_kept_header_footer_and_home_page_at_once(
    client, world: World
):
    publication = world.published("T01", title="青山镇领导班子分工")
    page = publication.get_absolute_url()
    for url in (page, "/"):
        html, _queries = _rendered(client, url)
        assert world.county.name in html

    core_actions.update_unit(world.county, by=None, name="示例新县人民政府", short_name="示例新县")

    for url in (page, "/", f"/info/{world.township.org_code}/"):
        html, _queries = _rendered(client, url)
        assert "示例新县人民政府" in html, url


def test_a_renamed_township_shows_in_the_kept_breadcrumbs_at_once(client, world: World):
    publication = world.published("T01", title="青山镇领导班子分工")
    page = publication.get_absolute_url()
    html, _queries = _rendered(client, page)
    assert world.township.short_name in html

    core_actions.update_unit(world.township, by=None, short_name="青山新镇")

    html, _queries = _rendered(client, page)
    crumbs = html.split('class="breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert "青山新镇" in crumbs


def test_a_kept_fragment_is_never_served_in_another_language(client, world: World):
    world.published("T01", title="青山镇领导班子分工")
    chinese, _queries = _rendered(client, "/")
    client.cookies["django_language"] = "en"
    english, _queries = _rendered(client, "/")
    assert "最新信息" in chinese and "Latest publications" not in chinese
    assert "Latest publications" in english and "最新信息" not in english
    # The layout's navigation too.
    assert "Apply for information" in english and "Apply for information" not in chinese
