"""The public read API returns what the portal shows, and never an internal publication."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.publishing import actions

from . import files
from .test_visibility import client_for


@pytest.fixture
def published(world):
    public = world.draft(
        "T04",
        title="2026年财政预算公开",
        topic="finance",
        period="2026年度",
        approval_reference="2026年1月9日乡人民代表大会审查批准",
        files=actions.Uploads(
            attachments=[files.pdf("预算说明.pdf")],
            attachment_titles=["2026年部门预算说明"],
            tables=[("预算收支表", files.csv_file("项目,金额\n农林水支出,1940.0\n"))],
        ),
    )
    world.publish(public)
    internal = world.draft(
        "I03", title="上半年公务接待费开支", topic="finance", period="2026年上半年"
    )
    world.publish(internal)
    return public, internal


def test_units_and_the_catalog_of_a_unit(world):
    client = Client()
    units = client.get("/api/v1/units").json()
    codes = {u["code"]: u for u in units["items"]}
    assert codes[world.township.org_code]["parent"] == world.county.org_code
    assert units["next"] is None
    catalog = client.get(f"/api/v1/catalog?unit={world.township.org_code}").json()
    budget = next(i for i in catalog["items"] if i["key"] == "T04")
    assert budget["level2"] == "年度财政预算和财政收支情况"
    assert budget["approval"] == "congress" and "政府网站" in budget["channels"]
    assert client.get("/api/v1/catalog").status_code == 422  # the schema requires ?unit=
    assert client.get("/api/v1/catalog?unit=XXXXXXXXX").status_code == 404


def test_publications_are_public_only_even_for_the_units_staff(world, published):
    public, internal = published
    for client in (Client(), client_for(world.staff)):
        listed = client.get(f"/api/v1/publications?unit={world.township.org_code}").json()
        assert [p["index_no"] for p in listed["items"]] == [public.index_no]
        assert client.get(f"/api/v1/publications/{internal.index_no}").status_code == 404


@pytest.mark.parametrize("encode", [False, True])
def test_one_publication_with_what_the_page_shows(world, published, encode):
    public, _internal = published
    index_no = public.index_no.replace("/", "%2F") if encode else public.index_no
    data = Client().get(f"/api/v1/publications/{index_no}").json()
    page = Client().get(public.get_absolute_url()).content.decode()
    assert data["index_no"] == public.index_no
    for value in (data["title"], data["summary"], data["publisher_name"], data["period"]):
        assert value in page
    assert data["tables"][0]["rows"] == [["农林水支出", "1940.0"]]
    assert data["attachments"][0]["name"] == "预算说明.pdf"
    assert Client().get(data["tables"][0]["csv_url"]).status_code == 200
    assert Client().get(data["attachments"][0]["url"]).status_code == 200
    assert [v["version"] for v in data["versions"]] == [1]


def test_paging_filters_and_bad_parameters(world, published, django_assert_max_num_queries):
    for n in range(21):
        world.publish(world.draft(title=f"第{n}条"))
    client = Client()
    with django_assert_max_num_queries(3):
        first = client.get("/api/v1/publications").json()
    assert len(first["items"]) == 20 and first["next"].endswith("page=2")
    second = client.get(first["next"]).json()
    assert len(second["items"]) == 2 and second["next"] is None
    by_item = client.get(f"/api/v1/publications?item={published[0].item_id}").json()
    assert [p["title"] for p in by_item["items"]] == ["2026年财政预算公开"]
    assert client.get("/api/v1/publications?since=2999-01-01").json()["items"] == []
    for bad in ("since=yesterday", "page=x", "item=T04"):
        # Refused by the schema before any code runs, naming the parameter.
        answer = client.get(f"/api/v1/publications?{bad}")
        assert answer.status_code == 422 and bad.split("=")[0] in answer.json()["fields"]


def test_the_schema_describes_every_path(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/units",
        "/api/v1/catalog",
        "/api/v1/publications",
        "/api/v1/publications/{index_no}",
    ):
        assert path in schema["paths"]
