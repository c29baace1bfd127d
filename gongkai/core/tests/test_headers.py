"""Security headers on every page, private caching for signed-in users, and control
characters refused in every kind of text input."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from gongkai.core.models import Role

from .factories import county, member, township

pytestmark = pytest.mark.django_db


def test_every_page_has_a_script_tight_csp_and_a_permissions_policy(client):
    response = client.get("/staff/sign-in/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_for_a_signed_in_user_are_private(client):
    clerk = member(township(county()), Role.CLERK)
    assert "private" not in client.get("/").get("Cache-Control", "")
    client.force_login(clerk)
    for path in ("/", "/staff/"):
        response = client.get(path)
        assert "private" in response["Cache-Control"], path
        assert "public" not in response["Cache-Control"]
        assert "Cookie" in response["Vary"]


def test_hsts_subdomains_and_preload_only_when_configured(monkeypatch):
    from importlib import reload

    import gongkai.settings as project_settings

    monkeypatch.setenv("HTTPS", "true")
    plain = reload(project_settings)
    assert plain.SECURE_HSTS_SECONDS > 0
    assert not plain.SECURE_HSTS_INCLUDE_SUBDOMAINS and not plain.SECURE_HSTS_PRELOAD
    monkeypatch.setenv("HSTS_INCLUDE_SUBDOMAINS", "true")
    monkeypatch.setenv("HSTS_PRELOAD", "true")
    both = reload(project_settings)
    assert both.SECURE_HSTS_INCLUDE_SUBDOMAINS and both.SECURE_HSTS_PRELOAD
    monkeypatch.delenv("HTTPS")
    monkeypatch.delenv("HSTS_INCLUDE_SUBDOMAINS")
    monkeypatch.delenv("HSTS_PRELOAD")
    reload(project_settings)


def test_check_deploy_is_clean(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": "deploy-check-" + "k3y" * 20,
        "ALLOWED_HOSTS": "gongkai.example.org",
        "GONGKAI_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
    }
    done = subprocess.run(
        [sys.executable, "-m", "gongkai", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b[2J", "\x7f"])
def test_control_characters_are_refused_in_query_strings_and_forms(client, bad):
    response = client.get("/search/", {"q": f"通知{bad}"})
    assert response.status_code == 400
    assert "控制字符" in response.content.decode()
    response = client.post("/staff/sign-in/", {"username": f"li{bad}", "password": "x"})
    assert response.status_code == 400


def test_tab_newline_and_carriage_return_are_text(client):
    assert client.get("/search/", {"q": "通知\t公告\r\n"}).status_code == 200


def test_control_characters_are_refused_in_json_bodies(client):
    """Outside the JSON API (which has its own layer), a JSON body is answered in JSON."""
    response = client.post(
        "/staff/sign-in/",
        '{"title": "公告\\u0000"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "控制字符" in response.json()["error"]


def test_a_nul_in_an_application_is_a_400_not_a_500(client):
    """PostgreSQL refuses NUL in text with an error; the request never reaches it."""
    response = client.post("/applications/", {"name": "张三\x00", "content": "x"})
    assert response.status_code == 400
