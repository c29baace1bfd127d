"""勘误: a typo in a published budget is corrected by the clerk and ONE reviewer, with a note
the public reads; a material change goes down the full review. And the confirmation steps:
publishing and withdrawing say what will happen, and a second post changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.test import Client

from gongkai.core.models import AuditEvent, Membership, Role
from gongkai.publishing import actions
from gongkai.publishing.models import CongressApproval, Decision, Status

from .conftest import TODAY
from .test_views import CHECKLIST
from .test_visibility import client_for

BODY = "<p>2026年一般公共预算收入1280万元，支出1265万元。</p><p>“三公”经费18.6万元。</p>"
FIXED = "<p>2026年一般公共预算收入1280万元，支出1256万元。</p><p>“三公”经费18.6万元。</p>"


def published_budget(world):
    publication = world.draft(
        "T04",
        title="青山镇2026年财政预算",
        summary="2026年一般公共预算收支安排。",
        body=BODY,
        topic="finance",
        period="2026年度",
    )
    world.publish(publication)
    return publication


def correct(world, publication, **changes):
    values = {
        "body": FIXED,
        "what": "“支出1265万元”更正为“支出1256万元”",
        "reason": "录入时数字顺序颠倒",
    }
    return actions.submit_correction(publication, by=world.clerk, today=TODAY, **(values | changes))


def test_a_typo_in_a_published_budget_takes_the_clerk_and_one_reviewer(world):
    publication = published_budget(world)
    # The last event so far, by key: keys are not counts (PostgreSQL keeps its sequence).
    before = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    clerk = client_for(world.clerk)
    url = f"/staff/publications/{publication.pk}"
    assert "勘误" in clerk.get(f"{url}/").content.decode()
    form = clerk.get(f"{url}/correct/").content.decode()
    assert "1265万元" in form  # starts from the published text
    sent = clerk.post(
        f"{url}/correct/",
        {
            "title": "青山镇2026年财政预算",
            "summary": "2026年一般公共预算收支安排。",
            "body": FIXED,
            "correction_note": "“支出1265万元”更正为“支出1256万元”",
            "change_reason": "录入时数字顺序颠倒",
        },
    )
    assert sent.status_code == 302, sent.content.decode()

    # No leader is asked for a decision or the congress: the budget's item needs them, a 勘误 not.
    assert "录入人大批准" not in client_for(world.leader).get(f"{url}/").content.decode()

    reviewer = client_for(world.reviewer2)
    page = reviewer.get(f"{url}/").content.decode()
    assert "<del>" in page and "65" in page and "<ins>" in page  # the reviewer sees the change
    confirm = reviewer.get(f"{url}/correct/publish/").content.decode()
    assert "无需集体研究决定或人大审查批准" in confirm
    assert "永久" in confirm or "不能修改或删除" in confirm
    published = reviewer.post(f"{url}/correct/publish/", CHECKLIST | {"version": "2"}, follow=True)
    assert "勘误已发布为第2版" in published.content.decode()

    publication.refresh_from_db()
    version = publication.current
    assert (version.number, version.correction_note) == (2, "“支出1265万元”更正为“支出1256万元”")
    assert not Decision.objects.filter(version=version).exists()
    assert not CongressApproval.objects.filter(version=version).exists()
    people = set(
        AuditEvent.objects.filter(pk__gt=before, actor__isnull=False).values_list(
            "actor", flat=True
        )
    )
    assert people == {world.clerk.pk, world.reviewer2.pk}  # two people, not four
    actions_taken = list(
        AuditEvent.objects.filter(pk__gt=before, action__startswith="publication:")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions_taken == [
        "publication:correction_submitted",
        "publication:correction_approved",
        "publication:published",
    ]

    reader = Client().get(publication.get_absolute_url()).content.decode()
    assert "更正说明" in reader
    assert "“支出1265万元”更正为“支出1256万元”" in reader
    assert "录入时数字顺序颠倒" in reader
    assert "支出1256万元" in reader
    old = Client().get(f"{publication.get_absolute_url()}v1/").content.decode()
    assert "支出1265万元" in old  # the first version stays readable
    api = Client().get(f"/api/v1/publications/{publication.index_no}").json()
    assert api["versions"][0]["correction_note"] == "“支出1265万元”更正为“支出1256万元”"
    assert api["versions"][1]["correction_note"] is None

    again = reviewer.post(f"{url}/correct/publish/", CHECKLIST | {"version": "2"}, follow=True)
    assert "已由" in again.content.decode()  # a second post is harmless and says so
    assert publication.versions.count() == 2


def test_a_material_change_goes_down_the_full_review(world):
    publication = published_budget(world)
    correct(world, publication)
    actions.treat_as_amendment(publication, by=world.reviewer, reason="预算金额变化须经人大批准")
    draft = publication.draft
    assert draft.correction_note is None
    event = AuditEvent.objects.filter(action="publication:correction_escalated").get()
    assert event.data["reason"] == "预算金额变化须经人大批准"
    world.approve(publication)
    with pytest.raises(ValidationError, match="人民代表大会"):
        actions.publish(publication, by=world.reviewer, version_number=2, today=TODAY)
    world.record_approvals(publication)
    assert actions.publish(publication, by=world.reviewer, version_number=2, today=TODAY)


def test_the_one_reviewer_is_not_the_author(world):
    publication = published_budget(world)
    both = world.clerk2
    Membership.objects.create(user=both, unit=world.township, role=Role.REVIEWER)
    actions.submit_correction(
        publication,
        by=both,
        today=TODAY,
        body=FIXED,
        what="“1265”更正为“1256”",
        reason="笔误",
    )
    with pytest.raises(PermissionDenied):
        actions.publish_correction(
            publication,
            by=both,
            version_number=2,
            today=TODAY,
            no_state_secret=True,
            no_superior_document=True,
            privacy_lawful=True,
        )
    assert publication.versions.filter(published_at__isnull=False).count() == 1


def test_a_correction_changes_words_only_and_something(world):
    publication = published_budget(world)
    with pytest.raises(ValidationError, match="没有不同"):
        correct(world, publication, body=BODY)
    with pytest.raises(ValidationError) as error:
        correct(world, publication, what="", reason="")
    assert set(error.value.message_dict) == {"correction_note", "change_reason"}
    correct(world, publication)
    # The ordinary edit cannot widen a correction into an amendment behind the reviewer's back.
    with pytest.raises(ValidationError, match="勘误"):
        actions.edit(publication, by=world.clerk, today=TODAY, doc_no="青政发〔2026〕9号")
    # Returned, the clerk changes it and sends it again.
    actions.return_draft(publication, by=world.reviewer, comments="请同时核对收入数字")
    again = correct(world, publication, what="支出数字更正", reason="笔误")
    assert again.number == 2 and again.correction_note == "支出数字更正"
    # Discarded, an amendment may be written again.
    publication.refresh_from_db()
    actions.discard_amendment(publication, by=world.clerk)
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED


def test_an_open_amendment_is_finished_before_a_typo_is_corrected(world):
    publication = published_budget(world)
    actions.edit(publication, by=world.clerk, today=TODAY, change_reason="补充说明")
    with pytest.raises(ValidationError, match="修改稿"):
        correct(world, publication)


def test_publishing_asks_first_and_says_what_will_happen(world):
    publication = world.draft()
    world.submit(publication)
    world.approve(publication)
    reviewer = client_for(world.reviewer)
    url = f"/staff/publications/{publication.pk}"
    page = reviewer.get(f"{url}/publish/").content.decode()
    assert "所有人" in page  # who will see it
    assert "不能修改或删除" in page  # the seal is permanent
    assert "索引号" in page
    assert "data-once" in page
    assert client_for(world.clerk).get(f"{url}/publish/").status_code == 403
    assert client_for(world.clerk).get(f"{url}/withdraw/").status_code == 403
    assert publication.versions.filter(published_at__isnull=False).count() == 0


def test_withdrawing_asks_first_and_a_second_post_says_it_is_done(world):
    publication = world.draft()
    world.publish(publication)
    reviewer = client_for(world.reviewer)
    url = f"/staff/publications/{publication.pk}/withdraw/"
    page = reviewer.get(url).content.decode()
    assert "410" in page and "理由" in page
    empty = reviewer.post(url, {"withdraw-reason": ""})
    assert empty.status_code == 400
    first = reviewer.post(url, {"withdraw-reason": "信息有误，已另行发布"}, follow=True)
    assert "已撤回" in first.content.decode()
    second = reviewer.post(url, {"withdraw-reason": "信息有误，已另行发布"}, follow=True)
    assert "已经撤回" in second.content.decode()
    assert AuditEvent.objects.filter(action="publication:withdrawn").count() == 1
    assert Client().get(publication.get_absolute_url()).status_code == 410


def test_the_correction_note_is_sealed_and_earlier_seals_still_hold(world, capsys):
    """A correction's note is part of what its seal covers (the chain's current scheme);
    a version without one hashes as it always did, so every seal and anchor made before
    still matches."""
    from django.core.management import CommandError, call_command
    from django.db import connection

    from gongkai.publishing import hashing
    from gongkai.publishing.models import Seal

    from .test_seals import _drop_the_immutability_triggers

    publication = published_budget(world)
    first = publication.current
    assert b"correction_note" not in hashing.canonical(first)
    before = Seal.objects.get(version=first, event="published")
    correct(world, publication)
    version = actions.publish_correction(
        publication,
        by=world.reviewer2,
        version_number=2,
        today=TODAY,
        no_state_secret=True,
        no_superior_document=True,
        privacy_lawful=True,
    )
    assert "支出1256万元" in hashing.canonical(version).decode()
    assert "“支出1265万元”更正为“支出1256万元”" in hashing.canonical(version).decode()
    sealed = Seal.objects.get(version=version, event="published")
    assert sealed.content_hash == hashing.content_hash(version)
    assert Seal.objects.get(pk=before.pk).content_hash == hashing.content_hash(first)
    assert actions.verify_chain() == []
    call_command("verify_seals")

    _drop_the_immutability_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publishing_publicationversion SET correction_note = %s WHERE id = %s",
            ["只改了标点", version.pk],
        )
    with pytest.raises(CommandError):
        call_command("verify_seals")
    assert publication.index_no in capsys.readouterr().out
