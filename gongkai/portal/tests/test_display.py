"""The larger-text, higher-contrast mode: a plain form sets a cookie that every page honours."""

from __future__ import annotations

import pytest


def test_the_display_form_sets_a_lasting_cookie_and_returns_to_the_page(client, world):
    page = f"/disclosure/{world.township.org_code}/guide/"
    html = client.get(page).content.decode()
    assert 'action="/display/"' in html
    assert "大字号 高对比" in html
    assert "large-text" not in html.split("<head>")[0]

    response = client.post("/display/", {"mode": "large", "next": page})
    assert response.status_code == 302
    assert response["Location"] == page
    cookie = response.cookies["gongkai_display"]
    assert cookie.value == "large"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600

    for url in (page, "/", "/search/", "/applications/", "/staff/sign-in/"):
        html = client.get(url).content.decode()
        assert '<html lang="zh-CN" class="large-text">' in html, url
        assert "标准字号" in html, url

    client.post("/display/", {"mode": "standard", "next": page})
    assert 'class="large-text"' not in client.get(page).content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", ""])
def test_the_display_form_never_sends_the_reader_off_the_site(client, db, target):
    response = client.post("/display/", {"mode": "large", "next": target})
    assert response["Location"] == "/"


def test_the_display_address_takes_only_a_post(client, db):
    assert client.get("/display/").status_code == 405
