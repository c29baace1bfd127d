"""Every file an application takes (the applicant's correction, the files a reply releases) is
checked by the attachments' one validator, in the action as well as in the form: whatever
path a file comes by, the same file is refused with the same reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.timezone import localdate

from gongkai.core.tests.factories import PASSWORD
from gongkai.info_requests import actions
from gongkai.info_requests.clock import Stage
from gongkai.info_requests.forms import CorrectionAnswerForm, ReplyForm
from gongkai.publishing import uploads

from .factories import docx_upload, people, received, tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _bad_files():
    """Files the old name-only check let through: a note, an archive, a PDF named as Word."""
    return [
        SimpleUploadedFile("说明.txt", "只是文字".encode()),
        SimpleUploadedFile("材料.zip", b"PK\x03\x04not really"),
        SimpleUploadedFile("名单.docx", b"%PDF-1.4\n%%EOF\n"),
    ]


def _reason(upload) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        uploads.check_attachment(upload)
    upload.seek(0)
    return refused.value.messages


@pytest.mark.parametrize("index", range(3))
def test_a_reply_file_is_refused_the_same_by_the_form_the_page_and_the_action(client, index):
    units = tree()
    staff = people(units)
    req = received(units["township"], localdate())
    reason = _reason(_bad_files()[index])

    form = ReplyForm(
        {"date": localdate().isoformat(), "outcome": "disclosed"},
        {"files": [_bad_files()[index]]},
        today=localdate(),
    )
    assert not form.is_valid()
    assert form.errors["files"] == reason

    assert client.login(username=staff["clerk"].username, password=PASSWORD)
    response = client.post(
        reverse("info_requests:step", args=[req.tracking_code, "reply"]),
        {
            "reply-date": localdate().isoformat(),
            "reply-outcome": "disclosed",
            "reply-files": [_bad_files()[index]],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert escape(reason[0]) in response.content.decode()

    upload = _bad_files()[index]
    with pytest.raises(ValidationError) as refused:
        actions.reply(
            req,
            by=staff["clerk"],
            date=localdate(),
            today=localdate(),
            outcome="disclosed",
            files=[(upload.name, upload)],
        )
    assert refused.value.messages == reason
    req.refresh_from_db()
    assert req.stage == Stage.RECEIVED


@pytest.mark.parametrize("index", range(3))
def test_an_applicants_correction_file_is_refused_the_same_by_the_form_and_the_action(index):
    units = tree()
    asked = dt.date(2026, 3, 4)
    req = received(units["township"], dt.date(2026, 3, 2))
    actions.ask_clarification(
        req,
        by=None,
        date=asked,
        today=asked,
        corrections="请写明路段。",
        deadline=dt.date(2026, 3, 18),
    )
    req.refresh_from_db()
    reason = _reason(_bad_files()[index])

    form = CorrectionAnswerForm({"text": "青山村路段"}, {"files": [_bad_files()[index]]})
    assert not form.is_valid()
    assert form.errors["files"] == reason

    with pytest.raises(ValidationError) as refused:
        actions.answer_correction(req, text="青山村路段", files=[_bad_files()[index]], today=asked)
    assert refused.value.message_dict["files"] == reason
    req.refresh_from_db()
    assert req.stage == Stage.AWAITING_CORRECTION


def test_a_good_file_passes_both():
    form = CorrectionAnswerForm({"text": ""}, {"files": [docx_upload("路段.docx", "青山村。")]})
    assert form.is_valid(), form.errors
