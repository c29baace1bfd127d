"""Anonymous noise (bad API keys, failed sign-ins) is counted in a small, prunable security
log, never appended to the audit log one row per request, and leaves the page cache alone."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gongkai.core import caching, security
from gongkai.core.models import AuditEvent, Role, SecurityNote

from .factories import county, member, township

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return member(township(county()), Role.CLERK, username="lixiuying")


def _bad_key(client: Client, address: str = "203.0.113.7"):
    return client.post(
        "/api/v1/staff/publications",
        "{}",
        content_type="application/json",
        HTTP_AUTHORIZATION="Token not-a-key",
        REMOTE_ADDR=address,
    )


def test_bad_api_keys_are_counted_not_audited_and_keep_the_page_cache(client, clerk):
    before = caching.generation()
    audited = AuditEvent.objects.count()
    for _ in range(5):
        assert _bad_key(client).status_code == 401
    assert AuditEvent.objects.count() == audited
    assert caching.generation() == before
    row = SecurityNote.objects.get(kind="api_key_unknown", scope="address")
    assert (row.value, row.count) == ("203.0.113.7", 5)


def test_an_address_that_sends_too_many_bad_keys_is_refused_without_more_writes(
    client, clerk, settings
):
    settings.SECURITY_LOG_ADDRESS_LIMIT = 3
    for _ in range(6):
        assert _bad_key(client).status_code == 401
    assert SecurityNote.objects.get(kind="api_key_unknown").count == 3
    # Another address is not affected.
    _bad_key(client, "198.51.100.1")
    assert security.failures("api_key_unknown", address="198.51.100.1") == 1


def test_failed_sign_ins_for_any_username_are_counted_per_address_and_account(client, clerk):
    audited = AuditEvent.objects.count()
    for name in ("nobody", "nobody", "lixiuying"):
        client.post(
            "/staff/sign-in/", {"username": name, "password": "wrong"}, REMOTE_ADDR="192.0.2.9"
        )
    assert AuditEvent.objects.count() == audited
    assert security.failures("sign_in", address="192.0.2.9") == 3
    assert security.failures("sign_in", account="nobody") == 2
    assert security.failures("sign_in", account="lixiuying") == 1


def test_the_log_is_bounded_per_window(settings):
    settings.SECURITY_LOG_MAX_ROWS = 4
    for n in range(20):
        security.note_failure("sign_in", f"192.0.2.{n}", f"user{n}")
    assert SecurityNote.objects.count() <= 4 + 2  # plus the two overflow rows
    overflow = SecurityNote.objects.filter(value=security.OVERFLOW)
    assert sum(overflow.values_list("count", flat=True)) == 20 * 2 - 4


def test_old_windows_are_pruned_by_the_management_command(settings):
    settings.SECURITY_LOG_DAYS = 30
    old = timezone.now() - dt.timedelta(days=31)
    security.note_failure("sign_in", "192.0.2.1", "old", now=old)
    security.note_failure("sign_in", "192.0.2.1", "new")
    out = io.StringIO()
    call_command("prune_security_log", stdout=out)
    assert list(SecurityNote.objects.values_list("value", flat=True).order_by("value")) == [
        "192.0.2.1",
        "new",
    ]


def test_behind_the_proxy_the_address_the_proxy_appended_counts(clerk, settings):
    settings.BEHIND_PROXY = True
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        Client().post(
            "/staff/sign-in/",
            {"username": "lixiuying", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.23",
        )
    assert security.failures("sign_in", address="198.51.100.23") == 3
    assert security.failures("sign_in", address="127.0.0.1") == 0
