"""The search page and GET /api/v1/search, as a reader meets them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.middleware import CONTROL
from gongkai.core.models import Role
from gongkai.core.tests.factories import county, member, township, village
from gongkai.search import index
from gongkai.search.index import Audience, Validity

from .conftest import make_document

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def tree(db):
    root = county(name="示例县人民政府")
    town = township(root, name="示例县青山镇人民政府", short_name="青山镇")
    other = township(root, name="示例县白水乡人民政府", short_name="白水乡")
    return {"county": root, "town": town, "village": village(town), "other": other}


def put(unit, **fields) -> index.Document:
    doc = make_document(unit_id=unit.pk, unit_path=unit.path, unit_name=unit.name, **fields)
    index.index_document(doc)
    return doc


def test_the_search_page_shows_highlighted_results(client, tree):
    doc = put(
        tree["town"],
        title="关于城乡低保对象的公示",
        body="经审核，以下家庭纳入城乡低保。",
        topic="民政、扶贫、救灾",
    )
    page = client.get("/search/", {"q": "低保"}, **EN).content.decode()
    assert f'href="{doc.url}"' in page
    assert "关于城乡<mark>低保</mark>对象的公示" in page
    assert "纳入城乡<mark>低保</mark>。" in page
    assert "示例县青山镇人民政府" in page
    assert "1 result" in page
    assert "Current" in page or "current" in page


def test_the_page_is_chinese_by_default(client, tree):
    put(tree["town"], title="低保公示", validity=Validity.REPEALED)
    page = client.get("/search/", {"q": "低保"}).content.decode()
    assert "搜索" in page
    assert "已废止" in page


def test_an_empty_result_says_so_and_suggests_what_to_do(client, tree):
    page = client.get("/search/", {"q": "不存在的词语"}, **EN).content.decode()
    assert "No results" in page
    assert "Nothing matches your search." in page


def test_punctuation_only_asks_for_a_word(client, tree):
    response = client.get("/search/", {"q": "“”！？…"}, **EN)
    assert response.status_code == 200
    assert "your search had no letters or digits" in response.content.decode()


def test_the_search_page_without_a_query_shows_only_the_form(client, tree):
    page = client.get("/search/", **EN).content.decode()
    assert page.count('name="q"') == 1  # the header's box gives way to the page's own
    assert 'role="search"' in page
    assert "results-heading" not in page


def test_every_portal_page_has_the_search_box(client, tree):
    page = client.get("/").content.decode()
    assert 'action="/search/"' in page
    assert 'id="site-search"' in page


def test_the_unit_filter_takes_an_organisation_code_and_its_subtree(client, tree):
    in_village = put(tree["village"], title="村级财务预算公开")
    elsewhere = put(tree["other"], title="乡级财务预算公开")
    page = client.get(
        "/search/", {"q": "预算", "unit": tree["town"].org_code}, **EN
    ).content.decode()
    assert in_village.url in page
    assert elsewhere.url not in page


def test_filters_narrow_the_page(client, tree):
    old = put(tree["town"], title="扶贫项目公示", date=date(2019, 1, 1))
    new = put(tree["town"], title="扶贫项目公示", date=date(2024, 1, 1), validity=Validity.EXPIRED)
    page = client.get(
        "/search/", {"q": "扶贫", "date_from": "2020-01-01", "validity": "expired"}, **EN
    ).content.decode()
    assert new.url in page and old.url not in page


def test_bad_filters_are_explained_not_an_error(client, tree):
    response = client.get(
        "/search/",
        {"q": "低保", "unit": "NOSUCHUNIT", "date_from": "2024-13-45", "page": "x"},
        **EN,
    )
    assert response.status_code == 200
    assert "Please correct the search filters." in response.content.decode()


def test_pages_link_to_each_other_keeping_the_query(client, tree):
    for day in range(1, 26):
        put(tree["town"], title=f"村委会会议纪要{day}", date=date(2024, 1, day))
    first = client.get("/search/", {"q": "村委会"}, **EN).content.decode()
    assert "25 results" in first
    assert "?q=%E6%9D%91%E5%A7%94%E4%BC%9A&amp;page=2" in first
    second = client.get("/search/", {"q": "村委会", "page": 2}, **EN).content.decode()
    assert 'start="21"' in second
    assert "会议纪要5</a>" in second and "会议纪要6</a>" not in second
    beyond = client.get("/search/", {"q": "村委会", "page": 9}, **EN).content.decode()
    assert "past the last one" in beyond


def test_internal_documents_reach_only_their_staff(client, tree):
    doc = put(
        tree["town"],
        title="公务接待清单",
        audience=Audience.INTERNAL,
        reader_unit_id=tree["town"].pk,
    )
    assert doc.url not in client.get("/search/", {"q": "接待"}).content.decode()

    outsider = member(tree["other"], Role.INTERNAL_STAFF)
    client.force_login(outsider)
    assert doc.url not in client.get("/search/", {"q": "接待"}).content.decode()
    assert client.get("/api/v1/search", {"q": "接待"}).json()["total"] == 0

    staff = member(tree["town"], Role.INTERNAL_STAFF)
    client.force_login(staff)
    assert doc.url in client.get("/search/", {"q": "接待"}).content.decode()
    api = client.get("/api/v1/search", {"q": "接待"}).json()
    assert [hit["title"] for hit in api["results"]] == ["公务接待清单"]
    assert api["results"][0]["internal"] is True


def test_the_api_returns_the_same_results_as_json(client, tree, django_assert_max_num_queries):
    docs = [put(tree["town"], title=f"低保资金发放第{n}批", date=date(2024, 2, n)) for n in (1, 2)]
    put(tree["other"], title="低保资金发放（白水乡）")
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/search", {"q": "低保", "unit": tree["town"].org_code})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert (data["total"], data["total_exact"], data["page"], data["num_pages"]) == (
        2,
        True,
        1,
        1,
    )
    first = data["results"][0]
    assert first["key"] == docs[1].key
    assert first["title_html"] == "<mark>低保</mark>资金发放第2批"
    assert first["unit"] == {"id": tree["town"].pk, "name": "示例县青山镇人民政府"}
    assert first["date"] == "2024-02-02"
    assert first["validity"] == "current"
    page = client.get("/search/", {"q": "低保", "unit": tree["town"].org_code}).content.decode()
    assert [d.url in page for d in docs] == [True, True]


def test_the_api_refuses_bad_parameters_with_400(client, tree):
    response = client.get("/api/v1/search", {"q": "低保", "unit": "NOSUCHUNIT"})
    assert response.status_code == 400
    assert "unit" in response.json()["fields"]


def test_the_api_without_a_query_answers_empty(client, tree):
    data = client.get("/api/v1/search").json()
    assert (data["total"], data["results"]) == (0, [])


def test_other_api_endpoints_still_resolve_after_ours():
    from django.urls import resolve

    assert resolve("/api/v1/search").url_name == "search"
    assert resolve("/api/v1/info-requests").url_name != "search"


@pytest.fixture
def corpus(tree):
    """A few documents, so fuzzed queries reach the counting, paging and snippets."""
    put(tree["town"], title="低保资金公示", body="根据娄星办发〔2023〕5号文件，预算“三公”经费。")
    put(
        tree["town"],
        title="内部",
        body="扶贫 宅基地 *NOT*",
        audience=Audience.INTERNAL,
        reader_unit_id=tree["town"].pk,
    )
    put(tree["village"], title="AND OR NOT NEAR", body='"quoted" (paren) {col}: ^start')
    return tree["town"]


NASTY = [
    '"',
    '""',
    "'",
    "*",
    "低*",
    "NOT 低保",
    "低保 OR 预算",
    "AND",
    "(低保",
    "{title}: 低保",
    "title:低保",
    "^低保",
    "NEAR(低保 预算)",
    "-低保",
    "+",
    "\x00",
    "低\x00保",
    "\x1b[31m低保",
    "\u200b低\u200b保",
    "低" * 5000,
    "低保 " * 500,
    "，。！？、；：",
    "<script>alert(1)</script>",
    "%",
    "_",
    "\\",
    "'; DROP TABLE search_searchdocument; --",
    "\ud7ff\ue000\U0010ffff",
]


@pytest.mark.parametrize("query", NASTY)
def test_awkward_queries_give_a_page_and_json_never_an_error(client, tree, query):
    put(tree["town"], title="低保资金公示", body="预算")
    page = client.get("/search/", {"q": query})
    api = client.get("/api/v1/search", {"q": query})
    if CONTROL.search(
        query
    ):  # a page refuses it with a clear message; the API reads NUL as a space
        assert page.status_code == 400
        assert "控制字符" in page.content.decode()
        assert api.status_code == 200
        return
    assert page.status_code == 200
    assert api.status_code == 200
    assert isinstance(api.json()["total"], int)


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.text(
        alphabet=st.characters(codec="utf-8", categories=None),
        max_size=300,
    )
    | st.text(alphabet="低保预算扶贫宅基 \"*():^{}-+ANDORNOTnear\\'\x00\t，。〔〕", max_size=60)
)
def test_fuzzed_queries_never_break_the_search(client, corpus, query):
    response = client.get("/api/v1/search", {"q": query})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] >= len(data["results"])
    results = index.search(query.replace("\x00", " "), user_scope={corpus.pk})
    assert results.total >= len(results.hits)
