"""A published version's document is rendered once, when it is published, and kept: the
publication page is then a lookup of a few rows, whatever the document holds (tables, files,
a long body), and a reader's request never writes."""

from __future__ import annotations

from django.core.cache import caches
from django.core.management import call_command
from django.test.utils import CaptureQueriesContext

from gongkai.catalog import actions as catalog_actions
from gongkai.publishing import actions
from gongkai.publishing.models import RenderedDocument
from gongkai.publishing.rendering import forget_rendered

from .conftest import TODAY

# Rendered with its document stored: the validator's two reads, the publication with its
# unit, item and current version, the stored document, and what the page shows around it
# (the unit's parents, the layout's county, postings, ratings and comments).
# The 9 above, the meeting whose decisions a page may publish, and the interpretations (政策解读)
# of it, which are not part of the stored document (the policy a version explains is one more
# read, only on an interpretation's page).
PUBLICATION_PAGE_QUERIES = 11


def _rendered(client, url: str) -> str:
    """The page rendered, not taken from the page cache."""
    caches["pages"].clear()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, url: str) -> list[str]:
    from django.db import connection

    caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _stored(publication) -> dict[str, str]:
    return dict(
        RenderedDocument.objects.filter(version=publication.current).values_list("language", "key")
    )


def test_publishing_stores_the_document_in_every_language(client, world):
    publication = world.published("T01", title="青山镇领导班子分工")
    assert set(_stored(publication)) == {"zh-hans", "en"}
    html = RenderedDocument.objects.get(version=publication.current, language="zh-hans").html
    assert "党委书记主持全面工作。" in html
    assert "索引号" in html


def test_a_readers_request_writes_nothing(client, world):
    publication = world.published("T01", title="青山镇领导班子分工")
    sql = _queries(client, publication.get_absolute_url())
    assert not [q for q in sql if not q.lstrip().upper().startswith("SELECT")]


def test_the_publication_page_reads_its_stored_document_in_a_few_queries(
    client, world, django_assert_max_num_queries
):
    publication = world.published("T01", title="青山镇领导班子分工")
    url = publication.get_absolute_url()
    first = _rendered(client, url)

    with django_assert_max_num_queries(PUBLICATION_PAGE_QUERIES):
        again = _rendered(client, url)
    assert again == first
    assert "党委书记主持全面工作。" in again
    # The files and tables are in the stored document: not read again.
    sql = " ".join(_queries(client, url))
    assert "publishing_attachment" not in sql
    assert "publishing_publicationtable" not in sql


def test_a_renamed_catalog_item_renders_the_document_afresh(client, world):
    publication = world.published("T01", title="青山镇领导班子分工")
    url = publication.get_absolute_url()
    before = _stored(publication)
    item = world.item("T01")
    catalog_actions.update_item(item, by=None, level2="领导班子成员及分工（新）")
    assert "领导班子成员及分工（新）" in _rendered(client, url)
    assert _stored(publication) == before  # rendered for the reader, not written

    call_command("render_documents", stdout=None, stderr=None)
    after = _stored(publication)
    assert set(after) == {"zh-hans", "en"}
    assert after["zh-hans"] != before["zh-hans"]
    stored = RenderedDocument.objects.get(version=publication.current, language="zh-hans").html
    assert "领导班子成员及分工（新）" in stored
    assert "领导班子成员及分工（新）" in _rendered(client, url)


def test_documents_published_before_they_were_kept_are_stored_by_the_command(client, world):
    publication = world.published("T01", title="青山镇领导班子分工")
    url = publication.get_absolute_url()
    first = _rendered(client, url)
    RenderedDocument.objects.all().delete()
    assert _rendered(client, url) == first  # rendered for the reader
    assert not RenderedDocument.objects.exists()

    call_command("render_documents", stdout=None, stderr=None)
    assert set(_stored(publication)) == {"zh-hans", "en"}
    assert _rendered(client, url) == first


def test_each_language_keeps_its_own_document(client, world):
    publication = world.published("T01", title="青山镇领导班子分工")
    url = publication.get_absolute_url()
    chinese = _rendered(client, url)
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "索引号" in chinese
    assert "Index number" in english
    assert "索引号" in _rendered(client, url)


def test_forgetting_drops_the_stored_document_and_the_page_renders_it_again(client, world):
    publication = world.published("T01", title="青山镇领导班子分工")
    url = publication.get_absolute_url()
    first = _rendered(client, url)
    forget_rendered(publication.current)
    assert not RenderedDocument.objects.filter(version=publication.current).exists()
    assert _rendered(client, url) == first
    assert not RenderedDocument.objects.filter(version=publication.current).exists()


def test_a_new_version_is_rendered_for_itself_and_the_old_one_stays_as_published(client, world):
    publication = world.published("T01", title="青山镇领导班子分工")
    url = publication.get_absolute_url()
    _rendered(client, url)
    actions.edit(
        publication,
        by=world.clerk,
        today=TODAY,
        body="<p>第二版正文。</p>",
        change_reason="更正分工",
    )
    publication.refresh_from_db()
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
    current = _rendered(client, url)
    assert "第二版正文。" in current
    assert "党委书记主持全面工作。" not in current
    assert "党委书记主持全面工作。" in _rendered(client, f"{url}v1/")


def test_the_catalog_tree_shows_an_items_columns_as_last_edited(client, world):
    world.published("T01", title="青山镇领导班子分工")
    url = f"/disclosure/{world.township.org_code}/proactive/"
    item = world.item("T01")
    assert item.content in _rendered(client, url)
    catalog_actions.update_item(item, by=None, content="领导班子成员姓名、职务、分工及照片")
    assert "领导班子成员姓名、职务、分工及照片" in _rendered(client, url)
