"""Writing a draft: who may, what is checked, what is cleaned, and that nothing is half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.models import AuditEvent
from gongkai.publishing import actions
from gongkai.publishing.checks import normalise_doc_no
from gongkai.publishing.models import Publication, PublicationVersion, Status
from gongkai.publishing.richtext import clean_html

from . import files
from .conftest import TODAY


def test_a_clerk_writes_a_draft_under_an_adopted_item(world):
    publication = world.draft()
    assert publication.status == Status.DRAFT
    assert publication.index_no is None
    assert publication.draft.number == 1
    assert publication.draft.publisher_name == world.township.name
    assert AuditEvent.objects.for_target(publication).filter(action="publication:created").exists()


@pytest.mark.parametrize("who", ["reviewer", "other_clerk", "staff", "office_clerk"])
def test_only_a_clerk_of_the_unit_may_write_its_drafts(world, who):
    with pytest.raises(PermissionDenied):
        world.draft(by=getattr(world, who))
    assert not Publication.objects.exists()


def test_an_item_the_unit_has_not_adopted_is_refused(world):
    office_item = world.item("O01", world.office)
    with pytest.raises(ValidationError) as raised:
        actions.create(
            unit=world.township,
            item=office_item,
            by=world.clerk,
            audience="public",
            today=TODAY,
            title="x",
            topic="general",
        )
    assert "item" in raised.value.message_dict


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("青政发〔2026〕3号", "青政发〔2026〕3号"),
        ("青政发[2026]3号", "青政发〔2026〕3号"),
        ("青政发（2026）03号", "青政发〔2026〕3号"),
        (" 青政办发【2026】12号 ", "青政办发〔2026〕12号"),
        ("", ""),
    ],
)
def test_document_numbers_are_normalised(given, expected):
    assert normalise_doc_no(given) == expected


@pytest.mark.parametrize(
    "bad", ["2026年3号", "青政发〔26〕3号", "青政发〔2026〕号", "青政发2026-3"]
)
def test_a_document_number_in_the_wrong_shape_is_refused_and_nothing_saved(world, bad):
    with pytest.raises(ValidationError) as raised:
        world.draft(doc_no=bad)
    assert "doc_no" in raised.value.message_dict
    assert "〔" in raised.value.message_dict["doc_no"][0]
    assert not Publication.objects.exists()
    assert not PublicationVersion.objects.exists()


def test_the_date_written_cannot_be_after_the_publication_date(world):
    with pytest.raises(ValidationError) as raised:
        world.draft(written_on=TODAY + dt.timedelta(days=1))
    assert "written_on" in raised.value.message_dict
    assert not Publication.objects.exists()


def test_a_repealed_document_needs_the_date_it_was_repealed(world):
    with pytest.raises(ValidationError) as raised:
        world.draft(validity="repealed")
    assert "validity_changed_on" in raised.value.message_dict
    publication = world.draft(validity="repealed", validity_changed_on=dt.date(2026, 7, 10))
    assert publication.draft.validity_changed_on == dt.date(2026, 7, 10)


def test_an_internal_item_is_published_to_the_staff_only(world):
    with pytest.raises(ValidationError) as raised:
        world.draft("I03", audience="public", topic="finance")
    assert "audience" in raised.value.message_dict
    assert world.draft("I03", topic="finance").is_internal


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("<p>通知</p><script>alert(1)</script>", "<p>通知</p>"),
        ('<p onclick="steal()">点我</p>', "<p>点我</p>"),
        (
            '<a href="javascript:alert(1)">链接</a>',
            '<a rel="noopener noreferrer nofollow">链接</a>',
        ),
        ("<h2>一、补偿标准</h2><style>body{}</style>", "<h2>一、补偿标准</h2>"),
        ("第一段\n\n第二段 <3", "<p>第一段</p><p>第二段 &lt;3</p>"),
        ('<img src=x onerror="alert(1)">', ""),
    ],
)
def test_rich_text_is_sanitised(given, expected):
    assert clean_html(given) == expected


def test_the_body_is_stored_sanitised(world):
    publication = world.draft(
        body='<p>正文</p><script>document.cookie</script><iframe src="x"></iframe>'
    )
    assert publication.draft.body == "<p>正文</p>"


def test_a_bad_file_among_good_ones_saves_nothing(world):
    uploads = actions.Uploads(
        attachments=[files.pdf(), files.exe()], attachment_titles=["说明", "程序"]
    )
    with pytest.raises(ValidationError) as raised:
        world.draft(files=uploads)
    assert "attachments" in raised.value.message_dict
    assert not Publication.objects.exists()


@pytest.mark.parametrize("titles", [[], [" "], ["说明", "多余"]])
def test_an_attachment_without_a_title_is_refused_with_the_reason(world, titles):
    uploads = actions.Uploads(
        attachments=[files.pdf("budget-explain.pdf")], attachment_titles=titles
    )
    with pytest.raises(ValidationError) as raised:
        world.draft(files=uploads)
    assert "标题" in raised.value.message_dict["attachment_titles"][0]
    assert not Publication.objects.exists()


def test_an_attachment_is_shown_by_its_title_and_a_new_version_keeps_it(world):
    publication = world.draft(
        files=actions.Uploads(
            attachments=[files.pdf("budget-explain.pdf")], attachment_titles=["2026年部门预算说明"]
        )
    )
    assert publication.draft.attachments.get().title == "2026年部门预算说明"
    world.publish(publication)
    actions.edit(publication, by=world.clerk, today=TODAY, title="更正后的标题")
    publication.refresh_from_db()
    assert publication.draft.attachments.get().title == "2026年部门预算说明"


def test_editing_a_draft_changes_it_in_place_and_keeps_its_files(world):
    publication = world.draft(
        files=actions.Uploads(attachments=[files.pdf()], attachment_titles=["说明"])
    )
    actions.edit(
        publication,
        by=world.clerk2,
        today=TODAY,
        title="新标题",
        files=actions.Uploads(attachments=[files.png()], attachment_titles=["现场照片"]),
    )
    publication.refresh_from_db()
    draft = publication.draft
    assert draft.number == 1 and draft.title == "新标题"
    assert draft.edited_by == world.clerk2
    assert [a.kind for a in draft.attachments.all()] == ["pdf", "png"]
