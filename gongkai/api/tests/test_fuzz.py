"""schemathesis over the whole schema, in-process against the WSGI app, anonymous and with a key.

Every operation gets generated requests (valid and invalid); every answer must be no server
error, a status code the operation documents, a documented content type, and a body that
fits the documented schema.
"""

from __future__ import annotations

import pytest
import schemathesis
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
