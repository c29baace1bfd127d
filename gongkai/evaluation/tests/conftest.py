"""A county with a township and its office (publishing's test world), with public information."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from gongkai.core.models import Role
from gongkai.core.tests.factories import PASSWORD, member
from gongkai.publishing.tests import conftest as publishing_world
from gongkai.publishing.tests.conftest import TODAY, World  # noqa: F401

# Publishing's test world: a county, a township with its finance office, and their people.
world = publishing_world.world
_media_in_a_temporary_folder = publishing_world._media_in_a_temporary_folder


@pytest.fixture(autouse=True)
def _fresh_counts():
    """Attempts per address are counted in the cache: every test starts from none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public(world):
    publication = world.draft(title="青山镇2026年高标准农田建设项目公示")
    world.publish(publication)
    publication.refresh_from_db()
    return publication


@pytest.fixture
def internal(world):
    publication = world.draft(
        "I03", title="上半年公务接待费开支", topic="finance", period="2026年上半年"
    )
    world.publish(publication)
    publication.refresh_from_db()
    return publication


@pytest.fixture
def supervisor(world):
    return member(world.county, Role.SUPERVISOR)


@pytest.fixture
def deputy(world):
    return member(world.county, Role.EVALUATOR, full_name="龙桂兰")


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def path_of(publication) -> str:
    return publication.get_absolute_url()
