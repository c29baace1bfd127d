"""The clerk's desk without a browser: masks that keep the shape, the unit's own contact numbers
never flagged, the checks endpoint beside the text, a reviewer masking, the editor's files."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.publishing import actions, privacy
from gongkai.publishing.models import FindingState

from .conftest import TODAY
from .test_visibility import client_for


@pytest.mark.parametrize(
    ("kind", "value", "masked"),
    [
        ("mobile", "13812341234", "138****1234"),
        ("mobile", "+86 138-1234-5678", "+86 138-****-5678"),
        ("id18", "430102198503121234", "4301**********1234"),
        ("id18", "11010519491231002X", "1101**********002X"),
        ("id15", "430102850312123", "4301*******2123"),
        ("bank_card", "6222 0212 3456 7894", "6222 **** **** 7894"),
        ("landline", "0731-84561234", "0731-****1234"),
        ("landline", "（0731）84561234", "（0731）****1234"),
        ("email", "wang5@qq.com", "w****@qq.com"),
        ("house_no", "12号", "**号"),
        ("birth_date", "1980年1月2日", "****年*月*日"),
        ("family", "王建国", "王*国"),
        ("family", "王秀兰（妻）", "***（*）"),
        ("disability", "肢体残疾二级", "******"),
    ],
)
def test_masking_keeps_the_shape(kind, value, masked):
    assert privacy.mask(kind, value) == masked
    # What is masked is not found again.
    assert privacy.scan(f"信息：{masked}。") == []


@pytest.mark.parametrize(
    ("name", "masked"), [("张三明", "张*明"), ("王五", "王*"), ("欧阳春明", "欧**明")]
)
def test_a_name_keeps_its_first_and_last_character(name, masked):
    assert privacy.mask_name(name) == masked


def test_the_units_own_contact_numbers_are_never_findings(world):
    township = world.township
    township.phone = "0738-8812345"
    township.email = "qsz@example.gov.cn"
    township.supervision_phone = "（0738）8800002"
    township.save()
    body = (
        "<p>咨询请拨打本镇电话0738-8812345或（0738）8800002，邮箱qsz@example.gov.cn。</p>"
        "<p>申请人家中电话0738-8867890。</p>"
    )
    publication = world.draft(body=body)
    actions.submit(publication, by=world.clerk, today=TODAY)
    found = [(f.kind, f.value) for f in publication.draft.findings.all()]
    assert found == [("landline", "0738-8867890")]


def test_the_checks_beside_the_text_find_and_say_how_to_mask(world):
    world.township.phone = "0738-8812345"
    world.township.save()
    client = client_for(world.clerk)
    url = reverse("publishing:check", args=[world.township.org_code])
    answer = client.post(
        url,
        {
            "title": "危房改造补助对象公示",
            "summary": "",
            "body": "<p>本镇电话0738-8812345。</p><p>李建国，电话13907381234。</p>",
        },
    ).json()
    assert answer["findings"] == [
        {
            "kind": "mobile",
            "label": "手机号码",
            "value": "13907381234",
            "masked": "139****1234",
            "places": ["正文第2段"],
        }
    ]
    assert answer["missing"] == ["内容概述"]
    # Another township's clerk cannot use it for this one; a visitor is sent to sign in.
    assert client_for(world.other_clerk).post(url, {"body": "x"}).status_code == 403
    assert client_for(None).post(url, {"body": "x"}).status_code == 302


def test_saving_says_what_personal_information_the_draft_holds(world):
    client = client_for(world.clerk)
    item = world.item("T01")
    response = client.post(
        reverse("publishing:new", args=[world.township.org_code]) + f"?item={item.pk}",
        {
            "title": "青山镇党政领导班子成员及分工",
            "summary": "领导班子成员姓名、职务及分工。",
            "body": "<p>联系人李建国，电话13907381234。</p>",
            "topic": "organisation",
            "publisher_name": world.township.name,
            "written_on": "2026-07-01",
            "validity": "valid",
        },
        follow=True,
    )
    text = response.content.decode()
    assert "草稿已保存。" in text
    assert "草稿中含有个人信息（手机号码 13907381234）" in text


def test_a_reviewer_masks_with_the_shape_kept(world):
    publication = world.draft(body="<p>王秀兰，身份证号11010519491231002X。</p>")
    actions.submit(publication, by=world.clerk, today=TODAY)
    finding = publication.draft.findings.get()
    client = client_for(world.reviewer)
    page = client.get(reverse("publishing:detail", args=[publication.pk])).content.decode()
    assert "遮盖为 1101**********002X" in page
    response = client.post(
        reverse("publishing:mask", args=[publication.pk, finding.pk]), follow=True
    )
    assert "个人信息已遮盖：1101**********002X。" in response.content.decode()
    publication.refresh_from_db()
    assert "身份证号1101**********002X。" in publication.draft.body
    finding.refresh_from_db()
    assert finding.state == FindingState.MASKED and finding.settled_by == world.reviewer
    event = AuditEvent.objects.for_target(publication).get(action="publication:finding_masked")
    assert event.actor == world.reviewer


def test_the_draft_form_loads_the_vendored_editor_and_no_inline_script(world):
    client = client_for(world.clerk)
    item = world.item("T01")
    response = client.get(
        reverse("publishing:new", args=[world.township.org_code]) + f"?item={item.pk}"
    )
    page = response.content.decode()
    for path in ("vendor/wangeditor/index.js", "vendor/wangeditor/style.css", "gongkai/desk.js"):
        assert f"/static/{path}" in page
        assert finders.find(path)
    assert "<script>" not in page and "<script>\n" not in page
    assert "data-rich-text" in page  # the textarea is still there without script
    assert "script-src 'self'" in response["Content-Security-Policy"]
    folder = Path(settings.BASE_DIR) / "static" / "vendor" / "wangeditor"
    assert "5.1.23" in (folder / "README.md").read_text()
    assert "MIT License" in (folder / "LICENSE").read_text()
