"""Staff API keys: issued once, refused when unknown, revoked or of an inactive user (counted)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from gongkai.core import tokens
from gongkai.core.models import ApiToken, AuditEvent, Role, SecurityNote

from .factories import county, member, township


def _request(key: str):
    return RequestFactory().get("/api/v1/staff/x", HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def clerk(db):
    return member(township(county()), Role.CLERK)


def test_a_key_is_printed_once_and_stands_for_its_user(clerk):
    out = io.StringIO()
    call_command("issue_token", clerk.username, "--name", "OA", stdout=out)
    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.key_hash == ApiToken.hash(key) and key not in token.key_hash
    assert token.prefix == key[:8] and token.name == "OA"
    assert tokens.authenticate(_request(key)) == clerk
    assert tokens.authenticate(RequestFactory().get("/")) is None  # no key sent


@pytest.mark.parametrize("case", ["unknown", "revoked", "inactive_user"])
def test_a_bad_revoked_or_orphaned_key_is_refused_and_counted(clerk, case):
    _token, key = tokens.issue(clerk)
    if case == "unknown":
        key = "not-a-key"
    elif case == "revoked":
        call_command("revoke_token", clerk.username, stdout=io.StringIO())
    else:
        # Behind the model's back: deactivating through save() revokes the keys as well.
        type(clerk).objects.filter(pk=clerk.pk).update(is_active=False)
    with pytest.raises(PermissionDenied):
        tokens.authenticate(_request(key))
    assert not AuditEvent.objects.filter(action="api_token:refused").exists()
    note = SecurityNote.objects.get(kind=f"api_key_{case}", scope="address")
    assert note.count == 1


def test_revoking_one_key_by_its_prefix_keeps_the_others(clerk):
    first, key1 = tokens.issue(clerk)
    _second, key2 = tokens.issue(clerk)
    call_command("revoke_token", clerk.username, f"--prefix={first.prefix}", stdout=io.StringIO())
    with pytest.raises(PermissionDenied):
        tokens.authenticate(_request(key1))
    assert tokens.authenticate(_request(key2)) == clerk
    with pytest.raises(CommandError):
        call_command("revoke_token", clerk.username, f"--prefix={first.prefix}")
    assert AuditEvent.objects.filter(action="api_token:revoked").count() == 1
