"""Files released with a reply are screened for personal information, as publications are; an
open finding holds the sign-off until it is masked or kept with a reason."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from gongkai.core.models import AuditEvent
from gongkai.info_requests import actions
from gongkai.info_requests.clock import Stage
from gongkai.info_requests.models import FindingState

from .factories import docx_upload, people, received, tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The reasons are matched in English here."""
    with translation.override("en"):
        yield


DAY = dt.date(2026, 3, 2)
TODAY = dt.date(2026, 3, 20)
ID_NUMBER = "431321198203150016"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _drafted(units, staff, *paragraphs: str):
    req = received(units["township"], DAY)
    upload = docx_upload("低保名单.docx", *paragraphs)
    actions.reply(
        req,
        by=staff["clerk"],
        date=DAY + dt.timedelta(days=5),
        today=TODAY,
        outcome="disclosed",
        files=[("低保名单.docx", upload)],
    )
    return req


@pytest.fixture
def units():
    return tree()


@pytest.fixture
def staff(units):
    return people(units)


def test_an_id_number_in_a_released_file_holds_the_sign_off_until_masked(units, staff):
    req = _drafted(units, staff, "青山村低保对象：张桂芳，家庭人口3人。", f"身份证号：{ID_NUMBER}")
    findings = list(actions.open_findings(req))
    assert [f.kind for f in findings] == ["id18"]
    with pytest.raises(ValidationError, match="personal information"):
        actions.sign_off(req, by=staff["leader"], date=DAY + dt.timedelta(days=6), today=TODAY)
    req.refresh_from_db()
    assert req.stage == Stage.REPLY_PENDING

    actions.mask_finding(req, findings[0].pk, by=staff["clerk"])
    document = req.documents.get()
    with document.file.open("rb") as handle:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(handle.read())).paragraphs)
    assert ID_NUMBER not in text and "张桂芳" in text
    assert AuditEvent.objects.filter(action="info_request:finding_masked").count() == 1
    actions.sign_off(req, by=staff["leader"], date=DAY + dt.timedelta(days=6), today=TODAY)
    req.refresh_from_db()
    assert req.stage == Stage.REPLIED


def test_a_finding_kept_with_a_reason_by_a_leader_lets_the_reply_go(units, staff):
    req = _drafted(units, staff, f"申请人本人身份证号：{ID_NUMBER}")
    finding = actions.open_findings(req).get()
    with pytest.raises(PermissionDenied):  # a clerk cannot decide to release it
        actions.keep_finding(req, finding.pk, by=staff["clerk"], reason="申请人本人的信息。")
    with pytest.raises(ValidationError):
        actions.keep_finding(req, finding.pk, by=staff["leader"], reason="  ")
    actions.keep_finding(req, finding.pk, by=staff["leader"], reason="申请人本人的信息。")
    finding.refresh_from_db()
    assert (finding.state, finding.reason) == (FindingState.KEPT, "申请人本人的信息。")
    assert AuditEvent.objects.filter(action="info_request:finding_kept").count() == 1
    actions.sign_off(req, by=staff["leader"], date=DAY + dt.timedelta(days=6), today=TODAY)


def test_a_file_without_personal_information_goes_out_at_once(units, staff):
    req = _drafted(units, staff, "青山村2025年度低保资金发放总额：12.6万元。")
    assert not actions.open_findings(req).exists()
    actions.sign_off(req, by=staff["leader"], date=DAY + dt.timedelta(days=6), today=TODAY)


def test_a_file_that_is_not_what_its_name_says_is_refused(units, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    req = received(units["township"], DAY)
    fake = SimpleUploadedFile("名单.pdf", b"just text, not a PDF")
    with pytest.raises(ValidationError):
        actions.reply(
            req,
            by=staff["clerk"],
            date=DAY + dt.timedelta(days=5),
            today=TODAY,
            outcome="disclosed",
            files=[("名单.pdf", fake)],
        )
    assert not req.documents.exists()


def test_a_hostile_reply_file_is_refused_before_anything_is_written(units, staff):
    """A few kilobytes of Word file with a million empty paragraphs: refused by its shape
    before any parser runs, with a message that names it; no reply, no file, no event."""
    from gongkai.publishing.tests.files import hostile_docx

    req = received(units["township"], DAY)
    events = req.events.count()
    with pytest.raises(ValidationError) as refused:
        actions.reply(
            req,
            by=staff["clerk"],
            date=DAY + dt.timedelta(days=5),
            today=TODAY,
            outcome="disclosed",
            files=[("空段落.docx", hostile_docx())],
        )
    assert "空段落.docx" in " ".join(refused.value.messages)
    req.refresh_from_db()
    assert req.stage == Stage.RECEIVED
    assert req.events.count() == events and not req.documents.exists()


def test_reply_files_are_read_for_the_screening_outside_the_write_transaction(
    units, staff, monkeypatch
):
    from django.db import connection

    from gongkai.publishing import privacy

    read = privacy.attachment_text
    depths = []

    def spy(kind, data):
        depths.append(len(connection.savepoint_ids))
        return read(kind, data)

    monkeypatch.setattr(privacy, "attachment_text", spy)
    outside = len(connection.savepoint_ids)
    req = _drafted(units, staff, f"身份证号：{ID_NUMBER}")
    assert depths == [outside]
    assert [f.kind for f in actions.open_findings(req)] == ["id18"]
