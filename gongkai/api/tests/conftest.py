"""The publishing tests' world (a county, a township, its staff, adopted catalog items)."""

from __future__ import annotations

from gongkai.publishing.tests.conftest import (  # noqa: F401 - fixtures used by name
    _media_in_a_temporary_folder,
    world,
)
