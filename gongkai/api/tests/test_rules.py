"""The API's common rules: one key authentication, one error shape, one list shape, paging."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from gongkai.api import units as units_router
from gongkai.core import tokens
from gongkai.core.models import AuditEvent, SecurityNote
from gongkai.core.tests.factories import UserFactory
from gongkai.publishing.models import Publication

CREATE = "/api/v1/staff/publications"


def draft(world) -> str:
    return json.dumps(
        {
            "unit": world.township.org_code,
            "item": "T01",
            "topic": "organisation",
            "title": "青山镇人民政府领导班子成员工作分工",
            "summary": "镇长、副镇长分管工作。",
        }
    )


def create(client: Client, world, **headers):
    return client.post(CREATE, draft(world), content_type="application/json", **headers)


def is_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "fields"} and body["error"]
    return body


@pytest.mark.parametrize("scheme", ["Token", "Bearer"])
def test_a_valid_key_acts_for_its_user_with_either_scheme(world, scheme):
    _token, key = tokens.issue(world.clerk)
    created = create(Client(), world, HTTP_AUTHORIZATION=f"{scheme} {key}")
    assert created.status_code == 201
    assert Publication.objects.get().created_by == world.clerk


@pytest.mark.parametrize("header", [None, "Token wrong-key", "Bearer wrong-key", "Basic abc"])
def test_no_key_or_a_wrong_one_is_401_and_nothing_is_written(world, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    is_error(create(Client(), world, **extra), 401)
    assert not Publication.objects.exists()


def test_a_wrong_key_is_counted_in_the_security_log_not_audited(world):
    audited = AuditEvent.objects.count()
    create(Client(), world, HTTP_AUTHORIZATION="Token wrong-key")
    assert SecurityNote.objects.filter(kind="api_key_unknown").exists()
    assert AuditEvent.objects.count() == audited


def test_a_key_whose_user_lacks_the_role_is_403(world):
    _token, key = tokens.issue(world.reviewer)  # a reviewer may not draft
    refused = is_error(create(Client(), world, HTTP_AUTHORIZATION=f"Token {key}"), 403)
    assert "经办人" in refused["error"]  # "only a clerk of this unit may draft", in Chinese
    _token, nobody = tokens.issue(UserFactory())  # no role anywhere
    is_error(create(Client(), world, HTTP_AUTHORIZATION=f"Token {nobody}"), 403)
    assert not Publication.objects.exists()


def test_a_session_cookie_without_the_key_never_makes_a_change(world):
    # A forged cross-site form carries the cookie but no CSRF token and no key.
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk)
    is_error(create(client, world), 401)
    is_error(client.post("/api/v1/staff/info-requests", {}, content_type="application/json"), 401)
    assert not Publication.objects.exists()


def test_an_unknown_path_and_a_missing_publication_are_json_404s(db):
    is_error(Client().get("/api/v1/no-such-thing"), 404)
    missing = is_error(Client().get("/api/v1/publications/100000000/2026-00001"), 404)
    assert "index number" in missing["error"] or "索引号" in missing["error"]


def test_an_unknown_method_is_a_json_405_not_the_csrf_page(db):
    client = Client(enforce_csrf_checks=True)
    answer = is_error(client.delete("/api/v1/units"), 405)
    assert "GET" in answer["error"]
    assert client.delete("/api/v1/units")["Allow"] == "GET"
    is_error(client.post("/api/v1/publications", {}), 405)


@pytest.mark.parametrize(
    ("language", "words"), [("en", "Choose one of"), ("zh-hans", "请从以下选项中选择")]
)
def test_a_bad_choice_is_422_naming_the_field_and_the_accepted_values(world, language, words):
    _token, key = tokens.issue(world.clerk)
    body = json.loads(draft(world)) | {"topic": "weather", "colour": "red"}
    answer = is_error(
        Client().post(
            CREATE,
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {key}",
            HTTP_ACCEPT_LANGUAGE=language,
        ),
        422,
    )
    assert words in answer["fields"]["topic"]
    assert "organisation" in answer["fields"]["topic"] and "finance" in answer["fields"]["topic"]
    assert "colour" in answer["fields"]


def test_a_server_error_is_json_too(db, monkeypatch):
    def broken(unit, codes):
        raise RuntimeError("a bug")

    monkeypatch.setattr(units_router, "_unit", broken)
    county = Client().get("/api/v1/units")
    if county.status_code == 200:  # no unit to serialise: make one
        from gongkai.core.tests.factories import county as make_county

        make_county()
        county = Client().get("/api/v1/units")
    answer = is_error(county, 500)
    assert "a bug" not in answer["error"]


def test_lists_have_one_shape_and_pages_are_bounded(world):
    client = Client()
    units = client.get("/api/v1/units").json()
    assert set(units) == {"items", "next"} and units["next"] is None
    beyond = client.get("/api/v1/publications?page=9999").json()
    assert beyond == {"items": [], "next": None}
    for page in ("99999999999999999999", "0", "-1", "x"):
        answer = is_error(client.get(f"/api/v1/publications?page={page}"), 422)
        assert "page" in answer["fields"]
    huge = is_error(client.get("/api/v1/publications?item=99999999999999999999"), 422)
    assert "item" in huge["fields"]


def test_the_schema_lists_every_topic_and_documents_every_answer(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/search" in schema["paths"]
    assert "/api/v1/annual-reports/{org_code}/{year}" in schema["paths"]
    create = schema["paths"][CREATE]["post"]
    assert set(create["responses"]) >= {"201", "400", "401", "403", "422"}
    draft_schema = schema["components"]["schemas"]["NewDraft"]["properties"]["topic"]
    assert len(draft_schema["enum"]) == 22
    assert schema["components"]["securitySchemes"]["TokenAuth"]["name"] == "Authorization"
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200 and b"/static/ninja/swagger-ui-bundle.js" in docs.content
    assert b"cdn" not in docs.content.lower()


def test_a_nul_character_is_never_a_server_error(world):
    # PostgreSQL text cannot hold NUL; it becomes a space before any query.
    is_error(Client().get("/api/v1/catalog?unit=%00"), 404)
    assert Client().get("/api/v1/publications?unit=%00").json() == {"items": [], "next": None}
    _token, key = tokens.issue(world.clerk)
    body = json.loads(draft(world)) | {"title": "领导\u0000分工"}
    created = Client().post(
        CREATE, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert created.status_code == 201
    assert Publication.objects.get().draft.title == "领导 分工"
