"""Take-down (删除): personal data published by mistake is deleted, the seal chain still holds.

The text, tables and files of every published version go (files from storage too), the search
forgets it, every public address answers 410 with the reason and the date, and each version
stays in the chain as a tombstone: its hash without its content.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from gongkai.core.models import AuditEvent, Role
from gongkai.core.tests.factories import member
from gongkai.publishing import actions
from gongkai.publishing.models import (
    Attachment,
    Finding,
    Publication,
    PublicationTable,
    PublicationVersion,
    Seal,
    SealEvent,
)
from gongkai.search import index

from . import files
from .test_seals import _drop_the_immutability_triggers
from .test_staff_api import BASE, Api
from .test_visibility import client_for

REASON = "误将低保对象身份证号码公开"


@pytest.fixture
def mistake(world, django_capture_on_commit_callbacks):
    """A list of names published with a file and a table; the keeper of one ID number."""
    with django_capture_on_commit_callbacks(execute=True):
        publication = world.draft(
            title="2026年第二季度低保对象名单",
            body="<p>张志强，身份证号11010519491231002X，月补助500元。</p>",
            files=actions.Uploads(
                attachments=[files.pdf("低保名单.pdf")],
                attachment_titles=["低保名单"],
                tables=[("名单", files.csv_file("姓名,月补助\n张志强,500\n"))],
            ),
        )
        world.submit(publication)
        draft = publication.draft
        for finding in draft.findings.filter(state="open"):
            actions.override(publication, finding.pk, by=world.reviewer2, reason="本人书面同意")
        world.approve(publication)
        world.record_approvals(publication)
        actions.publish(
            publication, by=world.reviewer, version_number=draft.number, today=draft.written_on
        )
    publication.refresh_from_db()
    return publication


def _public_urls(publication: Publication, attachment: int, table: int) -> list[str]:
    base = publication.get_absolute_url()
    return [
        base,
        f"{base}v1/",
        f"{base}v1/files/{attachment}/",
        f"{base}v1/tables/{table}.csv",
    ]


def test_a_take_down_deletes_the_content_and_the_chain_still_holds(
    world, mistake, django_capture_on_commit_callbacks
):
    version = mistake.current
    attachment, table = version.attachments.get(), version.tables.get()
    stored = attachment.file.name
    assert default_storage.exists(stored)
    assert index.search("低保对象名单", user_scope=()).total == 1
    urls = _public_urls(mistake, attachment.pk, table.pk)
    assert Client().get(urls[0]).status_code == 200
    sealed = version.content_hash

    with django_capture_on_commit_callbacks(execute=True):
        actions.take_down(mistake, by=world.reviewer, reason=REASON)

    # The bytes are gone: text, table rows, the file in storage, the search entry, the
    # personal data the screening noted.
    version = PublicationVersion.objects.get(pk=version.pk)
    assert version.body == "" and version.summary == "" and version.taken_down_at
    assert version.content_hash == sealed and version.title == "2026年第二季度低保对象名单"
    assert not Attachment.objects.filter(version=version).exists()
    assert not PublicationTable.objects.filter(version=version).exists()
    assert not default_storage.exists(stored)
    assert not Finding.objects.filter(version=version).exclude(value="").exists()
    assert index.search("低保对象名单", user_scope=()).total == 0
    index.rebuild()
    assert index.search("低保对象名单", user_scope=()).total == 0

    # Every public address answers 410 with the reason and the date.
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 410, url
        assert REASON in response.content.decode() and "11010519491231002X" not in (
            response.content.decode()
        )
    answer = Client().get(f"/api/v1/publications/{mistake.index_no}")
    assert answer.status_code == 410 and REASON in answer.content.decode()

    # The chain holds: the tombstone is verified by its hash, and the take-down is sealed.
    assert actions.verify_chain() == []
    call_command("verify_seals")
    entry = Seal.objects.filter(version=version).latest("number")
    assert entry.event == SealEvent.TAKEN_DOWN and entry.content_hash == sealed
    checks = actions.verify(Publication.objects.get(pk=mistake.pk))
    assert checks[0].valid and checks[0].taken_down
    verify = Client().get(f"/api/v1/publications/{mistake.index_no}/verify").json()
    assert verify["valid"] is True and verify["taken_down"] is True
    seal_page = Client().get("/seals/").content.decode()
    assert mistake.index_no in seal_page and REASON in seal_page and sealed in seal_page

    # Staff see that it was taken down, by whom and why.
    staff_page = client_for(world.reviewer2).get(f"/staff/publications/{mistake.pk}/")
    text = staff_page.content.decode()
    assert "taken-down" in text and REASON in text and str(world.reviewer) in text
    event = AuditEvent.objects.get(action="publication:taken_down")
    assert event.data["reason"] == REASON and event.actor == world.reviewer


def test_a_tombstone_tampered_with_is_found(world, mistake):
    actions.take_down(mistake, by=world.reviewer, reason=REASON)
    assert actions.verify_chain() == []
    entry = Seal.objects.filter(event=SealEvent.TAKEN_DOWN).get()

    # The take-down entry's record rewritten: its seal no longer holds.
    Seal.objects.filter(pk=entry.pk).update(state=entry.state.replace(REASON, "例行更新"))
    assert actions.verify_chain()
    with pytest.raises(CommandError):
        call_command("verify_seals")
    Seal.objects.filter(pk=entry.pk).update(state=entry.state)
    assert actions.verify_chain() == []

    # The content written back into the tombstone, bypassing the database's refusal.
    _drop_the_immutability_triggers()
    PublicationVersion.objects.filter(pk=mistake.current_id).update(body="<p>改过的名单</p>")
    failures = actions.verify_chain()
    assert [f.publication.pk for f in failures] == [mistake.pk]


def test_undoing_a_take_down_in_the_database_is_found(world, mistake):
    actions.take_down(mistake, by=world.reviewer, reason=REASON)
    Publication.objects.filter(pk=mistake.pk).update(
        taken_down_at=None, take_down_reason="", status="published"
    )
    failures = actions.verify_chain()
    assert {f.publication.pk for f in failures} == {mistake.pk}


def test_the_database_lets_a_published_version_change_only_into_its_tombstone(world, mistake):
    with pytest.raises(DatabaseError), transaction.atomic():
        PublicationVersion.objects.filter(pk=mistake.current_id).update(body="<p>改</p>")
    with pytest.raises(DatabaseError), transaction.atomic():
        Attachment.objects.filter(version=mistake.current_id).delete()
    actions.take_down(mistake, by=world.reviewer, reason=REASON)
    with pytest.raises(DatabaseError), transaction.atomic():
        PublicationVersion.objects.filter(pk=mistake.current_id).update(body="<p>改</p>")
    with connection.cursor() as cursor, pytest.raises(DatabaseError), transaction.atomic():
        cursor.execute(
            "UPDATE publishing_publicationversion SET taken_down_at = NULL WHERE id = %s",
            [mistake.current_id],
        )


def test_a_double_click_takes_it_down_once(world, mistake):
    client = client_for(world.reviewer)
    url = f"/staff/publications/{mistake.pk}/take-down/"
    data = {"take_down-reason": REASON, "take_down-confirm": "on"}
    first = client.post(url, data, follow=True)
    second = client.post(url, data, follow=True)
    assert first.status_code == second.status_code == 200
    assert "already taken down" in second.content.decode() or "已由" in second.content.decode()
    assert AuditEvent.objects.filter(action="publication:taken_down").count() == 1
    assert Seal.objects.filter(event=SealEvent.TAKEN_DOWN).count() == 1
    assert actions.verify_chain() == []


def test_the_staff_page_asks_for_a_confirmation(world, mistake):
    client = client_for(world.reviewer)
    page = client.get(f"/staff/publications/{mistake.pk}/").content.decode()
    assert "take_down-confirm" in page
    refused = client.post(
        f"/staff/publications/{mistake.pk}/take-down/", {"take_down-reason": REASON}
    )
    assert refused.status_code == 400
    mistake.refresh_from_db()
    assert mistake.taken_down_at is None and mistake.current.body


def test_only_a_reviewer_or_leader_of_the_unit_takes_down(world, mistake):
    for who in (world.clerk, world.staff):
        with pytest.raises(PermissionDenied):
            actions.take_down(mistake, by=who, reason=REASON)
    assert (
        AuditEvent.objects.filter(action="publication:refused", data__step="take_down").count() == 2
    )
    other_reviewer = member(world.other_township, Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        actions.take_down(mistake, by=other_reviewer, reason=REASON)
    assert (
        client_for(world.clerk)
        .get(f"/staff/publications/{mistake.pk}/")
        .content.decode()
        .count("take_down-confirm")
        == 0
    )
    response = client_for(world.clerk).post(
        f"/staff/publications/{mistake.pk}/take-down/",
        {"take_down-reason": REASON, "take_down-confirm": "on"},
        follow=True,
    )
    assert response.status_code == 200
    mistake.refresh_from_db()
    assert mistake.taken_down_at is None

    actions.take_down(mistake, by=world.leader, reason=REASON)
    mistake.refresh_from_db()
    assert mistake.taken_down_by == world.leader


def test_an_office_system_takes_down_with_a_reviewers_key(world, mistake):
    refused = Api(world.clerk).post(f"{BASE}/{mistake.pk}/take_down", {"reason": REASON})
    assert refused.status_code == 403
    reviewer = Api(world.reviewer)
    assert reviewer.post(f"{BASE}/{mistake.pk}/take_down", {"reason": ""}).status_code == 400
    done = reviewer.post(f"{BASE}/{mistake.pk}/take_down", {"reason": REASON})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "withdrawn" and done.json()["taken_down_at"]
    again = reviewer.post(f"{BASE}/{mistake.pk}/take_down", {"reason": REASON})
    assert again.status_code == 409
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/staff/publications/{id}/take_down" in schema["paths"]


def test_a_withdrawn_publication_can_still_be_taken_down(world, mistake):
    actions.withdraw(mistake, by=world.reviewer, reason="数据有误")
    actions.take_down(mistake, by=world.reviewer2, reason=REASON)
    mistake.refresh_from_db()
    assert mistake.withdrawal_reason == "数据有误" and mistake.take_down_reason == REASON
    assert actions.verify_chain() == []
    page = Client().get(mistake.get_absolute_url())
    assert page.status_code == 410 and REASON in page.content.decode()
