"""The applicant answers a correction request (补正) through the secret link: the corrected
application is received on the day of the answer, and the 20 working days start again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.timezone import localdate

from gongkai.core.models import AuditEvent
from gongkai.core.workdays import WorkdayCalendar
from gongkai.info_requests import actions
from gongkai.info_requests.clock import Stage
from gongkai.info_requests.models import CorrectionFile

from .factories import docx_upload, received, tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The reasons are matched in English here."""
    with translation.override("en"):
        yield


RECEIVED = dt.date(2026, 3, 2)
ASKED = dt.date(2026, 3, 4)
DEADLINE = dt.date(2026, 3, 18)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _asked(received_on=RECEIVED, asked=ASKED, deadline=DEADLINE):
    units = tree()
    req = received(units["township"], received_on)
    actions.ask_clarification(
        req,
        by=None,
        date=asked,
        today=asked,
        corrections="请写明所需预算和验收报告涉及的具体路段。",
        deadline=deadline,
    )
    req.refresh_from_db()
    return req


@pytest.mark.parametrize(
    ("answered", "due"),
    [
        (dt.date(2026, 3, 9), dt.date(2026, 4, 7)),  # Monday: 20 working days, 清明 4-6 off
        (dt.date(2026, 3, 13), dt.date(2026, 4, 13)),  # Friday
        (DEADLINE, dt.date(2026, 4, 16)),  # the last day still counts
    ],
)
def test_the_answer_sets_the_corrected_receipt_and_restarts_the_clock(answered, due):
    req = _asked()
    actions.answer_correction(
        req,
        text="所需信息为青山村至白水村路段（约3.2公里）的预算和验收报告。",
        today=answered,
    )
    req.refresh_from_db()
    assert req.stage == Stage.RECEIVED
    assert req.due_on == WorkdayCalendar.load().add_working_days(answered, 20) == due
    event = req.events.get(type="corrected")
    assert (event.date, event.data["online"]) == (answered, True)
    audit = AuditEvent.objects.get(action="info_request:correction_answered")
    assert "answer" not in audit.data  # the applicant's words stay out of the audit trail


def test_files_are_checked_like_every_upload_and_kept_with_the_step():
    req = _asked()
    with pytest.raises(ValidationError) as refused:
        actions.answer_correction(
            req, text="", files=[SimpleUploadedFile("路段.pdf", b"not a pdf")], today=ASKED
        )
    assert "files" in refused.value.message_dict
    with pytest.raises(ValidationError):
        actions.answer_correction(req, text="  ", today=ASKED)
    req.refresh_from_db()
    assert req.stage == Stage.AWAITING_CORRECTION
    actions.answer_correction(
        req, text="", files=[docx_upload("路段说明.docx", "青山村至白水村路段。")], today=ASKED
    )
    assert CorrectionFile.objects.get(info_request=req).kind == "docx"


def test_after_the_deadline_the_link_takes_no_answer():
    req = _asked()
    with pytest.raises(ValidationError, match="2026-03-18"):
        actions.answer_correction(req, text="补正内容。", today=DEADLINE + dt.timedelta(days=1))


def test_the_status_page_offers_the_form_and_a_wrong_token_finds_nothing(client):
    today = localdate()
    req = _asked(today, today, today + dt.timedelta(days=15))
    url = reverse("portal:correct_application", args=[req.tracking_code])
    status = client.get(
        req.status_path(), HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True
    ).content.decode()
    assert url in status
    assert client.get(url + "?token=wrong").status_code == 404
    empty = client.post(url + f"?token={req.token}", {"text": ""})
    assert empty.status_code == 400
    done = client.post(url + f"?token={req.token}", {"text": "所需信息为青山村路段的验收报告。"})
    assert done.status_code == 302
    req.refresh_from_db()
    assert req.stage == Stage.RECEIVED
