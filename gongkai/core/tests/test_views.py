from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.codes import make_credit_code
from gongkai.core.models import AuditEvent, CalendarDay, Membership, Role, Unit

from .factories import UserFactory, county, member, office, township

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    root = county(name="示例县人民政府", short_name="示例县", phone="0738-8800001")
    town = township(
        root,
        name="示例县青山镇人民政府",
        short_name="青山镇",
        phone="0738-8801001",
        address="示例县青山镇政府大院",
        office_hours="周一至周五",
    )
    other = township(root, name="示例县白水乡人民政府", short_name="白水乡")
    return {
        "county": root,
        "township": town,
        "office": office(town, name="青山镇财政所"),
        "other": other,
    }


def test_the_portal_home_shows_the_county_and_its_townships_with_contact_details(client, tree):
    page = client.get("/").content.decode()
    assert "示例县人民政府" in page
    assert "示例县青山镇人民政府" in page
    assert "0738-8801001" in page
    assert "示例县青山镇政府大院" in page
    assert 'lang="zh-CN"' in page


def test_the_portal_speaks_english_when_asked(client, tree):
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert "Townships" in page
    assert 'lang="en"' in page


def test_a_township_page_lists_its_offices(client, tree):
    page = client.get(tree["township"].get_absolute_url()).content.decode()
    assert "青山镇财政所" in page
    assert "周一至周五" in page


def test_an_unknown_unit_is_a_chinese_404(client, tree):
    response = client.get("/units/000000000/")
    assert response.status_code == 404


def test_the_dashboard_shows_each_unit_and_the_roles_held_there(client, tree):
    user = member(tree["township"], Role.CLERK)
    Membership.objects.create(user=user, unit=tree["township"], role=Role.INTERNAL_STAFF)
    Membership.objects.create(user=user, unit=tree["office"], role=Role.REVIEWER)
    client.force_login(user)
    page = client.get("/staff/").content.decode()
    assert "示例县青山镇人民政府" in page
    assert "经办人" in page
    assert "机关干部职工" in page
    assert "青山镇财政所" in page
    assert "审核人" in page


def test_an_administrator_gives_a_role_in_their_unit(client, tree):
    admin = member(tree["township"], Role.UNIT_ADMIN)
    newcomer = UserFactory(username="wangfang")
    client.force_login(admin)
    response = client.post(
        f"/staff/units/{tree['office'].org_code}/members/",
        {"username": "wangfang", "role": Role.CLERK},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=newcomer, unit=tree["office"], role=Role.CLERK).exists()
    assert AuditEvent.objects.filter(action="membership:added", actor=admin).exists()


def test_an_administrator_cannot_give_roles_in_another_township(client, tree):
    admin = member(tree["township"], Role.UNIT_ADMIN)
    newcomer = UserFactory(username="wangfang")
    client.force_login(admin)
    response = client.post(
        f"/staff/units/{tree['other'].org_code}/members/",
        {"username": "wangfang", "role": Role.CLERK},
    )
    assert response.status_code == 403
    assert "您不是该单位的管理员" in response.content.decode()
    assert not Membership.objects.filter(user=newcomer).exists()


def test_a_supervisor_role_outside_the_county_is_refused_with_a_reason(client, tree):
    admin = member(tree["county"], Role.UNIT_ADMIN)
    UserFactory(username="wangfang")
    client.force_login(admin)
    response = client.post(
        f"/staff/units/{tree['township'].org_code}/members/",
        {"username": "wangfang", "role": Role.SUPERVISOR},
        follow=True,
    )
    assert "县级监督员只能属于县" in response.content.decode()
    assert not Membership.objects.filter(user__username="wangfang").exists()


def test_adding_a_unit_with_a_bad_credit_code_shows_the_error_and_saves_nothing(client, tree):
    admin = member(tree["township"], Role.UNIT_ADMIN)
    client.force_login(admin)
    good = make_credit_code("11", "431399", "123456789")
    bad = good[:-1] + ("A" if good[-1] != "A" else "B")
    data = {
        "kind": "village",
        "name": "青山镇新村村民委员会",
        "short_name": "新村",
        "credit_code": bad,
    }
    response = client.post(f"/staff/units/{tree['township'].org_code}/add/", data)
    assert response.status_code == 200
    assert "校验码" in response.content.decode()
    assert not Unit.objects.filter(short_name="新村").exists()
    data["credit_code"] = good
    response = client.post(f"/staff/units/{tree['township'].org_code}/add/", data)
    assert response.status_code == 302
    assert Unit.objects.get(short_name="新村").parent == tree["township"]


