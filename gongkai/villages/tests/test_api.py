"""The JSON API of village affairs, as its contract promises it."""

from __future__ import annotations

import pytest

from gongkai.core import tokens
from gongkai.core.models import Membership, Role, Unit, UnitKind, User
from gongkai.villages.demo import PERIODS, planted

pytestmark = pytest.mark.django_db


def _village(short_name: str = "青山村") -> Unit:
    return Unit.objects.get(kind=UnitKind.VILLAGE, short_name=short_name)


def _key(username: str) -> str:
    return tokens.issue(User.objects.get(username=username), name="test")[1]


def test_the_latest_published_statement_and_one_of_a_period(client, village_demo):
    village = _village()
    latest = client.get(f"/api/v1/villages/{village.org_code}/finance")
    assert latest.status_code == 200
    data = latest.json()
    assert data["period"] == "2026-M10"
    assert set(data) >= {"period", "income", "expense", "balance", "lines"}
    assert set(data["lines"][0]) == {
        "date",
        "subject",
        "kind",
        "amount",
        "counterparty",
        "voucher",
    }
    income = sum(float(x["amount"]) for x in data["lines"] if x["kind"] == "income")
    assert f"{income:.2f}" == data["income"]
    assert isinstance(data["balance"], str) and "." in data["balance"]

    september = client.get(f"/api/v1/villages/{village.org_code}/finance?period=2026-M09")
    assert september.json()["period"] == "2026-M09"
    # the lump 其他支出 of September is flagged for the committee
    assert [line["subject"] for line in september.json()["flagged"]] == ["其他支出"]


def test_finance_answers_404_and_400_with_the_one_error_shape(client, village_demo):
    village = _village()
    township = village.parent
    assert client.get(f"/api/v1/villages/{township.org_code}/finance").status_code == 404
    none_yet = client.get(f"/api/v1/villages/{village.org_code}/finance?period=2025-M01")
    assert none_yet.status_code == 404 and "error" in none_yet.json()
    bad = client.get(f"/api/v1/villages/{village.org_code}/finance?period=2026-X1")
    assert bad.status_code == 400 and "period" in bad.json()["fields"]


def test_publications_of_a_village_include_the_townships_items_concerning_it(client, village_demo):
    village = _village()
    items = client.get(f"/api/v1/publications?unit={village.org_code}").json()["items"]
    own = [p for p in items if p["unit"] == village.org_code]
    township = [p for p in items if p["unit"] != village.org_code]
    assert own and all(p["concerns_village"] is None for p in own)
    assert township and all(p["concerns_village"] == village.org_code for p in township)
    assert any("青山村" in p["title"] for p in township)
    # another township's publications never appear
    assert {p["unit"] for p in township} <= {
        u.org_code for u in Unit.objects.subtree(village.parent)
    }


def test_the_staff_reconciliation_lists_the_planted_difference(client, village_demo):
    villages = list(Unit.objects.filter(kind=UnitKind.VILLAGE).order_by("path"))
    index, village = 0, villages[0]
    plant = planted(index)
    township = village.parent
    clerk = Membership.objects.get(unit=township, role=Role.CLERK).user
    key = _key(clerk.username)
    answer = client.get(
        f"/api/v1/staff/reconciliation?unit={township.org_code}&period={plant.period}",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert answer.status_code == 200
    mine = [i for i in answer.json()["items"] if i["village"] == village.org_code]
    assert len(mine) == 1
    assert mine[0]["status"] == plant.status and mine[0]["matter"] == plant.matter
    assert set(mine[0]) >= {"village", "matter", "township_amount", "village_amount", "status"}
    for period in PERIODS:
        if period != plant.period:
            other = client.get(
                f"/api/v1/staff/reconciliation?unit={village.org_code}&period={period}",
                HTTP_AUTHORIZATION=f"Token {key}",
            )
            assert other.status_code == 200 and other.json()["items"] == []


def test_the_reconciliation_needs_a_key_of_the_township(client, village_demo):
    township = Unit.objects.get(kind=UnitKind.TOWNSHIP, short_name="青山镇")
    url = f"/api/v1/staff/reconciliation?unit={township.org_code}&period=2026-M10"
    assert client.get(url).status_code == 401
    other = client.get(url, HTTP_AUTHORIZATION=f"Token {_key('baishui_clerk')}")
    assert other.status_code == 403


def test_an_explained_difference_is_listed_as_explained_on_the_staff_page_and_the_api(
    client, village_demo
):
    village = Unit.objects.filter(kind=UnitKind.VILLAGE).order_by("path").first()
    plant = planted(0)
    township = village.parent
    clerk = Membership.objects.get(unit=township, role=Role.CLERK).user
    client.force_login(clerk)
    url = f"/staff/villages/reconciliation/{township.org_code}/?period={plant.period}"
    page = client.get(url).content.decode()
    assert village.short_name in page
    posted = client.post(
        url,
        {
            "village": village.org_code,
            "matter": plant.matter,
            "text": "村会计记账时少记一笔，已更正。",
        },
    )
    assert posted.status_code == 302
    client.logout()
    answer = client.get(
        f"/api/v1/staff/reconciliation?unit={village.org_code}&period={plant.period}",
        HTTP_AUTHORIZATION=f"Token {_key(clerk.username)}",
    ).json()
    assert [(i["status"], i["explanation"]) for i in answer["items"]] == [
        ("explained", "村会计记账时少记一笔，已更正。")
    ]
