from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils.timezone import localdate

from gongkai.core.models import AuditEvent
from gongkai.info_requests.models import InfoRequest

from .factories import people, received, tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    return tree()


@pytest.fixture
def staff(units):
    return people(units)


@pytest.fixture
def clerk_key(staff) -> str:
    out = io.StringIO()
    call_command("info_request_token", staff["clerk"].username, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def leader_key(staff) -> str:
    out = io.StringIO()
    call_command("info_request_token", staff["leader"].username, stdout=out)
    return out.getvalue().strip()


def payload(unit, **overrides) -> dict:
    return {
        "unit": unit.org_code,
        "applicant_type": "research_institution",
        "name": "示例大学农村发展研究所",
        "contact_person": "钱老师",
        "contact_phone": "0738-8123456",
        "contact_email": "rural@example.edu.cn",
        "description": "申请公开2025年青山镇高标准农田建设项目验收资料。",
        "delivery": "electronic",
        **overrides,
    }


def test_submit_then_follow_with_the_token(client, units, django_assert_max_num_queries):
    response = client.post(
        "/api/v1/info-requests", payload(units["township"]), content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "submitted" and body["due_on"] is None
    code, token = body["tracking_code"], body["token"]
    req = InfoRequest.objects.get(tracking_code=code)
    assert req.applicant_type == "research_institution"
    with django_assert_max_num_queries(3):
        status = client.get(f"/api/v1/info-requests/{code}?token={token}")
    assert status.json()["events"] == [{"type": "submitted", "date": localdate().isoformat()}]
    assert client.get(f"/api/v1/info-requests/{code}?token=nope").status_code == 404
    # The token can travel in a header, out of the address that access logs keep.
    by_header = client.get(f"/api/v1/info-requests/{code}", HTTP_X_TRACKING_TOKEN=token)
    assert by_header.status_code == 200 and by_header.json()["tracking_code"] == code
    wrong = client.get(f"/api/v1/info-requests/{code}", HTTP_X_TRACKING_TOKEN="nope")
    assert wrong.status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "status"),
    [
        # A value outside the listed choices is refused by the schema (422), naming them.
        ({"applicant_type": "alien"}, "applicant_type", 422),
        ({"delivery": "pigeon"}, "delivery", 422),
        # The form's own rules answer 400.
        ({"unit": "XXXXXXXXX"}, "unit", 400),
        ({"name": ""}, "name", 400),
        ({"contact_email": "not-an-email"}, "contact_email", 400),
    ],
)
def test_bad_input_is_a_clear_error_and_nothing_is_recorded(client, units, change, field, status):
    response = client.post(
        "/api/v1/info-requests",
        payload(units["township"]) | change,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == status
    assert field in response.json()["fields"]
    assert not InfoRequest.objects.exists()


def test_malformed_or_oversized_bodies_are_refused(client):
    assert (
        client.post("/api/v1/info-requests", "{oops", content_type="application/json").status_code
        == 400
    )
    assert (
        client.post("/api/v1/info-requests", "[1]", content_type="application/json").status_code
        == 422
    )
    big = '{"description": "' + "字" * 40000 + '"}'
    response = client.post("/api/v1/info-requests", big, content_type="application/json")
    assert response.status_code == 422 and "description" in response.json()["fields"]
    assert not InfoRequest.objects.exists()


def test_staff_record_the_clock_through_the_api(client, units, clerk_key, leader_key):
    auth = {"HTTP_AUTHORIZATION": f"Token {clerk_key}"}
    leader = {"HTTP_AUTHORIZATION": f"Token {leader_key}"}
    created = client.post(
        "/api/v1/staff/info-requests",
        payload(units["township"], channel="registered_post", received_on="2026-03-02"),
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    code = created.json()["tracking_code"]
    url = f"/api/v1/staff/info-requests/{code}/events"

    def post(by=auth, **body):
        return client.post(url, body, content_type="application/json", **by)

    assert (
        post(type="consult_start", date="2026-03-05", party="某公司").json()["third_party_deadline"]
        == "2026-03-26"
    )
    assert post(type="consult_end", date="2026-03-12").json()["due_on"] == "2026-04-07"
    # The head of the disclosure office approves an extension from their own account.
    assert post(type="extend", date="2026-03-13", days=10, reason="调档").status_code == 403
    extended = post(by=leader, type="extend", date="2026-03-13", days=10, reason="调档").json()
    assert extended["due_on"] == "2026-04-21"
    assert extended["events"][-1] == {
        "type": "extend",
        "date": "2026-03-13",
        "due_before": "2026-04-07",
        "due_after": "2026-04-21",
        "days": 10,
    }
    again = post(by=leader, type="extend", date="2026-03-14", reason="再延")
    assert again.status_code == 400
    drafted = post(
        type="reply", date="2026-03-20", outcome="本机关不掌握相关政府信息", reasons="经检索不存在"
    )
    assert (drafted.json()["status"], drafted.json()["outcome"]) == ("reply_pending", None)
    # The author cannot sign off their own reply; a leader of the unit does.
    assert post(type="sign_off", date="2026-03-20").status_code == 403
    replied = post(by=leader, type="sign_off", date="2026-03-23")
    assert replied.status_code == 200, replied.content
    assert replied.json()["status"] == "replied"
    assert replied.json()["outcome"] == "本机关不掌握相关政府信息"
    assert replied.json()["events"][-1]["type"] == "sign_off"


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (
            {"type": "reply", "outcome": "予以公开", "date": "2026-02-27"},
            400,
            "before the previous step",
        ),
        ({"type": "corrected"}, 400, "No clarification"),
        ({"type": "extend", "days": 30}, 400, "1 to 20"),
        ({"type": "sign_off"}, 400, "No drafted reply"),
        # What the schema refuses is 422, naming the field (and the accepted values).
        ({"type": "extend", "days": "many"}, 422, "whole number"),
        ({"type": "reply", "outcome": "随便"}, 422, "属于国家秘密"),
        ({"type": "teleport"}, 422, "consult_start"),
        ({"type": "receive", "date": "2026-13-01"}, 422, "YYYY-MM-DD"),
        ({"type": "reply", "outcome": "予以公开", "colour": "red"}, 422, "colour"),
        ({"type": "reply", "outcome": "予以公开", "party": "某公司"}, 400, "Unknown fields"),
    ],
)
def test_steps_out_of_order_leave_the_clock_unchanged(
    client, units, staff, leader_key, body, status, message
):
    req = received(units["township"], dt.date(2026, 3, 2))
    response = client.post(
        f"/api/v1/staff/info-requests/{req.tracking_code}/events",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {leader_key}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == status
    assert message in response.json()["error"] + str(response.json().get("fields", ""))
    req.refresh_from_db()
    assert (req.stage, req.due_on, req.events.count()) == ("received", dt.date(2026, 3, 30), 2)


def test_the_staff_api_needs_a_valid_key_of_a_handler(client, units, staff):
    req = received(units["township"], dt.date(2026, 3, 2))
    url = f"/api/v1/staff/info-requests/{req.tracking_code}/events"
    # No key or a bad one is 401, as everywhere in the API (this API used to answer 403).
    assert client.post(url, {"type": "reply"}, content_type="application/json").status_code == 401
    bad = client.post(
        url, {"type": "reply"}, content_type="application/json", HTTP_AUTHORIZATION="Token nope"
    )
    assert bad.status_code == 401
    out = io.StringIO()
    call_command("info_request_token", staff["other_clerk"].username, stdout=out)
    other = client.post(
        url,
        {"type": "reply", "outcome": "予以公开"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}",
    )
    assert other.status_code == 403


def test_the_schema_documents_the_endpoints(client):
    schema = client.get("/api/v1/info-requests/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/v1/info-requests",
        "/api/v1/info-requests/{tracking_code}",
        "/api/v1/staff/info-requests",
        "/api/v1/staff/info-requests/{tracking_code}/events",
    }
    step = schema["paths"]["/api/v1/staff/info-requests/{tracking_code}/events"]["post"][
        "requestBody"
    ]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    outcome = schema["components"]["schemas"][step]["properties"]["outcome"]
    assert "属于国家秘密" in next(option["enum"] for option in outcome["anyOf"] if "enum" in option)


def test_the_api_refuses_a_refusal_without_reasons_and_basis(client, units, staff, clerk_key):
    req = received(units["township"], dt.date(2026, 3, 2))
    url = f"/api/v1/staff/info-requests/{req.tracking_code}/events"
    auth = {"HTTP_AUTHORIZATION": f"Token {clerk_key}", "HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    body = {"type": "reply", "date": "2026-03-03", "outcome": "属于国家秘密", "reasons": "密"}
    refused = client.post(url, body, content_type="application/json", **auth)
    assert refused.status_code == 400
    assert "法律依据" in refused.json()["error"]
    body["legal_basis"] = "《中华人民共和国政府信息公开条例》第十四条"
    drafted = client.post(url, body, content_type="application/json", **auth)
    assert drafted.json()["status"] == "reply_pending"


def test_fee_notice_and_payment_move_the_due_date_through_the_api(client, units, clerk_key):
    req = received(units["township"], dt.date(2026, 3, 2))
    url = f"/api/v1/staff/info-requests/{req.tracking_code}/events"
    auth = {"HTTP_AUTHORIZATION": f"Token {clerk_key}"}

    def post(**body):
        return client.post(url, body, content_type="application/json", **auth).json()

    # Due 03-30; while the applicant may pay (until 04-02), the due date is counted as if
    # paid on the last day.
    noticed = post(type="fee_notice", date="2026-03-05", method="pages", quantity=120)
    assert noticed["due_on"] == "2026-04-28"
    # Paid 03-10: 03-06, 03-09 and 03-10 are not counted.
    assert post(type="fee_paid", date="2026-03-10")["due_on"] == "2026-04-02"


def test_tracking_with_the_phones_last_four_digits_shows_status_and_due_date_only(client, units):
    from django.core.cache import cache

    cache.clear()
    req = received(units["township"], dt.date(2026, 3, 2))
    last4 = "".join(c for c in req.contact_phone if c.isdigit())[-4:]
    url = f"/api/v1/info-requests/{req.tracking_code.lower()}"
    found = client.get(url, {"phone_last4": last4})
    assert found.status_code == 200
    assert found.json() == {"status": "received", "due_on": "2026-03-30"}
    wrong = "0000" if last4 != "0000" else "1111"
    assert client.get(url, {"phone_last4": wrong}).status_code == 404
    assert client.get("/api/v1/info-requests/2026NOSUCH", {"phone_last4": last4}).status_code == (
        404
    )
    rows = (InfoRequest.objects.count(), AuditEvent.objects.count())
    for _ in range(10):
        client.get(url, {"phone_last4": wrong})
    # Rate-limited: even the right pair waits now; the tries left no rows behind.
    limited = client.get(url, {"phone_last4": last4})
    assert limited.status_code == 429
    assert (InfoRequest.objects.count(), AuditEvent.objects.count()) == rows
    cache.clear()