def test_a_village_cannot_be_added_under_an_office(client, tree):
    admin = member(tree["township"], Role.UNIT_ADMIN)
    client.force_login(admin)
    data = {
        "kind": "village",
        "name": "某村",
        "short_name": "某村",
        "credit_code": make_credit_code("54", "431399", "123456789"),
    }
    response = client.post(f"/staff/units/{tree['office'].org_code}/add/", data)
    assert response.status_code == 200
    assert not Unit.objects.filter(short_name="某村").exists()


def test_a_clerk_cannot_edit_the_unit(client, tree):
    clerk = member(tree["township"], Role.CLERK)
    client.force_login(clerk)
    assert client.get(f"/staff/units/{tree['township'].org_code}/edit/").status_code == 403


def test_an_administrator_edits_the_guide_contact_details(client, tree):
    admin = member(tree["township"], Role.UNIT_ADMIN)
    client.force_login(admin)
    url = f"/staff/units/{tree['township'].org_code}/edit/"
    form = client.get(url).context["form"]
    data = {
        key: "" if value is None else value
        for key, value in form.initial.items()
        if key in form.fields
    }
    data.update(phone="0738-8801999", fax="0738-8801998")
    assert client.post(url, data).status_code == 302
    tree["township"].refresh_from_db()
    assert tree["township"].fax == "0738-8801998"


def test_a_supervisor_enters_a_holiday_in_the_calendar(client, tree):
    supervisor = member(tree["county"], Role.SUPERVISOR)
    client.force_login(supervisor)
    page = client.get("/staff/calendar/?year=2027").content.decode()
    assert "临时" in page  # 2027 is not announced yet: provisional
    response = client.post(
        "/staff/calendar/?year=2027", {"day": "2027-01-01", "is_workday": "", "name": "元旦"}
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(day=dt.date(2027, 1, 1)).name == "元旦"


def test_a_clerk_sees_the_calendar_but_cannot_change_it(client, tree):
    clerk = member(tree["township"], Role.CLERK)
    client.force_login(clerk)
    client.post("/staff/calendar/", {"day": "2027-01-01", "is_workday": "", "name": "元旦"})
    assert not CalendarDay.objects.exists()


def test_the_county_administrator_sets_the_footer_identifiers_shown_on_public_pages(client, tree):
    admin = member(tree["county"], Role.UNIT_ADMIN)
    client.force_login(admin)
    url = f"/staff/units/{tree['county'].org_code}/edit/"
    form = client.get(url).context["form"]
    data = {
        key: "" if value is None else value
        for key, value in form.initial.items()
        if key in form.fields
    }
    data.update(
        site_sponsor="示例县人民政府办公室",
        site_code="4313990001",
        icp_number="湘ICP备20260001号",
        police_number="湘公网安备43139902000001号",
        police_link="https://beian.mps.gov.cn/#/query/webSearch?code=43139902000001",
        party_mark_link="",
    )
    assert client.post(url, data).status_code == 302
    event = AuditEvent.objects.filter(action="unit:updated").latest("pk")
    assert event.data["changes"]["site_code"] == ["", "4313990001"]
    client.logout()
    footer = client.get("/").content.decode().split('class="site-footer"')[1]
    assert "主办单位：示例县人民政府办公室" in footer
    assert "网站标识码：4313990001" in footer
    assert 'href="https://beian.miit.gov.cn/"' in footer
    assert "湘ICP备20260001号" in footer
    assert "beian.mps.gov.cn" in footer
    assert "湘公网安备43139902000001号" in footer
    assert "党政机关" not in footer  # no link to the mark's record: no mark


def test_a_township_has_no_footer_identifiers_to_edit(client, tree):
    admin = member(tree["township"], Role.UNIT_ADMIN)
    client.force_login(admin)
    form = client.get(f"/staff/units/{tree['township'].org_code}/edit/").context["form"]
    assert "site_code" not in form.fields
    assert "icp_number" not in form.fields


def test_a_county_without_identifiers_shows_no_empty_labels_in_the_footer(client, tree):
    footer = client.get("/").content.decode().split('class="site-footer"')[1]
    assert "site-identifiers" not in footer
    for label in ("主办单位", "网站标识码", "ICP", "公网安备", "党政机关"):
        assert label not in footer
