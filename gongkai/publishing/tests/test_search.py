"""Published publications are found by the portal's search; internal ones only by their staff."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gongkai.publishing import actions, search_documents
from gongkai.publishing.models import Publication
from gongkai.search import index

from .test_visibility import client_for


def test_publishing_puts_the_current_version_in_the_search(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        public = world.draft(
            "T04",
            title="青山镇2026年财政预算公开",
            topic="finance",
            period="2026年度",
            approval_reference="2026年1月9日乡人民代表大会审查批准",
            body="<p>农林水支出1940万元。</p>",
        )
        world.publish(public)
        internal = world.draft(
            "I03",
            title="青山镇机关公务接待费开支",
            topic="finance",
            period="2026年上半年",
            body="<p>接待费合计4680元。</p>",
        )
        world.publish(internal)
        draft = world.draft(title="青山镇尚未发布的财政草稿")
    assert draft.index_no is None

    found = index.search("财政", user_scope=())
    assert [hit.title for hit in found.hits] == ["青山镇2026年财政预算公开"]
    assert index.search("接待费", user_scope=()).total == 0
    assert index.search("接待费", user_scope=[world.other_township.pk]).total == 0
    staff = index.search("接待费", user_scope=[world.township.pk])
    assert [hit.url for hit in staff.hits] == [internal.get_absolute_url()]

    with django_capture_on_commit_callbacks(execute=True):
        actions.edit(
            public,
            by=world.clerk,
            today=world_today(),
            title="青山镇2026年财政预算（更正）",
            change_reason="更正标题",
        )
        world.publish(public, by=world.reviewer2)
    assert [hit.title for hit in index.search("财政", user_scope=()).hits] == [
        "青山镇2026年财政预算（更正）"
    ]
    response = Client().get("/search/", {"q": "财政"})
    page = response.content.decode()
    assert response.status_code == 200, page
    assert public.get_absolute_url() in page and internal.get_absolute_url() not in page
    staff_page = client_for(world.staff).get("/search/?q=接待费").content.decode()
    assert internal.get_absolute_url() in staff_page

    # A withdrawn publication is no longer found, and a rebuild does not bring it back.
    with django_capture_on_commit_callbacks(execute=True):
        actions.withdraw(public, by=world.reviewer, reason="预算数据有误，更正后重新公开")
    assert index.search("财政", user_scope=()).total == 0
    index.rebuild()
    assert index.search("财政", user_scope=()).total == 0
    assert index.search("接待费", user_scope=[world.township.pk]).total == 1


def world_today():
    from .conftest import TODAY

    return TODAY


def test_the_text_inside_word_and_excel_attachments_is_found(
    world, django_capture_on_commit_callbacks
):
    import io

    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile

    from . import files

    document = docx.Document()
    document.add_paragraph("柳溪村危房改造补助资金发放明细说明")
    word = io.BytesIO()
    document.save(word)
    with django_capture_on_commit_callbacks(execute=True):
        publication = world.draft(
            "T04",
            title="青山镇2026年财政预算公开",
            topic="finance",
            period="2026年度",
            approval_reference="2026年1月9日乡人民代表大会审查批准",
            files=actions.Uploads(
                attachments=[
                    SimpleUploadedFile("说明.docx", word.getvalue(), "application/octet-stream"),
                    files.xlsx([["项目", "金额"], ["高标准农田建设", 1200]]),
                ],
                attachment_titles=["预算说明", "项目支出表"],
            ),
        )
        world.publish(publication)
    for words in ("危房改造补助", "高标准农田"):
        found = index.search(words, user_scope=())
        assert [hit.url for hit in found.hits] == [publication.get_absolute_url()], words


def test_an_audience_that_is_not_public_or_internal_is_refused_and_never_indexed_as_public(world):
    with pytest.raises(ValidationError) as refused:
        world.draft(audience="Internal", title="大小写不对的受众")
    assert "audience" in refused.value.message_dict
    assert not Publication.objects.filter(audience="Internal").exists()
    # A row that got such a value some other way stays out of the public search.
    publication = world.draft(title="青山镇内部通知（受众被改动）")
    world.publish(publication)
    Publication.objects.filter(pk=publication.pk).update(audience="Internal")
    publication.refresh_from_db()
    document = search_documents.document_for(publication)
    assert document.audience == index.Audience.INTERNAL
