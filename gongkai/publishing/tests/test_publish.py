"""Publishing: by a reviewer who is not the author, once, with an index number never reused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from gongkai.core.models import AuditEvent, Membership, Role
from gongkai.core.tests.factories import member
from gongkai.publishing import actions
from gongkai.publishing.models import (
    SERVICE_FIELDS,
    Attachment,
    IndexCounter,
    PublicationVersion,
    Status,
)

from . import files
from .conftest import TODAY


def test_the_first_publication_gets_the_units_first_index_number_of_the_year(world):
    publication = world.draft()
    version = world.publish(publication)
    publication.refresh_from_db()
    assert publication.index_no == f"{world.township.org_code}/2026-00001"
    assert publication.status == Status.PUBLISHED
    assert publication.current == version
    assert version.published_by == world.reviewer
    event = AuditEvent.objects.for_target(publication).get(action="publication:published")
    assert event.data["index_no"] == publication.index_no


def test_serials_count_per_publisher_and_per_year(world):
    first, second = world.draft(), world.draft(title="第二条")
    office = world.draft("O02", unit=world.office, topic="finance", period="2026年上半年")
    world.publish(first)
    world.publish(second)
    world.publish(office)
    next_year = world.draft(title="明年的第一条")
    world.publish(next_year, today=dt.date(2027, 1, 4))
    for p in (first, second, office, next_year):
        p.refresh_from_db()
    assert first.index_no.endswith("/2026-00001")
    assert second.index_no.endswith("/2026-00002")
    assert office.index_no == f"{world.office.org_code}/2026-00001"
    assert next_year.index_no == f"{world.township.org_code}/2027-00001"


def test_the_author_may_not_publish_their_own_draft(world):
    both = member(world.township, Role.CLERK)
    Membership.objects.create(user=both, unit=world.township, role=Role.REVIEWER)
    publication = world.draft(by=both)
    with pytest.raises(PermissionDenied):
        world.publish(publication, by=both)
    publication.refresh_from_db()
    assert publication.index_no is None


@pytest.mark.parametrize("who", ["clerk2", "staff", "office_reviewer"])
def test_only_a_reviewer_of_the_unit_may_publish(world, who):
    publication = world.draft()
    with pytest.raises(PermissionDenied):
        world.publish(publication, by=getattr(world, who))


def test_publishing_twice_is_harmless_and_uses_no_second_number(world):
    publication = world.draft()
    world.publish(publication)
    with pytest.raises(actions.AlreadyPublished) as raised:
        actions.publish(publication, by=world.reviewer2, version_number=1, today=TODAY)
    assert "已由" in raised.value.messages[0]
    assert IndexCounter.objects.get(unit=world.township).last_serial == 1
    assert PublicationVersion.objects.filter(publication=publication).count() == 1


def test_a_service_guide_is_not_published_with_any_of_its_elements_empty(world):
    elements = {name: f"{name} 的内容" for name in SERVICE_FIELDS}
    elements["supervision"] = ""
    publication = world.draft("O01", unit=world.office, topic="finance", **elements)
    with pytest.raises(ValidationError) as raised:
        world.publish(publication)
    assert "supervision" in raised.value.messages[0] or "监督方法" in raised.value.messages[0]
    publication.refresh_from_db()
    assert publication.index_no is None
    actions.edit(
        publication, by=world.office_clerk, today=TODAY, supervision="监督电话：0738-8800001"
    )
    world.publish(publication)
    publication.refresh_from_db()
    assert publication.index_no.startswith(world.office.org_code)


@pytest.mark.parametrize(
    ("key", "fields", "missing"),
    [
        ("T04", {"approval_reference": "2026年1月9日乡人民代表大会审查批准"}, "period"),
        ("T04", {"period": "2026年度"}, "approval"),
        ("T01", {"summary": ""}, "summary"),
        ("T01", {"body": ""}, "content"),
    ],
)
def test_what_stops_publication_is_named(world, key, fields, missing):
    publication = world.draft(key, topic="finance", **fields)
    draft = publication.draft
    if missing == "approval":  # the congress approval record, checked before publishing
        found = actions.approval_problems(publication, draft)
    else:
        found = actions.problems(publication, draft, today=TODAY)
    assert len(found) == 1, found
    with pytest.raises(ValidationError):  # refused at submission, approval or publication
        world.submit(publication)
        world.approve(publication)
        actions.publish(publication, by=world.reviewer, version_number=1, today=TODAY)


def test_an_edit_after_publication_makes_a_new_version_and_keeps_the_old_one(world):
    publication = world.draft(
        files=actions.Uploads(attachments=[files.pdf()], attachment_titles=["说明"])
    )
    first = world.publish(publication)
    actions.edit(publication, by=world.clerk, today=TODAY, title="更正后的标题")
    publication.refresh_from_db()
    assert publication.status == Status.AMENDING
    assert publication.current == first  # the public still sees version 1
    draft = publication.draft
    assert draft.number == 2 and draft.attachments.count() == 1
    with pytest.raises(ValidationError):  # no reason given yet
        world.publish(publication)
    actions.edit(publication, by=world.clerk, today=TODAY, change_reason="更正标题中的错字")
    second = world.publish(publication)
    publication.refresh_from_db()
    first.refresh_from_db()
    assert publication.index_no.endswith("2026-00001")  # never changes
    assert publication.current == second
    assert first.title == "青山镇党政领导班子成员及分工"
    assert second.seal.previous == first.seal.seal_hash
    assert first.content_hash != second.content_hash


def test_an_amendment_can_be_discarded(world):
    publication = world.draft()
    world.publish(publication)
    actions.edit(publication, by=world.clerk, today=TODAY, title="草稿修改")
    actions.discard_amendment(publication, by=world.clerk)
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED and publication.draft is None


def test_a_published_version_never_changes(world):
    publication = world.draft(
        files=actions.Uploads(attachments=[files.pdf()], attachment_titles=["说明"])
    )
    version = world.publish(publication)
    version.title = "偷偷修改"
    with pytest.raises(PermissionError):
        version.save()
    with pytest.raises(PermissionError):
        Attachment.objects.get(version=version).delete()
    with pytest.raises(ProtectedError):
        publication.delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE publishing_publicationversion SET title = 'x' WHERE id = %s",
        "DELETE FROM publishing_publicationversion WHERE id = %s",
        "UPDATE publishing_attachment SET name = 'x' WHERE version_id = %s",
        "DELETE FROM publishing_attachment WHERE version_id = %s",
    ],
)
def test_the_database_refuses_to_change_a_published_version(world, statement):
    publication = world.draft(
        files=actions.Uploads(attachments=[files.pdf()], attachment_titles=["说明"])
    )
    version = world.publish(publication)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [version.pk])


def test_the_database_lets_a_draft_change(world):
    publication = world.draft()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publishing_publicationversion SET title = 'x' WHERE id = %s",
            [publication.draft.pk],
        )
