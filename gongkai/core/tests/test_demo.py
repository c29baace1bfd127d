from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from gongkai.core.models import Membership, Role, Unit, UnitKind, User

pytestmark = pytest.mark.django_db


def test_the_demo_county_has_townships_offices_villages_and_every_role(demo):
    county = Unit.objects.get(kind=UnitKind.COUNTY)
    assert county.name == "示例县人民政府"
    townships = Unit.objects.filter(kind=UnitKind.TOWNSHIP)
    assert townships.count() == 3
    for township in townships:
        offices = township.children.filter(kind=UnitKind.OFFICE).values_list("name", flat=True)
        assert any("财政所" in name for name in offices)
        assert any("党政办公室" in name for name in offices)
        assert 4 <= township.children.filter(kind=UnitKind.VILLAGE).count() <= 5
        assert township.phone and township.address and township.office_hours
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role)


def test_the_demo_county_shows_a_full_set_of_footer_identifiers(demo, client):
    footer = client.get("/").content.decode().split('class="site-footer"')[1]
    for shown in (
        "主办单位：示例县人民政府办公室",
        "网站标识码：4313990001",
        "湘ICP备20260001号",
        "湘公网安备43139902000001号",
        ">党政机关</a>",
    ):
        assert shown in footer


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = (Unit.objects.count(), User.objects.count(), Membership.objects.count())
    assert demo.load() == {"units": 0, "users": 0, "memberships": 0}
    assert (Unit.objects.count(), User.objects.count(), Membership.objects.count()) == counts


def test_demo_accounts_json_lists_every_account_with_its_unit_and_role(demo, capsys):
    call_command("demo_accounts", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert {row["role"] for row in rows} == {role.value for role in Role}
    assert {row["unit_kind"] for row in rows} == {kind.value for kind in UnitKind}
    for row in rows:
        user = User.objects.get(username=row["username"])
        assert user.check_password(row["password"])
        assert Membership.objects.filter(
            user=user,
            unit__org_code=row["unit_code"],
            role=row["role"],
            unit__kind=row["unit_kind"],
        ).exists()


def test_every_demo_credit_code_is_valid(demo):
    for unit in Unit.objects.all():
        unit.full_clean()


def test_demo_accounts_sign_in(client, demo):
    for row in demo.accounts()[:3]:
        assert (
            client.post(
                "/staff/sign-in/", {"username": row["username"], "password": row["password"]}
            ).status_code
            == 302
        )
        client.post("/staff/sign-out/")
