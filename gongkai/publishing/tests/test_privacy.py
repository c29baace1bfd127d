"""Privacy screening: the detectors on Chinese text, findings in every part of a draft, masking
by the clerk, keeping with a legal reason by a reviewer, and nothing published while one is open."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.publishing import actions, privacy
from gongkai.publishing.models import FindingState

from . import files
from .conftest import TODAY
from .test_workflow import CHECKLIST


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("申请人张三的身份证号11010519491231002X，", [("id18", "11010519491231002X")]),
        ("身份证号110105194912310021有误", []),  # wrong check character
        ("旧证110105491231002号", [("id15", "110105491231002")]),
        ("联系人王五13907381234。", [("mobile", "13907381234")]),
        ("手机139-0738-1234", [("mobile", "139-0738-1234")]),
        ("家中电话0738-8812345", [("landline", "0738-8812345")]),
        ("监督电话：0738-8800001", []),  # an office's public number
        ("卡号6222021234567894，", [("bank_card", "6222021234567894")]),
        ("卡号6222021234567897，", []),  # fails Luhn
        ("邮箱wang5@qq.com。", [("email", "wang5@qq.com")]),
        ("住青山村3组12号。", [("house_no", "12号")]),
        ("出生日期：1980年1月2日", [("birth_date", "1980年1月2日")]),
        ("该户成员肢体残疾二级", [("disability", "肢体残疾二级")]),
        ("婚姻状况：离异", [("marriage", "离异")]),
        ("患有尿毒症，", [("medical", "尿毒症")]),
        ("2026年预算收入123456万元，青政发〔2026〕3号", []),
        ("索引号000014349/2026-00001", []),
    ],
)
def test_the_detectors_find_personal_information_inside_chinese_text(text, found):
    assert [(hit.kind, hit.value) for hit in privacy.scan(text)] == found


def _docx(text: str) -> SimpleUploadedFile:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile("名单.docx", out.getvalue(), "application/octet-stream")


def test_findings_show_where_they_are_in_body_tables_and_attachments(world):
    publication = world.draft(
        body="<p>一、补助对象</p><p>李秀英，电话13907381234。</p>",
        files=actions.Uploads(
            attachments=[
                files.xlsx([["姓名", "身份证号"], ["王建国", "11010519491231002X"]]),
                _docx("联系邮箱：zhang@example.com"),
            ],
            tables=[("名单", files.csv_file("姓名,备注\n张志强,住青山村3组12号\n"))],
        ),
    )
    actions.submit(publication, by=world.clerk, today=TODAY)
    found = {(f.kind, f.place, f.value) for f in publication.draft.findings.all()}
    assert ("mobile", "正文第2段", "13907381234") in found or (
        "mobile",
        "body, paragraph 2",
        "13907381234",
    ) in found
    kinds = {kind for kind, _place, _value in found}
    assert kinds == {"mobile", "id18", "email", "house_no"}
    places = " ".join(place for _kind, place, _value in found)
    assert "表格.xlsx" in places and "名单.docx" in places and "名单" in places


def test_the_clerk_masks_the_reviewer_keeps_and_nothing_open_is_published(world, settings):
    publication = world.draft(
        body="<p>李秀英，电话13907381234。</p><p>处罚对象：刘某，身份证号11010519491231002X。</p>",
        files=actions.Uploads(attachments=[files.xlsx([["联系人", "13800138000"]])]),
    )
    actions.submit(publication, by=world.clerk, today=TODAY)
    draft = publication.draft
    findings = {f.kind: f for f in draft.findings.filter(in_attachment=False)}
    with pytest.raises(ValidationError):  # open findings stop the approval
        actions.approve(publication, by=world.reviewer, today=TODAY, **CHECKLIST)
    actions.mask(publication, findings["id18"].pk, by=world.clerk)
    publication.refresh_from_db()
    assert "11010519491231002X" not in publication.draft.body
    assert "身份证号。" in publication.draft.body  # default: removed
    with pytest.raises(PermissionDenied):  # the clerk does not decide to keep it
        actions.override(publication, findings["mobile"].pk, by=world.clerk, reason="同意")
    with pytest.raises(ValidationError):  # a reason is required
        actions.override(publication, findings["mobile"].pk, by=world.reviewer, reason="")
    actions.override(
        publication, findings["mobile"].pk, by=world.reviewer, reason="经本人书面同意公开"
    )
    attachment_finding = draft.findings.get(in_attachment=True)
    with pytest.raises(ValidationError):  # a file cannot be masked in place
        actions.mask(publication, attachment_finding.pk, by=world.clerk)
    actions.override(publication, attachment_finding.pk, by=world.reviewer, reason="单位电话")
    actions.approve(publication, by=world.reviewer, today=TODAY, **CHECKLIST)
    actions.publish(publication, by=world.reviewer, version_number=1, today=TODAY)
    states = set(draft.findings.values_list("state", flat=True))
    assert states == {FindingState.MASKED, FindingState.OVERRIDDEN}


def test_the_mask_pattern_is_configurable(world, settings):
    settings.PUBLISHING_PRIVACY_MASK = "{stars}"
    publication = world.draft(body="<p>电话13907381234。</p>")
    actions.submit(publication, by=world.clerk, today=TODAY)
    actions.mask(publication, publication.draft.findings.get().pk, by=world.clerk)
    publication.refresh_from_db()
    assert "电话***********。" in publication.draft.body


def test_publishing_screens_again(world):
    publication = world.draft()
    world.submit(publication)
    world.approve(publication)
    # Personal data slipping in after the approval (here: written straight to the draft).
    draft = publication.draft
    draft.body = "<p>王五13907381234</p>"
    draft.save(update_fields=["body"])
    with pytest.raises(ValidationError):
        actions.publish(publication, by=world.reviewer, version_number=1, today=TODAY)
    publication.refresh_from_db()
    assert publication.index_no is None
