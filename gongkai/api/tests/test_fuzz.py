"""schemathesis over the whole schema, in-process against the WSGI app, anonymous and with a key.

Every operation gets generated requests (valid and invalid); every answer must be no server
error, a status code the operation documents, a documented content type, and a body that
fits the documented schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gongkai.core import tokens
from gongkai.core.models import Role
from gongkai.core.tests.factories import county, member, township
from gongkai.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Few examples per operation: the suite runs on two busy cores; the point is every operation,
# every documented answer, and the edges hypothesis tries first (empty, huge, wrong type).
FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _one_connection_for_the_whole_test():
    """As Django's test client does: requests must not close the test's database connection
    (the WSGI handler closes it after each request, which would end the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def staff_key(db) -> str:
    clerk = member(township(county()), Role.CLERK)
    _token, key = tokens.issue(clerk, name="fuzz")
    return key


@schema.parametrize()
@FUZZ
def test_anonymous_callers_get_only_documented_answers(db, case):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_a_clerks_key_gets_only_documented_answers(staff_key, case):
    case.call_and_validate(headers={"Authorization": f"Token {staff_key}"}, checks=CHECKS)
