"""`GET /api/v1/meetings`: public, a unit's and its offices', never anyone's sign-up."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from gongkai.meetings import actions
from gongkai.publishing.tests.conftest import World

from .conftest import held, upcoming


def test_the_meetings_of_a_unit(client: Client, world: World, django_assert_max_num_queries):
    coming = upcoming(world, seats=3)
    held(world)
    actions.sign_up(
        coming, name="张三", phone="13800138000", now=timezone.now(), today=timezone.localdate()
    )
    with django_assert_max_num_queries(4):
        response = client.get(f"/api/v1/meetings?unit={world.township.org_code}")
    assert response.status_code == 200
    body = response.json()
    assert body["items"][0]["id"] == coming.pk and len(body["items"]) == 2
    first = body["items"][0]
    assert first["seats_left"] == 2 and first["starts_at"].endswith("+08:00")
    assert first["url"].endswith(coming.get_absolute_url())
    assert "13800138000" not in response.content.decode()
    assert client.get(f"/api/v1/meetings?unit={world.other_township.org_code}").json() == {
        "items": [],
        "next": None,
    }
    assert len(client.get("/api/v1/meetings").json()["items"]) == 2


def test_an_unknown_unit_is_a_404(client: Client, db):
    response = client.get("/api/v1/meetings?unit=XXXXXXXXX")
    assert response.status_code == 404 and "error" in response.json()
