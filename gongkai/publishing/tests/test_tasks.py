"""Publishing's background work: the worker publishes scheduled drafts, and the text of big
attachments is found by the search once the worker has read it (publishing does not wait)."""

from __future__ import annotations

import datetime as dt
import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gongkai.core import tasks
from gongkai.publishing import actions
from gongkai.publishing.models import Review, Status
from gongkai.publishing.search_documents import index_attachments
from gongkai.search import index

from .conftest import TODAY
from .test_workflow import CHECKLIST


def test_the_worker_publishes_a_scheduled_draft_once_its_time_has_come(world):
    publication = world.draft()
    world.submit(publication)
    later = timezone.now() + dt.timedelta(hours=2)
    actions.approve(publication, by=world.reviewer, today=TODAY, publish_at=later, **CHECKLIST)
    tasks.enqueue_due()
    list(tasks.run_ready())
    publication.refresh_from_db()
    assert publication.status == Status.DRAFT  # not yet its time
    # Its time comes (the review's time is moved back rather than the clock forward).
    Review.objects.filter(version__publication=publication).update(
        scheduled_for=timezone.now() - dt.timedelta(minutes=1)
    )
    tasks.enqueue_due(timezone.now() + dt.timedelta(minutes=1))
    ran = [row for row in tasks.run_ready() if row.task_path.endswith("publish_scheduled")]
    assert [row.status for row in ran] == ["SUCCESSFUL"]
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED
    assert ran[0].return_value == [f"{publication.index_no} v1"]
    # The same task again (a second worker, a retry) publishes nothing twice.
    tasks.enqueue_due(timezone.now() + dt.timedelta(minutes=2))
    again = [row for row in tasks.run_ready() if row.task_path.endswith("publish_scheduled")]
    assert [row.return_value for row in again] == [[]]


def _word(text: str) -> SimpleUploadedFile:
    """A Word file of some 36 KB: "big" for these tests' limit."""
    document = docx.Document()
    document.add_paragraph(text)
    data = io.BytesIO()
    document.save(data)
    return SimpleUploadedFile("说明.docx", data.getvalue(), "application/octet-stream")


def test_the_text_of_a_big_attachment_is_found_once_the_worker_has_read_it(
    world, settings, django_capture_on_commit_callbacks
):
    settings.SEARCH_INLINE_ATTACHMENT_BYTES = 20_000
    with django_capture_on_commit_callbacks(execute=True):
        publication = world.draft(
            "T04",
            title="青山镇2026年财政预算公开",
            topic="finance",
            period="2026年度",
            approval_reference="2026年1月9日乡人民代表大会审查批准",
            files=actions.Uploads(
                attachments=[_word("柳溪村危房改造补助资金发放明细说明")],
                attachment_titles=["预算说明"],
            ),
        )
        world.publish(publication)
    url = publication.get_absolute_url()
    # Published at once, found by its title and the attachment's name, not yet by its text.
    assert [hit.url for hit in index.search("预算说明", user_scope=()).hits] == [url]
    assert index.search("危房改造补助", user_scope=()).total == 0
    queued = DBTaskResult.objects.filter(task_path__endswith="index_attachments")
    assert queued.count() == 1

    [ran] = tasks.run_ready()
    assert ran.status == "SUCCESSFUL" and ran.return_value is True
    assert [hit.url for hit in index.search("危房改造补助", user_scope=()).hits] == [url]
    # Run twice (a retry): the same one document, still found.
    publication.refresh_from_db()
    assert index_attachments.call(publication.pk, publication.current_id) is True
    assert index.search("危房改造补助", user_scope=()).total == 1


def test_a_withdrawn_publication_is_not_put_back_in_the_search_by_a_late_task(
    world, settings, django_capture_on_commit_callbacks
):
    settings.SEARCH_INLINE_ATTACHMENT_BYTES = 20_000
    with django_capture_on_commit_callbacks(execute=True):
        publication = world.draft(
            files=actions.Uploads(
                attachments=[_word("青山镇防汛物资储备清单")],
                attachment_titles=["物资清单"],
            ),
        )
        world.publish(publication)
        actions.withdraw(publication, by=world.reviewer, reason="数据有误，更正后重新公开")
    [ran] = tasks.run_ready()
    assert ran.return_value is False
    assert index.search("防汛物资", user_scope=()).total == 0
