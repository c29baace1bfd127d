"""The demo county with its village affairs, loaded once per test that asks for it."""

from __future__ import annotations

import pytest

from gongkai.publishing.tests import conftest as publishing

media_in_a_temporary_folder = publishing._media_in_a_temporary_folder


@pytest.fixture
def village_demo(demo):
    """The demo county: units and people, catalog, publications and village affairs."""
    from gongkai.catalog import demo as catalog_demo
    from gongkai.publishing import demo as publishing_demo
    from gongkai.villages import demo as villages_demo

    catalog_demo.load()
    publishing_demo.load()
    villages_demo.load()
    return villages_demo
