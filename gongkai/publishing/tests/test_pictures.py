"""Pictures in the text: uploaded from the editor as attachments of the draft, kept in the body
only at our own address, shown to staff while a draft and to everyone once published."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.publishing import actions
from gongkai.publishing.richtext import clean_html, picture_url
from gongkai.publishing.templatetags.richtext_tags import table_boxes

from . import files
from .conftest import TODAY
from .test_visibility import client_for

pytestmark = pytest.mark.django_db


def upload(client: Client, publication, file, title: str = ""):
    return client.post(
        reverse("publishing:add_picture", args=[publication.pk]), {"file": file, "title": title}
    )


def test_the_body_keeps_a_picture_only_at_our_own_address():
    ours = picture_url(12)
    body = (
        f'<p>现场照片：<img src="{ours}" alt="施工现场" style="width:50%" data-href=""></p>'
        '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="粘贴"></p>'
        '<p><img src="file:///C:/Users/clerk/AppData/image001.png"></p>'
        '<p><img src="https://example.com/x.png" alt="外站"><img alt="无地址"></p>'
    )
    assert clean_html(body) == (
        f'<p>现场照片：<img src="{ours}" alt="施工现场"></p><p></p><p></p><p></p>'
    )


def test_a_clerk_uploads_a_picture_and_it_becomes_an_attachment_of_the_draft(world):
    publication = world.draft()
    client = client_for(world.clerk)
    answer = upload(client, publication, files.png("村道硬化施工现场.png"))
    assert answer.status_code == 200
    picture = publication.draft.attachments.get()
    assert answer.json() == {
        "url": picture_url(picture.pk),
        "alt": "村道硬化施工现场",
        "title": "村道硬化施工现场",
    }
    assert (picture.title, picture.kind) == ("村道硬化施工现场", "png")
    event = AuditEvent.objects.get(action="publication:picture_added")
    assert event.data == {"version": 1, "name": "村道硬化施工现场.png"}
    # The clerk sees it at that address while writing; a reader does not.
    assert client.get(picture_url(picture.pk))["Content-Type"] == "image/png"
    assert Client().get(picture_url(picture.pk)).status_code == 404
    assert client_for(world.other_staff).get(picture_url(picture.pk)).status_code == 404


@pytest.mark.parametrize(
    ("file", "says"),
    [
        (files.pdf, "不是图片"),
        (lambda: files.png("照片.pdf"), "内容是PNG"),
        (lambda: SimpleUploadedFile("空.png", b""), "是空文件"),
    ],
)
def test_what_is_not_a_picture_is_refused_in_words(world, file, says):
    publication = world.draft()
    answer = upload(client_for(world.clerk), publication, file())
    assert answer.status_code == 400
    assert says in answer.json()["error"]
    assert not publication.draft.attachments.exists()


def test_a_picture_larger_than_the_limit_is_refused(world, settings):
    settings.GONGKAI_PICTURE_MAX_BYTES = 50
    publication = world.draft()
    answer = upload(client_for(world.clerk), publication, files.png())
    assert answer.status_code == 400
    assert "文中的图片最大" in answer.json()["error"]


def test_no_picture_without_a_draft_to_keep_it_nor_from_someone_who_may_not_write(world):
    publication = world.draft()
    world.publish(publication)
    answer = upload(client_for(world.clerk), publication, files.png())
    assert answer.status_code == 400
    assert "请先保存" in answer.json()["error"]
    other = world.draft()
    assert upload(client_for(world.reviewer), other, files.png()).status_code == 403
    assert not other.draft.attachments.exists()


def test_a_pasted_picture_inside_the_text_is_refused_with_a_reason(world):
    publication = world.draft()
    client = client_for(world.clerk)
    page = client.get(reverse("publishing:edit", args=[publication.pk]))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields if not form[name].field.disabled}
    data |= {
        "body": '<p>照片<img src="data:image/png;base64,iVBORw0KGgo="></p>',
        "written_on": "2026-07-01",
    }
    answer = client.post(reverse("publishing:edit", args=[publication.pk]), data)
    assert answer.status_code == 200
    assert "图片按钮" in answer.context["form"].errors["body"][0]
    publication.refresh_from_db()
    assert "data:" not in publication.draft.body


def test_the_published_page_shows_the_picture_titled_by_its_alt_text(world):
    publication = world.draft()
    clerk = client_for(world.clerk)
    url = upload(clerk, publication, files.png("IMG_0042.png")).json()["url"]
    actions.edit(
        publication,
        by=world.clerk,
        today=TODAY,
        body=f'<p>修缮后的村委会：</p><p><img src="{url}" alt="修缮后的村委会办公楼"></p>',
    )
    picture = publication.draft.attachments.get()
    assert picture.title == "修缮后的村委会办公楼"  # the alt text the clerk gave it
    world.submit(publication)
    # Screening sees the picture with the draft's other attachments: a person checks it.
    finding = publication.draft.findings.get(kind="unreadable")
    assert finding.value == "IMG_0042.png"
    actions.override(publication, finding.pk, by=world.reviewer, reason="已人工核对，无个人信息")
    world.approve(publication)
    world.record_approvals(publication)
    actions.publish(publication, by=world.reviewer, version_number=1, today=TODAY)
    publication.refresh_from_db()

    reader = Client()
    page = reader.get(publication.get_absolute_url()).content.decode()
    assert f'<img src="{url}" alt="修缮后的村委会办公楼">' in page
    assert reader.get(url)["Content-Type"] == "image/png"
    # An amendment keeps the picture where it was; once withdrawn, it is gone.
    actions.edit(
        publication, by=world.clerk, today=TODAY, summary="修缮情况。", change_reason="补充概述"
    )
    assert reader.get(url).status_code == 200
    actions.discard_amendment(publication, by=world.clerk)
    actions.withdraw(publication, by=world.reviewer, reason="内容有误")
    assert reader.get(url).status_code == 404


def test_each_table_of_the_text_is_in_a_box_of_its_own():
    body = (
        "<p>说明</p><table><tr><td>甲<table><tr><td>内</td></tr></table></td></tr></table>"
        "<p>又</p><table><tr><td>乙</td></tr></table>"
    )
    boxed = table_boxes(body)
    assert boxed.count('<div class="table-scroll body-table" role="region" tabindex="0"') == 2
    assert 'aria-label="正文表格1"><table><tr><td>甲<table>' in boxed
    assert "</table></td></tr></table></div><p>又</p>" in boxed
    assert boxed.endswith("<td>乙</td></tr></table></div>")


def test_an_amendment_shows_its_own_copy_of_a_picture(world):
    publication = world.draft()
    clerk = client_for(world.clerk)
    url = upload(clerk, publication, files.png("IMG_0042.png")).json()["url"]
    body = f'<p>修缮后：</p><p><img src="{url}" alt="村委会办公楼"></p>'
    actions.edit(publication, by=world.clerk, today=TODAY, body=body)
    world.submit(publication)
    finding = publication.draft.findings.get(kind="unreadable")
    actions.override(publication, finding.pk, by=world.reviewer, reason="已人工核对，无个人信息")
    world.approve(publication)
    world.record_approvals(publication)
    actions.publish(publication, by=world.reviewer, version_number=1, today=TODAY)
    publication.refresh_from_db()
    published = publication.current.attachments.get()

    # The edit form starts from the published text, so it names the published picture; the
    # clerk gives the picture a better title in the amendment.
    actions.edit(
        publication,
        by=world.clerk,
        today=TODAY,
        body=body.replace("村委会办公楼", "修缮后的村委会办公楼"),
        change_reason="图片说明更准确",
    )
    draft = publication.draft
    copy = draft.attachments.get()
    assert copy.pk != published.pk
    assert picture_url(copy.pk) in draft.body and url not in draft.body
    assert copy.title == "修缮后的村委会办公楼"
    published.refresh_from_db()
    assert published.title == "村委会办公楼"  # the published version is untouched
    edited = AuditEvent.objects.filter(action="publication:edited").latest("pk")
    assert edited.data["fields"] == ["body", "change_reason"]

    # A summary-only amendment does not count the text as changed.
    actions.discard_amendment(publication, by=world.clerk)
    actions.edit(
        publication, by=world.clerk, today=TODAY, summary="修缮情况。", change_reason="补充"
    )
    edited = AuditEvent.objects.filter(action="publication:edited").latest("pk")
    assert edited.data["fields"] == ["change_reason", "summary"]
    assert url not in publication.draft.body
    # The published page still shows the published copy.
    assert Client().get(url)["Content-Type"] == "image/png"
