from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import AuditEvent, Role

from .factories import PASSWORD, county, member, township

pytestmark = pytest.mark.django_db
SIGN_IN = "/staff/sign-in/"


@pytest.fixture
def clerk():
    return member(township(county()), Role.CLERK, username="lixiuying")


def sign_in(client: Client, username: str, password: str):
    return client.post(SIGN_IN, {"username": username, "password": password})


def test_a_clerk_signs_in_and_lands_in_the_back_office(client, clerk):
    response = sign_in(client, "lixiuying", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    assert AuditEvent.objects.filter(action="user:signed_in", actor=clerk).exists()


def test_a_wrong_password_says_so_in_chinese(client, clerk):
    response = sign_in(client, "lixiuying", "wrong password")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session


def sign_in_from(client: Client, username: str, password: str, address: str):
    return client.post(SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_repeated_failures_lock_the_account_from_that_address_only(clerk):
    attacker, owner = Client(), Client()
    for _ in range(settings.SIGN_IN_MAX_FAILURES):
        sign_in_from(attacker, "lixiuying", "wrong password", "203.0.113.66")
    response = sign_in_from(attacker, "lixiuying", PASSWORD, "203.0.113.66")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in attacker.session
    # The owner, at the office on another address, still signs in.
    assert sign_in_from(owner, "lixiuying", PASSWORD, "10.1.2.3").status_code == 302
    # Audited once per lockout, not per attempt.
    for _ in range(3):
        sign_in_from(attacker, "lixiuying", "wrong password", "203.0.113.66")
    assert AuditEvent.objects.filter(action="user:locked_out").count() == 1


def test_the_lock_ends_after_its_cool_off_which_grows_with_each_lockout(clerk):
    from axes.models import AccessAttempt

    for _ in range(settings.SIGN_IN_MAX_FAILURES):
        sign_in_from(Client(), "lixiuying", "wrong password", "203.0.113.66")
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert sign_in_from(Client(), "lixiuying", PASSWORD, "203.0.113.66").status_code == 302
    # A second lockout from the same address in the hour lasts twice as long.
    for _ in range(settings.SIGN_IN_MAX_FAILURES):
        sign_in_from(Client(), "lixiuying", "wrong password", "203.0.113.66")
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    response = sign_in_from(Client(), "lixiuying", PASSWORD, "203.0.113.66")
    assert response.status_code == 429
    assert "30" in response.content.decode()


def test_the_admin_login_goes_through_the_same_throttle(clerk):
    clerk.is_staff = True
    clerk.save(update_fields=["is_staff"])
    client = Client()
    for _ in range(settings.SIGN_IN_MAX_FAILURES):
        client.post(
            "/django-admin/login/",
            {"username": "lixiuying", "password": "wrong", "next": "/django-admin/"},
            REMOTE_ADDR="203.0.113.66",
        )
    response = client.post(
        "/django-admin/login/",
        {"username": "lixiuying", "password": PASSWORD, "next": "/django-admin/"},
        REMOTE_ADDR="203.0.113.66",
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Failures on the admin login count on the staff sign-in too: they are one throttle.
    assert sign_in_from(Client(), "lixiuying", PASSWORD, "203.0.113.66").status_code == 429


def test_a_success_clears_earlier_failures(client, clerk, settings):
    for _ in range(settings.SIGN_IN_MAX_FAILURES - 1):
        sign_in(client, "lixiuying", "wrong password")
    assert sign_in(client, "lixiuying", PASSWORD).status_code == 302
    client.post("/staff/sign-out/")
    for _ in range(settings.SIGN_IN_MAX_FAILURES - 1):
        sign_in(client, "lixiuying", "wrong password")
    assert sign_in(client, "lixiuying", PASSWORD).status_code == 302


def test_sign_in_and_every_form_need_the_csrf_token(clerk):
    client = Client(enforce_csrf_checks=True)
    assert sign_in(client, "lixiuying", PASSWORD).status_code == 403


def test_sign_out_is_a_post_and_ends_the_session(client, clerk):
    client.force_login(clerk)
    assert client.get("/staff/sign-out/").status_code == 405
    client.post("/staff/sign-out/")
    assert client.get("/staff/").status_code == 302
    assert AuditEvent.objects.filter(action="user:signed_out", actor=clerk).exists()


def test_staff_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_SAVE_EVERY_REQUEST  # the age counts from the last request


def test_the_back_office_needs_a_signed_in_user(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_passwords_are_hashed_with_argon2_outside_tests():
    from importlib import reload

    import gongkai.settings as project_settings

    assert reload(project_settings).PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
