"""Privacy screening: the detectors on Chinese text, findings in every part of a draft, masking
by the clerk, keeping with a legal reason by a reviewer, and nothing published while one is open."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.publishing import actions, privacy
from gongkai.publishing.models import Attachment, Finding, FindingState

from . import files, test_redact
from .conftest import TODAY
from .test_visibility import client_for
from .test_workflow import CHECKLIST, refusals


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("申请人张三的身份证号11010519491231002X，", [("id18", "11010519491231002X")]),
        # A wrong check character is a typing error in someone's number: still a finding.
        ("身份证号110105194912310021有误", [("id18", "110105194912310021")]),
        ("编号110105194913310021", []),  # no 13th month: not a date of birth
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
        ("王某，离异，育有一子", [("marriage", "离异")]),
        ("持离婚证或离婚判决书、户口簿办理", []),  # documents a service guide asks for
        ("患有尿毒症，", [("medical", "尿毒症")]),
        ("与户主关系：之子", [("family", "之子")]),
        ("家庭成员：王秀兰（妻）", [("family", "王秀兰（妻）")]),
        ("申请人及其家庭成员人均收入低于当地低保标准", []),  # a condition, naming no one
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
            attachment_titles=["名单", "联系方式"],
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
        files=actions.Uploads(
            attachments=[files.xlsx([["联系人", "13800138000"]])], attachment_titles=["联系人"]
        ),
    )
    actions.submit(publication, by=world.clerk, today=TODAY)
    draft = publication.draft
    findings = {f.kind: f for f in draft.findings.filter(in_attachment=False)}
    with pytest.raises(ValidationError):  # open findings stop the approval
        actions.approve(publication, by=world.reviewer, today=TODAY, **CHECKLIST)
    actions.mask(publication, findings["id18"].pk, by=world.clerk)
    publication.refresh_from_db()
    assert "11010519491231002X" not in publication.draft.body
    assert "身份证号1101**********002X。" in publication.draft.body  # its shape is kept
    with pytest.raises(PermissionDenied):  # the clerk does not decide to keep it
        actions.override(publication, findings["mobile"].pk, by=world.clerk, reason="同意")
    with pytest.raises(ValidationError):  # a reason is required
        actions.override(publication, findings["mobile"].pk, by=world.reviewer, reason="")
    actions.override(
        publication, findings["mobile"].pk, by=world.reviewer, reason="经本人书面同意公开"
    )
    attachment_finding = draft.findings.get(in_attachment=True)
    actions.override(publication, attachment_finding.pk, by=world.reviewer, reason="单位电话")
    actions.approve(publication, by=world.reviewer, today=TODAY, **CHECKLIST)
    actions.publish(publication, by=world.reviewer, version_number=1, today=TODAY)
    states = set(draft.findings.values_list("state", flat=True))
    assert states == {FindingState.MASKED, FindingState.OVERRIDDEN}


def test_findings_kept_in_chinese_are_not_raised_again_for_a_reviewer_using_english(world):
    from django.utils import translation

    publication = world.draft(
        body="<p>处罚对象：刘某，电话13907381234。</p>",
        files=actions.Uploads(
            attachments=[files.xlsx([["联系人", "13800138000"]])], attachment_titles=["联系人"]
        ),
    )
    actions.submit(publication, by=world.clerk, today=TODAY)
    for finding in publication.draft.findings.all():
        actions.override(publication, finding.pk, by=world.reviewer, reason="行政处罚决定公示")
    with translation.override("en"):
        assert actions.screen(publication.draft) == []
        actions.approve(publication, by=world.reviewer, today=TODAY, **CHECKLIST)
        actions.publish(publication, by=world.reviewer, version_number=1, today=TODAY)
    publication.refresh_from_db()
    states = list(publication.current.findings.values_list("state", flat=True))
    assert states == [FindingState.OVERRIDDEN, FindingState.OVERRIDDEN]


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


# Masking inside an attachment ----------------------------------------------------------------

ID = test_redact.ID
PHONE = test_redact.PHONE
MAKERS = {
    "docx": lambda: test_redact.make_docx(),
    "xlsx": lambda: test_redact.make_xlsx(),
    "pdf": lambda: test_redact.make_pdf(f"补助对象王建国，身份证号{ID}，电话{PHONE}。"),
}


def _upload(kind: str, data: bytes | None = None) -> SimpleUploadedFile:
    data = MAKERS[kind]() if data is None else data
    return SimpleUploadedFile(f"补助名单.{kind}", data, "application/octet-stream")


def _submitted_with(world, *uploads: SimpleUploadedFile):
    publication = world.draft(
        files=actions.Uploads(
            attachments=[files.pdf("通知.pdf"), *uploads],
            attachment_titles=["通知", *[f"附件{n}" for n, _ in enumerate(uploads, 1)]],
        )
    )
    actions.submit(publication, by=world.clerk, today=TODAY)
    publication.refresh_from_db()
    return publication


def _finding(publication, value: str = ID) -> Finding:
    return publication.draft.findings.filter(value=value, in_attachment=True).first()


def _text_of(attachment) -> str:
    with attachment.file.open("rb") as handle:
        data = handle.read()
    assert hashlib.sha256(data).hexdigest() == attachment.sha256
    return "\n".join(text for _where, text in privacy.attachment_text(attachment.kind, data))


def _publish(world, publication) -> None:
    """Whatever else the screening found is kept by the reviewer; then approve and publish."""
    for finding in publication.draft.findings.filter(state=FindingState.OPEN):
        actions.override(publication, finding.pk, by=world.reviewer, reason="本人书面同意公开")
    world.approve(publication)
    world.record_approvals(publication)
    actions.publish(
        publication, by=world.reviewer, version_number=publication.draft.number, today=TODAY
    )
    publication.refresh_from_db()


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pdf"])
def test_the_clerk_masks_an_id_number_inside_an_attachment(
    world, kind, django_capture_on_commit_callbacks
):
    publication = _submitted_with(world, _upload(kind))
    draft = publication.draft
    attachment = draft.attachments.get(name=f"补助名单.{kind}")
    before = {"file": attachment.file.name, "sha256": attachment.sha256, "pk": attachment.pk}
    assert ID in _text_of(attachment)
    finding = _finding(publication)
    assert finding.attachment == attachment
    with django_capture_on_commit_callbacks(execute=True):
        masked = actions.mask(publication, finding.pk, by=world.clerk)
    assert masked.state == FindingState.MASKED and masked.settled_by == world.clerk
    attachment.refresh_from_db()
    # The same row, in the same place under the same name, now holds a new file.
    assert attachment.pk == before["pk"] and attachment.name == f"补助名单.{kind}"
    assert [a.name for a in draft.attachments.all()] == ["通知.pdf", f"补助名单.{kind}"]
    assert attachment.sha256 != before["sha256"] and attachment.file.name != before["file"]
    assert attachment.sha256 in attachment.file.name  # still named by its content
    assert not attachment.file.storage.exists(before["file"])  # the original is gone
    text = _text_of(attachment)
    assert ID not in text and "王建国" in text and PHONE in text
    # Every finding of that number in the file is settled; the phone number is still open.
    findings = draft.findings.filter(in_attachment=True)
    assert not findings.filter(value=ID, state=FindingState.OPEN).exists()
    assert findings.filter(value=PHONE, state=FindingState.OPEN).exists()
    event = AuditEvent.objects.for_target(publication).get(action="publication:finding_masked")
    assert event.actor == world.clerk
    assert event.data["attachment"] == f"补助名单.{kind}"
    assert event.data["sha256"] == attachment.sha256
    assert event.data["previous_sha256"] == before["sha256"]

    _publish(world, publication)
    published = publication.current.attachments.get(name=f"补助名单.{kind}")
    assert published.sha256 == attachment.sha256
    response = Client().get(
        f"{publication.get_absolute_url()}v{publication.current.number}/files/{published.pk}/"
    )
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    assert hashlib.sha256(served).hexdigest() == published.sha256
    assert ID not in "".join(t for _w, t in privacy.attachment_text(kind, served))
    assert all(check.valid for check in actions.verify(publication))
    call_command("verify_seals")


def test_the_mask_pattern_applies_to_files_too(world, settings):
    settings.PUBLISHING_PRIVACY_MASK = "{stars}"
    publication = _submitted_with(world, _upload("xlsx"))
    actions.mask(publication, _finding(publication).pk, by=world.clerk)
    text = _text_of(publication.draft.attachments.get(name="补助名单.xlsx"))
    assert ID not in text and "身份证：" + "*" * len(ID) in text


def test_a_finding_stored_before_findings_named_their_file_is_masked_too(world):
    publication = _submitted_with(world, _upload("docx"))
    Finding.objects.filter(in_attachment=True).update(attachment=None)
    masked = actions.mask(publication, _finding(publication).pk, by=world.clerk)
    assert masked.state == FindingState.MASKED and masked.attachment.name == "补助名单.docx"
    assert ID not in _text_of(publication.draft.attachments.get(name="补助名单.docx"))


def test_a_number_split_over_runs_of_a_word_file_is_masked(world):
    import docx

    publication = _submitted_with(world, _upload("docx", test_redact.make_docx(split=True)))
    actions.mask(publication, _finding(publication).pk, by=world.clerk)
    attachment = publication.draft.attachments.get(name="补助名单.docx")
    with attachment.file.open("rb") as handle:
        document = docx.Document(handle)
    assert document.paragraphs[0].text == "补助对象王建国，身份证号1101**********002X，已核实。"
    assert ID not in _text_of(attachment)


def test_a_pdf_value_that_cannot_be_found_is_refused_and_the_finding_stays_open(world):
    data = test_redact.pdf_with_the_number_off_the_page()
    publication = _submitted_with(world, _upload("pdf", data))
    finding = _finding(publication)
    attachment = finding.attachment
    with pytest.raises(ValidationError) as refused:
        actions.mask(publication, finding.pk, by=world.clerk)
    assert refused.value.code == "not_found"
    assert "补助名单.pdf" in refused.value.messages[0]
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN
    unchanged = Attachment.objects.get(pk=attachment.pk)
    assert (unchanged.file.name, unchanged.sha256) == (attachment.file.name, attachment.sha256)
    with unchanged.file.open("rb") as handle:
        assert handle.read() == data
    assert not AuditEvent.objects.filter(action="publication:finding_masked").exists()
    page = client_for(world.clerk).post(
        reverse("publishing:mask", args=[publication.pk, finding.pk]), follow=True
    )
    assert "PDF文字层中找不到这段文字" in page.content.decode()
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN


def test_another_townships_clerk_cannot_mask_a_file_and_is_recorded(world):
    publication = _submitted_with(world, _upload("docx"))
    finding = _finding(publication)
    attachment = finding.attachment
    with pytest.raises(PermissionDenied):
        actions.mask(publication, finding.pk, by=world.other_clerk)
    assert [e.actor for e in refusals(publication, "mask")] == [world.other_clerk]
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN
    assert Attachment.objects.get(pk=attachment.pk).sha256 == attachment.sha256
    page = client_for(world.other_clerk).post(
        reverse("publishing:mask", args=[publication.pk, finding.pk])
    )
    assert page.status_code == 404


def test_masking_a_file_twice_tells_the_second_click_it_was_settled(world):
    publication = _submitted_with(world, _upload("pdf"))
    finding = _finding(publication)
    actions.mask(publication, finding.pk, by=world.clerk)
    sha256 = publication.draft.attachments.get(name="补助名单.pdf").sha256
    with pytest.raises(actions.AlreadyDone):
        actions.mask(publication, finding.pk, by=world.clerk)
    assert publication.draft.attachments.get(name="补助名单.pdf").sha256 == sha256
    assert AuditEvent.objects.filter(action="publication:finding_masked").count() == 1


def test_an_approved_draft_keeps_its_files(world):
    publication = _submitted_with(world, _upload("xlsx"))
    finding = _finding(publication)
    _publish(world, publication)  # the reviewer kept every finding
    with pytest.raises(ValidationError):
        actions.mask(publication, finding.pk, by=world.clerk)


def test_masking_in_an_amendment_leaves_the_published_file_alone(
    world, django_capture_on_commit_callbacks
):
    publication = _submitted_with(world, _upload("docx"))
    _publish(world, publication)  # published with the number kept
    published = publication.current.attachments.get(name="补助名单.docx")
    actions.edit(publication, by=world.clerk, today=TODAY, change_reason="删除身份证号")
    actions.submit(publication, by=world.clerk, today=TODAY)
    publication.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        actions.mask(publication, _finding(publication).pk, by=world.clerk)
    amended = publication.draft.attachments.get(name="补助名单.docx")
    assert amended.sha256 != published.sha256
    published.refresh_from_db()
    assert ID in _text_of(published)  # the published version never changes
    assert ID not in _text_of(amended)
    assert all(check.valid for check in actions.verify(publication))


def test_the_clerk_masks_a_file_from_the_staff_page(world):
    publication = _submitted_with(world, _upload("xlsx"))
    finding = _finding(publication)
    clerk = client_for(world.clerk)
    url = reverse("publishing:mask", args=[publication.pk, finding.pk])
    page = clerk.get(reverse("publishing:detail", args=[publication.pk])).content.decode()
    assert f'action="{url}"' in page
    answer = clerk.post(url, follow=True).content.decode()
    assert "补助名单.xlsx" in answer and "已从" in answer
    assert ID not in _text_of(publication.draft.attachments.get(name="补助名单.xlsx"))
    again = clerk.post(url, follow=True).content.decode()
    assert "该筛查结果已经处理。" in again
    page = clerk.get(reverse("publishing:detail", args=[publication.pk])).content.decode()
    assert f'action="{url}"' not in page
    # An unreadable file has nothing to take out: no button for it.
    unreadable = _submitted_with(world, _upload("pdf", b"%PDF-1.4 broken"))
    bad = unreadable.draft.findings.get(kind="unreadable")
    page = clerk.get(reverse("publishing:detail", args=[unreadable.pk])).content.decode()
    assert reverse("publishing:mask", args=[unreadable.pk, bad.pk]) not in page
    with pytest.raises(ValidationError):
        actions.mask(unreadable, bad.pk, by=world.clerk)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("现场照片.png", files.PNG),
        ("补助名单.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le")),
        ("补助名单.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le")),
        ("扫描件.pdf", None),
    ],
)
def test_a_file_whose_text_cannot_be_read_must_be_checked_by_hand(world, name, data):
    upload = (
        files.pdf_of_pages(2, name)
        if data is None
        else SimpleUploadedFile(name, data, "application/octet-stream")
    )
    publication = world.draft(
        files=actions.Uploads(attachments=[upload], attachment_titles=["需人工核查的附件"])
    )
    actions.submit(publication, by=world.clerk, today=TODAY)
    publication.refresh_from_db()
    finding = publication.draft.findings.get(kind="unreadable", state=FindingState.OPEN)
    assert finding.value == name and finding.attachment.name == name
    assert "人工核查" in str(privacy.KINDS[finding.kind])
    # Nothing open is approved: the reviewer must look at the file and keep it with a reason.
    with pytest.raises(ValidationError):
        world.approve(publication)
    actions.override(publication, finding.pk, by=world.reviewer, reason="已人工核查，无个人信息")
    world.approve(publication)


def test_attachments_are_read_before_the_submit_transaction(world, monkeypatch):
    """Submitting reads the files first; inside the write transaction no parser runs."""
    publication = world.draft(
        files=actions.Uploads(attachments=[_upload("docx")], attachment_titles=["说明"])
    )
    from collections import OrderedDict

    from django.db import connection

    from gongkai.publishing.actions import screening

    # Start with no text remembered: another test may have read the same bytes before.
    monkeypatch.setattr(screening, "_TEXTS", OrderedDict())
    reads = []
    real = privacy.attachment_text
    outside = len(connection.atomic_blocks)  # the test's own transaction

    def reading(kind, data):
        reads.append(len(connection.atomic_blocks) > outside)
        return real(kind, data)

    monkeypatch.setattr(privacy, "attachment_text", reading)
    actions.submit(publication, by=world.clerk, today=TODAY)
    assert reads == [False]  # read once, outside; the screening inside took the text read
    assert publication.draft.findings.filter(in_attachment=True, value=ID).exists()
