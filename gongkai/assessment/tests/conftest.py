from __future__ import annotations

import pytest

from .factories import World, world


@pytest.fixture
def w(db) -> World:
    return world()
