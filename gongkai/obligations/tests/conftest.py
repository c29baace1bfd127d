"""The publishing tests' county, with its items adopted on New Year's Day 2026."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.catalog.models import Adoption
from gongkai.publishing.tests.conftest import (
    TODAY,
    World,
    _media_in_a_temporary_folder,  # noqa: F401
)
from gongkai.publishing.tests.conftest import world as publishing_world  # noqa: F401

NEW_YEAR = timezone.make_aware(dt.datetime(2026, 1, 1, 9, 0))

__all__ = ["TODAY", "World"]


@pytest.fixture
def world(publishing_world) -> World:  # noqa: F811
    Adoption.objects.update(adopted_at=NEW_YEAR)
    return publishing_world
