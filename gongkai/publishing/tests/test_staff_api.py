"""The staff API for office systems: a per-user key acting with that user's roles."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from gongkai.core import tokens
from gongkai.core.models import AuditEvent, SecurityNote
from gongkai.publishing.models import Publication

BASE = "/api/v1/staff/publications"


class Api:
    def __init__(self, user) -> None:
        _token, self.key = tokens.issue(user, name="OA")
        self.client = Client()

    def post(self, path: str, data: dict | None = None):
        return self.client.post(
            path,
            json.dumps(data or {}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {self.key}",
        )


DRAFT = {
    "unit": None,
    "item": "T04",
    "title": "青山镇2026年财政预算",
    "summary": "经镇人民代表大会审查批准的2026年一般公共预算。",
    "body": "<p>2026年一般公共预算收入1280万元，支出1265万元。</p>",
    "topic": "finance",
    "period": "2026",
    "written_on": "2026-07-01",
}


def test_an_office_system_takes_a_budget_from_draft_to_publication(world):
    clerk, reviewer, leader = Api(world.clerk), Api(world.reviewer), Api(world.leader)
    created = clerk.post(BASE, {**DRAFT, "unit": world.township.org_code})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["stage"] == "writing" and created.json()["publish_by"]
    assert clerk.post(f"{BASE}/{pk}/submit").json()["stage"] == "submitted"
    returned = reviewer.post(f"{BASE}/{pk}/return", {"comments": "请补充支出明细。"})
    assert returned.json()["stage"] == "returned"
    assert returned.json()["comments"] == "请补充支出明细。"
    assert clerk.post(f"{BASE}/{pk}/submit").json()["stage"] == "submitted"
    refused = reviewer.post(f"{BASE}/{pk}/approve", {"secrecy_review": {}})
    assert refused.status_code == 400
    checklist = {"no_state_secret": True, "no_superior_document": True, "privacy_lawful": True}
    approved = reviewer.post(f"{BASE}/{pk}/approve", {"secrecy_review": checklist})
    assert approved.json()["stage"] == "approved", approved.content
    assert reviewer.post(f"{BASE}/{pk}/publish").status_code == 400  # no congress approval yet
    congress = leader.post(
        f"{BASE}/{pk}/record-congress-approval",
        {
            "session": "青山镇第二十届人民代表大会第五次会议",
            "held_on": "2026-07-02",
            "resolution": "批准",
        },
    )
    assert congress.status_code == 200, congress.content
    published = reviewer.post(f"{BASE}/{pk}/publish")
    assert published.status_code == 200 and published.json()["index_no"]
    again = reviewer.post(f"{BASE}/{pk}/publish", {"version": 1})
    assert again.status_code == 409  # the loser of a double publish is told
    withdrawn = reviewer.post(f"{BASE}/{pk}/withdraw", {"reason": "数据有误，更正后重新发布"})
    assert withdrawn.json()["status"] == "withdrawn"


def test_refusals_over_the_api(world):
    clerk, other = Api(world.clerk), Api(world.other_clerk)
    created = clerk.post(BASE, {**DRAFT, "item": "T01", "unit": world.township.org_code})
    pk = created.json()["id"]
    # a clerk approving: 403, audited by the action
    assert clerk.post(f"{BASE}/{pk}/approve").status_code == 403
    # a clerk of another township: 404, and the attempt is on record
    assert other.post(f"{BASE}/{pk}/submit").status_code == 404
    publication = Publication.objects.get(pk=pk)
    steps = AuditEvent.objects.for_target(publication).filter(action="publication:refused")
    assert {e.data["step"] for e in steps} == {"approve", "submit"}
    # no key, a bad key, a revoked key: 401 (no valid key); refusals go to the security log
    assert Client().post(f"{BASE}/{pk}/submit").status_code == 401
    bad = Client().post(f"{BASE}/{pk}/submit", HTTP_AUTHORIZATION="Token nope")
    assert bad.status_code == 401
    tokens.revoke(world.clerk.api_tokens.get())
    assert clerk.post(f"{BASE}/{pk}/submit").status_code == 401
    assert SecurityNote.objects.filter(kind="api_key_revoked").exists()
    # bad input is named
    wrong = Api(world.clerk).post(
        BASE, {"unit": world.township.org_code, "item": "T01", "colour": 1}
    )
    assert wrong.status_code == 422 and "colour" in wrong.json()["fields"]
    assert (
        Api(world.clerk)
        .client.post(BASE, "{", content_type="application/json", HTTP_AUTHORIZATION="Token x")
        .status_code
        == 401
    )


def test_an_office_system_masks_one_finding_and_a_reviewer_keeps_another(world):
    clerk, reviewer = Api(world.clerk), Api(world.reviewer)
    created = clerk.post(
        BASE,
        {
            **DRAFT,
            "item": "T01",
            "unit": world.township.org_code,
            "body": "<p>联系人李秀英，身份证号11010519491231002X，电话13907381234。</p>",
        },
    )
    pk = created.json()["id"]
    findings = {f["kind"]: f for f in clerk.post(f"{BASE}/{pk}/submit").json()["open_findings"]}
    assert set(findings) == {"id18", "mobile"}
    # Another township's clerk cannot touch it (reviewers of the unit may mask as well as keep).
    outsider = Api(world.other_clerk).post(f"{BASE}/{pk}/findings/{findings['id18']['id']}/mask")
    assert outsider.status_code in (403, 404)
    masked = clerk.post(f"{BASE}/{pk}/findings/{findings['id18']['id']}/mask")
    assert masked.status_code == 200, masked.content
    assert [f["kind"] for f in masked.json()["open_findings"]] == ["mobile"]
    again = clerk.post(f"{BASE}/{pk}/findings/{findings['id18']['id']}/mask")
    assert again.status_code == 409  # a second call is told it was settled
    no_reason = reviewer.post(f"{BASE}/{pk}/findings/{findings['mobile']['id']}/keep")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    kept = reviewer.post(
        f"{BASE}/{pk}/findings/{findings['mobile']['id']}/keep", {"reason": "本人书面同意公开"}
    )
    assert kept.status_code == 200 and kept.json()["open_findings"] == []
    body = Publication.objects.get(pk=pk).draft.body
    assert "11010519491231002X" not in body and "13907381234" in body


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/staff/publications",
        "/api/v1/staff/publications/{id}/submit",
        "/api/v1/staff/publications/{id}/withdraw",
        "/api/v1/staff/publications/{id}/findings/{finding}/mask",
        "/api/v1/staff/publications/{id}/findings/{finding}/keep",
        "/api/v1/publications/{index_no}/verify",
    ],
)
def test_the_staff_api_is_in_the_openapi_schema(db, path):
    schema = Client().get("/api/v1/openapi.json").json()
    assert path in schema["paths"]


@pytest.mark.parametrize("period", ["2026年上半年", "2026-H3", "H1", "上半年"])
def test_an_office_system_names_the_period_by_its_code_or_gets_the_accepted_forms(world, period):
    clerk = Api(world.clerk)
    refused = clerk.post(BASE, {**DRAFT, "unit": world.township.org_code, "period": period})
    assert refused.status_code == 400
    message = refused.json()["fields"]["period"]  # one message per field in the error shape
    assert all(form in message for form in ("2026-H1", "2026-Q1", "2026-M01"))
    accepted = clerk.post(BASE, {**DRAFT, "unit": world.township.org_code, "period": "2026-H1"})
    assert accepted.status_code == 201
    draft = Publication.objects.get(pk=accepted.json()["id"]).draft
    assert draft.period == "2026年上半年"
