from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

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


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, clerk):
    for _ in range(settings.SIGN_IN_MAX_FAILURES):
        sign_in(client, "lixiuying", "wrong password")
    response = sign_in(client, "lixiuying", PASSWORD)
    assert response.status_code == 200
    assert "已被锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="user:locked_out").count() == 1


def test_the_lock_ends_after_its_window(client, clerk, settings):
    from gongkai.core.models import SignInThrottle

    for _ in range(settings.SIGN_IN_MAX_FAILURES):
        sign_in(client, "lixiuying", "wrong password")
    row = SignInThrottle.objects.get(username="lixiuying")
    row.locked_until = row.locked_until.replace(year=2000)
    row.save()
    assert sign_in(client, "lixiuying", PASSWORD).status_code == 302


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
