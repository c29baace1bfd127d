"""An anonymous reader's search is answered by the streaming replica, as its other pages are.

Runs only on PostgreSQL with the standby that `tools/with_postgres.py` starts (see
portal/tests/test_replica.py: committed rows, and a wait until the standby has replayed them).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from gongkai.portal.tests.test_replica import caught_up, served, standby  # noqa: F401
from gongkai.search import index

from .conftest import make_document

pytestmark = [
    pytest.mark.replica,
    pytest.mark.django_db(
        transaction=True, databases=["default", "replica"], available_apps=settings.INSTALLED_APPS
    ),
]


def test_an_anonymous_search_is_answered_by_the_replica(standby):  # noqa: F811
    wanted = make_document(title="青山镇2026年防汛抗旱应急预案", body="做好防汛抗旱物资储备")
    index.index_document(wanted)
    index.index_document(make_document(title="森林防火通知", body="关于做好秋季森林防火工作"))
    caught_up(standby)

    with served() as counts:
        response = Client().get("/search/", {"q": "防汛抗旱"})
    assert response.status_code == 200
    assert "应急预案" in response.content.decode()
    assert "森林防火通知" not in response.content.decode()
    assert counts["replica"] > 0 and counts["default"] == 0
