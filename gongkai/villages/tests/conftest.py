"""The demo county with its village affairs, loaded once per test module that asks for it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test import override_settings


@pytest.fixture(scope="module", autouse=True)
def _media_in_a_temporary_folder(tmp_path_factory):
    """The module's files (the demo's attachments among them) in a folder of its own."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(scope="module")
def _village_demo_loaded(django_db_setup, django_db_blocker, _media_in_a_temporary_folder):
    """The whole demo (a few seconds of work) loaded once for the module, in a transaction
    rolled back after its last test. Each test runs in a savepoint inside it (pytest-django's
    own), so what one test changes is gone before the next."""
    from gongkai.catalog import demo as catalog_demo
    from gongkai.core import demo as core_demo
    from gongkai.publishing import demo as publishing_demo
    from gongkai.villages import demo as villages_demo

    replica = connections["replica"] if "replica" in settings.DATABASES else None
    with django_db_blocker.unblock(), transaction.atomic():
        if replica is not None:  # as in every test: reads see this transaction's rows
            connections["replica"] = connections["default"]
        try:
            core_demo.load()
            catalog_demo.load()
            publishing_demo.load()
            villages_demo.load()
            yield villages_demo
        finally:
            if replica is not None:
                connections["replica"] = replica
            transaction.set_rollback(True)


@pytest.fixture
def village_demo(_village_demo_loaded, db):
    """The demo county: units and people, catalog, publications and village affairs."""
    return _village_demo_loaded
