"""A staff member's own account: password change, TOTP two-factor sign-in (required of unit
administrators and county supervisors), and deactivation that ends every way in."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core import tokens
from gongkai.core.models import ApiToken, AuditEvent, Role

from .factories import PASSWORD, county, member, township

pytestmark = pytest.mark.django_db
SIGN_IN = "/staff/sign-in/"


def code_for(device: TOTPDevice) -> str:
    """The code an authenticator app shows now, computed from the device's key."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def wait_out_the_throttle(device: TOTPDevice) -> None:
    """A wrong code makes the device refuse codes for a second, doubling each time; a
    person waits, the test clears the wait."""
    device.refresh_from_db()
    device.throttle_reset()


def sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post(SIGN_IN, {"username": username, "password": password})


@pytest.fixture
def clerk():
    return member(township(county()), Role.CLERK, username="lixiuying")


@pytest.fixture
def admin():
    return member(township(county()), Role.UNIT_ADMIN, username="wangfang")


def test_a_clerk_changes_her_password_with_the_validators_applied(client, clerk):
    sign_in(client, "lixiuying")
    page = client.post(
        "/staff/password/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert page.status_code == 200
    assert "密码" in page.content.decode() and "_auth_user_id" in client.session
    response = client.post(
        "/staff/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Qiushui-Ferry-2027",
            "new_password2": "Qiushui-Ferry-2027",
        },
    )
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200  # still signed in
    assert AuditEvent.objects.filter(action="user:password_changed", actor=clerk).exists()
    assert sign_in(Client(), "lixiuying", "Qiushui-Ferry-2027").status_code == 302


@pytest.mark.two_factor
def test_an_administrator_is_sent_to_enrol_then_signs_in_with_a_code(admin):
    client = Client()
    assert sign_in(client, "wangfang").status_code == 302
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"] == "/staff/two-factor/"
    page = client.get("/staff/two-factor/")
    assert "<svg" in page.content.decode() and "需要" in page.content.decode()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert client.post("/staff/two-factor/", {"code": "000000"}).status_code == 200
    wait_out_the_throttle(device)
    assert client.post("/staff/two-factor/", {"code": code_for(device)}).status_code == 302
    assert client.get("/staff/").status_code == 200
    assert AuditEvent.objects.filter(action="user:two_factor_enrolled", actor=admin).exists()

    # The next sign-in asks for a code after the password; nothing is served before it.
    client.post("/staff/sign-out/")
    device.refresh_from_db()
    device.last_t = -1  # the code above may not be used twice; a new one comes each 30 s
    device.save(update_fields=["last_t"])
    assert sign_in(client, "wangfang").status_code == 302
    held = client.get("/staff/units/")
    assert held.status_code == 302 and held["Location"].startswith("/staff/two-factor/verify/")
    assert client.get("/staff/").status_code == 302
    wrong = client.post("/staff/two-factor/verify/", {"code": "000000"})
    assert "验证码不正确" in wrong.content.decode()
    wait_out_the_throttle(device)
    response = client.post("/staff/two-factor/verify/", {"code": code_for(device)})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200


@pytest.mark.two_factor
def test_two_factor_is_optional_for_a_clerk(clerk):
    client = Client()
    sign_in(client, "lixiuying")
    assert client.get("/staff/").status_code == 200
    client.get("/staff/two-factor/")
    device = TOTPDevice.objects.get(user=clerk)
    client.post("/staff/two-factor/", {"code": code_for(device)})
    assert TOTPDevice.objects.get(user=clerk).confirmed
    # Once on, it is asked for at every sign-in.
    other = Client()
    sign_in(other, "lixiuying")
    assert other.get("/staff/").status_code == 302


def test_deactivating_a_user_ends_their_sessions_and_revokes_their_keys(client, clerk):
    sign_in(client, "lixiuying")
    _token, key = tokens.issue(clerk)
    assert client.get("/staff/").status_code == 200
    clerk.is_active = False
    clerk.save()
    assert client.get("/staff/").status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    assert AuditEvent.objects.filter(action="user:sessions_ended", target_id=str(clerk.pk))
    api = Client().post(
        "/api/v1/staff/publications",
        "{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert api.status_code == 401
