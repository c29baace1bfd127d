"""The JSON API of the contract, reached before publishing's catch-all publication route."""

from __future__ import annotations

import json

from django.test import Client

from gongkai.evaluation.models import ErrorReport, Rating
from gongkai.publishing import actions as publishing_actions


def post(client: Client, path: str, data: dict, **extra):
    return client.post(path, json.dumps(data), content_type="application/json", **extra)


def test_rating_through_the_api_then_409_for_the_same_client(public):
    path = f"/api/v1/publications/{public.index_no}/ratings"
    phone = {"HTTP_USER_AGENT": "curl/8.5"}
    created = post(Client(), path, {"rating": "satisfied", "comment": "很及时"}, **phone)
    assert created.status_code == 201, created.content
    assert created.json()["rating"] == "satisfied"
    again = post(Client(), path, {"rating": "dissatisfied"}, **phone)
    assert again.status_code == 409
    assert "今天已经评价过" in again.json()["error"]
    assert Rating.objects.count() == 1
    # The index number's slash may also come encoded.
    encoded = path.replace("/", "%2F", 4).replace("%2F", "/", 3)
    assert post(Client(), encoded, {"rating": "satisfied"}, HTTP_USER_AGENT="x").status_code == 201


def test_a_bad_rating_is_refused(public):
    response = post(
        Client(), f"/api/v1/publications/{public.index_no}/ratings", {"rating": "great"}
    )
    assert response.status_code == 422
    assert Rating.objects.count() == 0


def test_non_public_information_is_404(world, public, internal):
    for publication in (internal,):
        path = f"/api/v1/publications/{publication.index_no}/ratings"
        assert post(Client(), path, {"rating": "satisfied"}).status_code == 404
    publishing_actions.withdraw(public, by=world.reviewer, reason="撤回")
    assert (
        post(
            Client(), f"/api/v1/publications/{public.index_no}/ratings", {"rating": "satisfied"}
        ).status_code
        == 404
    )
    assert (
        post(
            Client(), f"/api/v1/publications/{public.index_no}/error-reports", {"description": "x"}
        ).status_code
        == 404
    )
    assert (
        post(
            Client(), "/api/v1/publications/000000000/2026-00001/ratings", {"rating": "satisfied"}
        ).status_code
        == 404
    )


def test_an_error_report_through_the_api(public):
    response = post(
        Client(),
        f"/api/v1/publications/{public.index_no}/error-reports",
        {"description": "联系电话少了一位。", "contact": ""},
    )
    assert response.status_code == 201
    body = response.json()
    report = ErrorReport.objects.get()
    assert body == {"tracking_code": report.tracking_code, "due_on": report.due_on.isoformat()}


def test_the_figures(world, public):
    post(Client(), f"/api/v1/publications/{public.index_no}/ratings", {"rating": "satisfied"})
    response = Client().get(
        "/api/v1/evaluation", {"unit": world.township.org_code.lower(), "year": 2026}
    )
    assert response.status_code == 200
    year = Rating.objects.get().rated_on.year
    response = Client().get("/api/v1/evaluation", {"unit": world.township.org_code, "year": year})
    assert response.json() == {
        "satisfied": 1,
        "basically_satisfied": 0,
        "dissatisfied": 0,
        "error_reports": 0,
        "answered_on_time": 0,
    }
    assert (
        Client().get("/api/v1/evaluation", {"unit": "XXXXXXXXX", "year": 2026}).status_code == 404
    )


def test_publishings_own_routes_still_answer(public):
    """The evaluation routes come first; the publication and its seal check still work."""
    assert Client().get(f"/api/v1/publications/{public.index_no}").status_code == 200
    assert Client().get(f"/api/v1/publications/{public.index_no}/verify").status_code == 200


def test_past_the_threshold_the_api_asks_the_challenge(settings, public):
    settings.EVALUATION_CHALLENGE_AFTER = 1
    path = f"/api/v1/publications/{public.index_no}/ratings"
    assert post(Client(), path, {"rating": "satisfied"}, HTTP_USER_AGENT="a").status_code == 201
    asked = post(Client(), path, {"rating": "satisfied"}, HTTP_USER_AGENT="b")
    assert asked.status_code == 429
    challenge = asked.json()["challenge"]
    a, b = (int(x) for x in challenge["question"].split(" = ")[0].split(" + "))
    solved = post(
        Client(),
        path,
        {
            "rating": "satisfied",
            "challenge_token": challenge["token"],
            "challenge_answer": str(a + b),
        },
        HTTP_USER_AGENT="b",
    )
    assert solved.status_code == 201
