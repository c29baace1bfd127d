"""The village pages a villager reads, and the 'my village' picker."""

from __future__ import annotations

import pytest

from gongkai.core.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


def _village(short_name: str = "青山村") -> Unit:
    return Unit.objects.get(kind=UnitKind.VILLAGE, short_name=short_name)


def test_a_village_page_shows_its_latest_statement_its_disclosures_and_the_townships_items(
    client, village_demo
):
    village = _village()
    page = client.get(f"/disclosure/{village.org_code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "青山村" in html and "2026年10月" in html
    assert "最低生活保障对象公示" in html and "宅基地申请审批结果公示" in html
    # the township's land requisition notice names this village; another village's does not show
    assert "关于青山村部分集体土地征收补偿安置方案的公告" in html
    assert "柳溪村至石桥村通村公路" not in html
    # its rows of the township's 低保 list, names masked
    assert "低保对象名单" in html and "*" in html


def test_the_township_column_and_the_county_home_link_every_village(client, village_demo):
    township = Unit.objects.get(kind=UnitKind.TOWNSHIP, short_name="白水乡")
    column = client.get(f"/disclosure/{township.org_code}/").content.decode()
    home = client.get("/").content.decode()
    for village in Unit.objects.filter(kind=UnitKind.VILLAGE):
        if village.parent_id == township.pk:
            assert f"/disclosure/{village.org_code}/" in column
        assert f"/disclosure/{village.org_code}/" in home


def test_my_village_is_remembered_without_an_account(client, village_demo):
    village = _village("桃源村")
    township = village.parent
    assert client.get("/my-village/").status_code == 200
    pick = client.get(f"/my-village/?township={township.org_code}").content.decode()
    assert "桃源村" in pick
    chosen = client.post("/my-village/", {"village": village.org_code})
    assert chosen.status_code == 302 and chosen["Location"] == f"/disclosure/{village.org_code}/"
    again = client.get("/my-village/")
    assert again.status_code == 302 and again["Location"] == f"/disclosure/{village.org_code}/"


def test_a_village_has_no_other_column_parts_and_unknown_codes_are_404(client, village_demo):
    assert client.get("/disclosure/ZZZZZZZZZ/").status_code == 404
    assert client.post("/my-village/", {"village": "nonsense"}).status_code == 302


def test_a_villagers_error_report_on_a_village_disclosure_reaches_the_townships_handler(
    client, village_demo
):
    import datetime as dt

    from django.utils import timezone

    from gongkai.core.models import Membership, Role
    from gongkai.evaluation import access as feedback
    from gongkai.evaluation.actions import report_error
    from gongkai.villages.models import VillageStatement

    village = _village()
    statement = VillageStatement.objects.published().filter(village=village).first()
    report = report_error(
        statement.publication,
        description="9月份其他支出3600元没有写明用途。",
        contact="",
        today=dt.date(2026, 10, 20),
        now=timezone.now(),
    )
    handler = Membership.objects.get(unit=village.parent, role=Role.CLERK).user
    assert feedback.get_report_for_staff(handler, report.pk) == report
    client.force_login(handler)
    inbox = client.get("/staff/evaluation/").content.decode()
    assert statement.publication.current.title in inbox


def test_a_village_page_runs_a_few_queries_whatever_it_shows(
    client, village_demo, django_assert_max_num_queries
):
    # 青山村 is named by more township items than 杨家村; both pages cost the same few queries.
    for name in ("青山村", "杨家村"):
        url = f"/disclosure/{_village(name).org_code}/"
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200
