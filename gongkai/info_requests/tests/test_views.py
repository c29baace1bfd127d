from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localdate

from gongkai.core.tests.factories import PASSWORD
from gongkai.info_requests import actions
from gongkai.info_requests.clock import Stage
from gongkai.info_requests.models import Filing, InfoRequest

from .factories import docx_upload, people, received, submitted, tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files go to a temporary folder, not the developer's var/."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def units():
    return tree()


@pytest.fixture
def staff(units):
    return people(units)


def sign_in(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def form_data(unit, **overrides) -> dict:
    return {
        "unit": unit.pk,
        "applicant_type": "natural_person",
        "applicant_name": "张桂芳",
        "id_type": "id_card",
        "id_number": "431399196803121526",
        "contact_phone": "13907381234",
        "contact_email": "",
        "contact_address": "青山村3组",
        "description": "请求公开2025年度青山村低保对象名单。",
        "delivery": "paper",
        **overrides,
    }


def test_a_villager_applies_without_an_account_and_follows_the_link(client, units):
    response = client.post(
        reverse("info_requests_public:apply"), form_data(units["township"]), follow=True
    )
    assert response.status_code == 200
    req = InfoRequest.objects.get()
    # The address never carries the secret; the page shows the link to keep, once.
    assert response.redirect_chain[-1][0] == req.tracking_path()
    assert all("token" not in url for url, _code in response.redirect_chain)
    page = response.content.decode()
    assert req.tracking_code in page
    assert f"token={req.token}" in page  # the secret link is shown to keep
    assert response["Cache-Control"] == "private, no-store"


def test_a_half_filled_form_comes_back_with_everything_typed_and_translated_errors(client, units):
    data = form_data(
        units["township"],
        applicant_type="commercial_enterprise",
        contact_phone="",
        delivery="electronic",
    )
    response = client.post(
        reverse("info_requests_public:apply"), data, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "请求公开2025年度青山村低保对象名单。" in page  # nothing typed is lost
    assert "张桂芳" in page
    assert "这个字段是必填项" in page  # Django's own message, in Chinese
    assert "组织应当填写联系人" in page
    assert "电子" in page
    assert not InfoRequest.objects.exists()


def test_a_wrong_token_shows_nothing(client, units):
    req = submitted(units["township"], localdate())
    url = reverse("info_requests_public:status", kwargs={"code": req.tracking_code})
    assert client.get(url + "?token=wrong").status_code == 404
    assert client.get(url).status_code == 404
    page = client.get(url + f"?token={req.token}", follow=True).content.decode()
    # Even the applicant's own page does not repeat their name: a forwarded link leaks less.
    assert req.applicant_name not in page
    assert req.unit.name in page


def test_the_secret_token_leaves_the_address_after_the_first_visit(client, units):
    req = submitted(units["township"], localdate())
    clean = reverse("info_requests_public:status", kwargs={"code": req.tracking_code})
    # An old link still works, once per browser: it answers with a redirect to the address
    # without the token, which access logs, history and the Referer header then carry.
    first = client.get(req.status_path())
    assert first.status_code == 302 and first["Location"] == clean
    assert first["Referrer-Policy"] == "no-referrer"
    page = client.get(clean)
    assert page.status_code == 200 and req.unit.name in page.content.decode()
    assert f"?token={req.token}" not in page.content.decode()  # links on the page omit it
    # Another browser without the link sees nothing.
    assert Client().get(clean).status_code == 404


def test_the_tracking_form_posts_the_secret_key(client, units):
    req = submitted(units["township"], localdate())
    track = reverse("info_requests_public:track")
    page = client.get(track).content.decode()
    assert 'method="post"' in page
    wrong = client.post(track, {"code": req.tracking_code, "token": "wrong"})
    assert wrong.status_code == 404
    response = client.post(track, {"code": req.tracking_code.lower(), "token": req.token})
    assert response.status_code == 302 and "token" not in response["Location"]
    assert response["Location"] == req.tracking_path()
    assert client.get(response["Location"]).status_code == 200


def test_the_status_page_shows_every_step_and_the_current_due_date(client, units, staff):
    req = received(units["township"], dt.date(2026, 3, 2))
    actions.extend(
        req, by=staff["leader"], date=dt.date(2026, 3, 3), today=localdate(), reason="调档"
    )
    actions.assign(req, by=staff["clerk"], to=staff["clerk"], today=localdate())
    page = client.get(req.status_path(), follow=True).content.decode()
    assert "2026-03-30" in page and "2026-04-28" in page  # old and new due dates
    assert staff["clerk"].full_name not in page  # internal steps are not shown
    assert staff["leader"].full_name in page  # the head who approved the extension


def test_the_handler_sees_the_unconfirmed_queue_and_confirms(
    client, units, staff, django_assert_max_num_queries
):
    req = submitted(units["township"], localdate() - dt.timedelta(days=7))
    submitted(units["other_township"], localdate())
    sign_in(client, staff["clerk"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("info_requests:queue")).content.decode()
    assert req.tracking_code in page
    assert page.count("/staff/applications/2") == 1  # the other township's is not here
    response = client.post(
        reverse("info_requests:step", args=[req.tracking_code, "receive"]),
        {"receive-date": localdate().isoformat()},
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.stage == Stage.RECEIVED


def test_the_queue_does_not_grow_queries_with_applications(
    client, units, staff, django_assert_num_queries
):
    sign_in(client, staff["clerk"])
    received(units["township"], localdate())
    submitted(units["township"], localdate())
    with django_assert_num_queries(11):
        client.get(reverse("info_requests:queue"))
    for _ in range(5):
        received(units["township"], localdate())
        submitted(units["township"], localdate())
    with django_assert_num_queries(11):
        client.get(reverse("info_requests:queue"))


def test_a_step_out_of_order_is_explained_and_not_recorded(client, units, staff):
    req = received(units["township"], localdate())
    sign_in(client, staff["clerk"])
    response = client.post(
        reverse("info_requests:step", args=[req.tracking_code, "corrected"]),
        {"corrected-date": localdate().isoformat()},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert "没有等待补正的补正通知" in response.content.decode()
    assert req.events.count() == 2


def test_another_townships_clerk_cannot_open_an_application(client, units, staff):
    req = received(units["township"], localdate())
    sign_in(client, staff["other_clerk"])
    assert client.get(reverse("info_requests:detail", args=[req.tracking_code])).status_code == 403


def test_a_reply_with_files_and_a_refusal_letter(client, units, staff):
    req = received(units["township"], localdate())
    sign_in(client, staff["clerk"])
    upload = docx_upload(
        "名单.docx", "青山村2025年度低保对象：张桂芳，家庭人口3人，月保障金额680元。"
    )
    response = client.post(
        reverse("info_requests:step", args=[req.tracking_code, "reply"]),
        {
            "reply-date": localdate().isoformat(),
            "reply-outcome": "partly_disclosed",
            "reply-legal_basis": "《政府信息公开条例》第十五条",
            "reply-reasons": "身份证号码属于个人隐私，不予公开。",
            "reply-files": [upload],
        },
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.stage == Stage.REPLY_PENDING  # a draft until another person signs it off
    assert req.documents.get().name == "名单.docx"
    sign_off = reverse("info_requests:step", args=[req.tracking_code, "sign_off"])
    refused = client.post(
        sign_off, {"sign_off-date": localdate().isoformat()}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert refused.status_code == 400
    req.refresh_from_db()
    assert req.stage == Stage.REPLY_PENDING
    sign_in(client, staff["leader"])
    page = client.get(reverse("info_requests:detail", args=[req.tracking_code])).content.decode()
    assert 'name="sign_off-date"' in page
    assert client.post(sign_off, {"sign_off-date": localdate().isoformat()}).status_code == 302
    req.refresh_from_db()
    assert (req.stage, req.replied_on) == (Stage.REPLIED, localdate())
    assert Filing.objects.filter(info_request=req).exists()
    # The applicant downloads the released file through the secret link, and only so.
    doc = req.documents.get()
    url = reverse("info_requests_public:document", args=[req.tracking_code, doc.pk])
    client.logout()
    download = client.get(url + f"?token={req.token}")
    assert b"".join(download.streaming_content).startswith(b"PK")
    assert Client().get(url + "?token=wrong").status_code == 404
    assert Client().get(url).status_code == 404
    # Once the link was opened, the browser downloads without the token in the address.
    again = client.get(url)
    assert b"".join(again.streaming_content).startswith(b"PK")
    sign_in(client, staff["clerk"])
    letter = client.get(
        reverse("info_requests:letter", args=[req.tracking_code]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    text = letter.content.decode()
    assert "答复如下：部分公开" in text
    assert "行政复议" in text and "60" in text and units["county"].name in text


def test_an_oversized_or_strange_upload_is_refused(client, units, staff, settings):
    req = received(units["township"], localdate())
    sign_in(client, staff["clerk"])
    upload = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        reverse("info_requests:step", args=[req.tracking_code, "reply"]),
        {
            "reply-date": localdate().isoformat(),
            "reply-outcome": "disclosed",
            "reply-files": [upload],
        },
    )
    assert response.status_code == 400
    req.refresh_from_db()
    assert req.stage == Stage.RECEIVED


def test_staff_register_an_in_person_application(client, units, staff):
    sign_in(client, staff["clerk"])
    data = form_data(units["township"], channel="in_person", received_on=localdate().isoformat())
    response = client.post(reverse("info_requests:register"), data)
    assert response.status_code == 302
    req = InfoRequest.objects.get()
    assert (req.channel, req.stage, req.received_on) == ("in_person", Stage.RECEIVED, localdate())
    # The clerk can hand the applicant the status link from the application's page.
    page = client.get(response["Location"]).content.decode()
    assert f"token={req.token}" in page


def test_the_county_supervisor_sees_every_townships_queue(
    client, units, staff, django_assert_max_num_queries
):
    late = received(units["township"], localdate() - dt.timedelta(days=60))
    received(units["other_office"], localdate())
    sign_in(client, staff["supervisor"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("info_requests:supervise")).content.decode()
    assert units["other_office"].name in page
    assert late.tracking_code in page
    assert late.applicant_name not in page  # personal data stays with the handlers
    picked = client.get(
        reverse("info_requests:supervise") + f"?unit={units['other_office'].org_code}"
    )
    assert picked.status_code == 200
    assert (
        InfoRequest.objects.get(unit=units["other_office"]).tracking_code in picked.content.decode()
    )
    sign_in(client, staff["clerk"])
    assert client.get(reverse("info_requests:supervise")).status_code == 403


def test_the_supervisor_acknowledges_a_filing(client, units, staff):
    req = received(units["township"], localdate())
    actions.reply(
        req,
        by=staff["clerk"],
        date=localdate(),
        today=localdate(),
        outcome="state_secret",
        reasons="密",
        legal_basis="第十四条",
    )
    actions.sign_off(req, by=staff["leader"], date=localdate(), today=localdate())
    filing = Filing.objects.get()
    sign_in(client, staff["supervisor"])
    assert req.tracking_code in client.get(reverse("info_requests:filings")).content.decode()
    client.post(reverse("info_requests:acknowledge", args=[filing.pk]))
    filing.refresh_from_db()
    assert filing.acknowledged_by == staff["supervisor"]


def test_the_track_page_shows_status_and_due_date_for_the_code_and_phone(client, units):
    from django.core.cache import cache

    cache.clear()
    req = received(units["township"], dt.date(2026, 3, 2))
    last4 = "".join(c for c in req.contact_phone if c.isdigit())[-4:]
    url = reverse("info_requests_public:track")
    page = client.get(
        url, {"code": req.tracking_code, "phone_last4": last4}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "2026-03-30" in text and req.tracking_code in text
    assert req.applicant_name not in text and req.description not in text
    wrong = client.get(url, {"code": req.tracking_code, "phone_last4": "9999"})
    assert wrong.status_code == 404 and "2026-03-30" not in wrong.content.decode()
    cache.clear()


def test_a_finding_in_a_released_file_is_shown_and_settled_on_the_page(client, units, staff):
    req = received(units["township"], localdate())
    sign_in(client, staff["clerk"])
    upload = docx_upload("名单.docx", "申请人身份证号：431321198203150016")
    client.post(
        reverse("info_requests:step", args=[req.tracking_code, "reply"]),
        {
            "reply-date": localdate().isoformat(),
            "reply-outcome": "disclosed",
            "reply-files": [upload],
        },
    )
    page = client.get(
        reverse("info_requests:detail", args=[req.tracking_code]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "431321198203150016" in page and "居民身份证号码" in page
    finding = actions.open_findings(req).get()
    sign_in(client, staff["leader"])
    refused = client.post(
        reverse("info_requests:step", args=[req.tracking_code, "sign_off"]),
        {"sign_off-date": localdate().isoformat()},
    )
    assert refused.status_code == 400
    keep = reverse("info_requests:finding", args=[req.tracking_code, finding.pk, "keep"])
    assert client.post(keep, {"reason": "系申请人本人信息，依申请向本人提供。"}).status_code == 302
    done = client.post(
        reverse("info_requests:step", args=[req.tracking_code, "sign_off"]),
        {"sign_off-date": localdate().isoformat()},
    )
    assert done.status_code == 302


def test_other_steps_art_44_and_art_41_from_the_application_page(client, units, staff):
    req = received(units["township"], localdate())
    sign_in(client, staff["clerk"])
    page = client.get(reverse("info_requests:detail", args=[req.tracking_code])).content.decode()
    assert reverse("info_requests:proactive", args=[req.tracking_code]) in page
    ask = reverse("info_requests:records", args=[req.tracking_code, "ask"])
    response = client.post(
        ask,
        {
            "records_ask-date": localdate().isoformat(),
            "records_ask-records": "低保名单中本人家庭人口记录有误。",
            "records_ask-evidence": "户口簿",
        },
    )
    assert response.status_code == 302
    assert req.events.filter(type="records_asked").exists()
    page = client.get(reverse("info_requests:detail", args=[req.tracking_code])).content.decode()
    assert reverse("info_requests:records", args=[req.tracking_code, "decide"]) in page
    sign_in(client, staff["leader"])
    marked = client.post(
        reverse("info_requests:proactive", args=[req.tracking_code]),
        {"reason": "本年已有6人申请同一信息。"},
    )
    assert marked.status_code == 302
    assert req.events.filter(type="proactive_proposed").exists()
