"""The review workflow: submit, return, approve, decide, publish, withdraw; and each refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.publishing import actions
from gongkai.publishing.models import Stage, Status

from . import files
from .conftest import TODAY

CHECKLIST = {"no_state_secret": True, "no_superior_document": True, "privacy_lawful": True}


def refusals(publication, step: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.for_target(publication).filter(
            action="publication:refused", data__step=step
        )
    )


def test_submit_return_resubmit_approve_publish(world):
    publication = world.draft()
    review = actions.submit(publication, by=world.clerk, today=TODAY)
    assert review.stage == Stage.SUBMITTED and review.submitted_by == world.clerk
    with pytest.raises(ValidationError):  # under review: the clerk waits
        actions.edit(publication, by=world.clerk, today=TODAY, title="改")
    with pytest.raises(ValidationError):  # comments are required
        actions.return_draft(publication, by=world.reviewer, comments=" ")
    review = actions.return_draft(publication, by=world.reviewer, comments="请补充分工调整的依据。")
    assert review.stage == Stage.RETURNED and review.comments == "请补充分工调整的依据。"
    actions.edit(publication, by=world.clerk, today=TODAY, body="<p>依据镇党委会议决定。</p>")
    assert actions.review_of(publication.draft).stage == Stage.WRITING
    actions.submit(publication, by=world.clerk, today=TODAY)
    with pytest.raises(ValidationError):  # not approved yet
        actions.publish(publication, by=world.reviewer, version_number=1, today=TODAY)
    with pytest.raises(ValidationError):  # the secrecy review is part of the approval
        actions.approve(
            publication, by=world.reviewer, today=TODAY, **{**CHECKLIST, "privacy_lawful": False}
        )
    review = actions.approve(publication, by=world.reviewer, today=TODAY, **CHECKLIST)
    assert review.stage == Stage.APPROVED and review.no_state_secret and review.privacy_lawful
    version = actions.publish(publication, by=world.reviewer, version_number=1, today=TODAY)
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED and publication.current == version
    assert actions.review_of(version).stage == Stage.PUBLISHED
    steps = list(
        AuditEvent.objects.for_target(publication).order_by("pk").values_list("action", flat=True)
    )
    assert steps == [
        "publication:created",
        "publication:submitted",
        "publication:returned",
        "publication:edited",
        "publication:submitted",
        "publication:approved",
        "publication:published",
    ]


def test_an_author_approving_their_own_draft_is_refused_and_audited(world):
    # clerk2 is also made a reviewer: the author may not approve what they wrote.
    from gongkai.core.models import Membership, Role

    Membership.objects.create(user=world.clerk, unit=world.township, role=Role.REVIEWER)
    publication = world.draft(by=world.clerk)
    actions.submit(publication, by=world.clerk, today=TODAY)
    with pytest.raises(PermissionDenied):
        actions.approve(publication, by=world.clerk, today=TODAY, **CHECKLIST)
    with pytest.raises(PermissionDenied):
        actions.return_draft(publication, by=world.clerk, comments="自己退回")
    assert len(refusals(publication, "approve")) == 1
    assert refusals(publication, "approve")[0].actor == world.clerk
    actions.approve(publication, by=world.reviewer, today=TODAY, **CHECKLIST)
    with pytest.raises(PermissionDenied):  # nor publish it
        actions.publish(publication, by=world.clerk, version_number=1, today=TODAY)
    assert len(refusals(publication, "publish")) == 1


def test_a_reviewer_who_edited_a_draft_cannot_approve_it_after_the_clerk_saves_again(world):
    from gongkai.core.models import Membership, Role

    Membership.objects.create(user=world.reviewer, unit=world.township, role=Role.CLERK)
    publication = world.draft(by=world.clerk)
    actions.edit(publication, by=world.reviewer, today=TODAY, body="<p>审核人改写的正文。</p>")
    actions.edit(publication, by=world.clerk, today=TODAY, title="青山镇领导班子分工（修订）")
    publication.refresh_from_db()
    assert publication.draft.edited_by == world.clerk  # the last save is the clerk's
    actions.submit(publication, by=world.clerk, today=TODAY)
    with pytest.raises(PermissionDenied):
        actions.approve(publication, by=world.reviewer, today=TODAY, **CHECKLIST)
    assert refusals(publication, "approve")[0].actor == world.reviewer
    # A reviewer who never touched it approves.
    review = actions.approve(publication, by=world.reviewer2, today=TODAY, **CHECKLIST)
    assert review.stage == Stage.APPROVED


def test_a_clerk_of_another_township_is_refused_and_audited(world):
    publication = world.draft()
    with pytest.raises(PermissionDenied):
        actions.submit(publication, by=world.other_clerk, today=TODAY)
    with pytest.raises(PermissionDenied):
        actions.edit(publication, by=world.other_clerk, today=TODAY, title="越权")
    assert refusals(publication, "submit")[0].actor == world.other_clerk
    assert len(refusals(publication, "edit")) == 1


def test_two_reviewers_approving_one_wins_and_the_other_is_told(world):
    publication = world.draft()
    actions.submit(publication, by=world.clerk, today=TODAY)
    actions.approve(publication, by=world.reviewer, today=TODAY, **CHECKLIST)
    with pytest.raises(actions.AlreadyDone) as told:
        actions.approve(publication, by=world.reviewer2, today=TODAY, **CHECKLIST)
    assert str(world.reviewer) in told.value.messages[0]
    with pytest.raises(actions.AlreadyDone):
        actions.return_draft(publication, by=world.reviewer2, comments="晚了")
    assert AuditEvent.objects.filter(action="publication:approved").count() == 1


def test_a_double_publish_publishes_once(world):
    publication = world.draft()
    world.submit(publication)
    world.approve(publication)
    actions.publish(publication, by=world.reviewer, version_number=1, today=TODAY)
    with pytest.raises(actions.AlreadyPublished):
        actions.publish(publication, by=world.reviewer2, version_number=1, today=TODAY)
    assert AuditEvent.objects.filter(action="publication:published").count() == 1


@pytest.mark.parametrize(("key", "kind"), [("T03", "collective"), ("T04", "congress")])
def test_decisions_and_congress_approvals_are_required_and_recorded_by_a_leader(world, key, kind):
    publication = world.draft(key, topic="finance", period="2026年度")
    assert publication.item.approval == kind
    world.submit(publication)
    world.approve(publication)
    with pytest.raises(ValidationError) as raised:
        actions.publish(publication, by=world.reviewer, version_number=1, today=TODAY)
    assert any("leader" in m or "领导" in m for m in raised.value.messages)
    if kind == "collective":
        record = actions.record_decision
        fields = {
            "meeting": "青山镇党委会议",
            "held_on": dt.date(2026, 7, 2),
            "minutes_no": "〔2026〕12号",
            "attendees": "书记、镇长",
            "outcome": "同意",
        }
    else:
        record = actions.record_congress_approval
        fields = {"session": "第五次会议", "held_on": dt.date(2026, 7, 2), "resolution": "批准"}
    with pytest.raises(PermissionDenied):  # a reviewer is not a leader
        record(publication, by=world.reviewer, today=TODAY, **fields)
    assert len(refusals(publication, record.__name__)) == 1
    with pytest.raises(ValidationError):  # a meeting in the future
        record(
            publication,
            by=world.leader,
            today=TODAY,
            **{**fields, "held_on": TODAY.replace(day=20)},
        )
    record(publication, by=world.leader, today=TODAY, **fields)
    actions.publish(publication, by=world.reviewer, version_number=1, today=TODAY)
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED


def test_a_scheduled_publication_goes_out_once_even_if_cron_fires_twice(world):
    publication = world.draft()
    world.submit(publication)
    later = timezone.now() + dt.timedelta(hours=2)
    with pytest.raises(ValidationError):  # a time in the past is refused
        actions.approve(
            publication,
            by=world.reviewer,
            today=TODAY,
            publish_at=timezone.now() - dt.timedelta(minutes=1),
            **CHECKLIST,
        )
    review = actions.approve(
        publication, by=world.reviewer, today=TODAY, publish_at=later, **CHECKLIST
    )
    assert review.stage == Stage.SCHEDULED
    assert actions.publish_scheduled(now=timezone.now(), today=TODAY) == []
    due = later + dt.timedelta(minutes=1)
    first = actions.publish_scheduled(now=due, today=TODAY)
    second = actions.publish_scheduled(now=due, today=TODAY)
    assert len(first) == 1 and second == []
    call_command("publish_scheduled")  # the cron command finds nothing left to do
    publication.refresh_from_db()
    assert publication.index_no.endswith("-00001")
    assert publication.current.published_at == later.replace(microsecond=later.microsecond)
    assert AuditEvent.objects.filter(action="publication:published").count() == 1


def test_one_scheduled_draft_that_cannot_go_out_does_not_stop_the_others(world, mailoutbox):
    from gongkai.core.models import Membership, Role

    later = timezone.now() + dt.timedelta(hours=1)
    stuck, fine = world.draft(), world.draft(title="青山镇2026年第三季度工作安排")
    for publication, reviewer in ((stuck, world.reviewer), (fine, world.reviewer2)):
        world.submit(publication)
        actions.approve(publication, by=reviewer, today=TODAY, publish_at=later, **CHECKLIST)
    world.reviewer.email = "reviewer@example.gov.cn"
    world.reviewer.save()
    world.leader.email = "leader@example.gov.cn"
    world.leader.save()
    # The first draft's approver is no longer a reviewer when its time comes.
    Membership.objects.filter(user=world.reviewer, role=Role.REVIEWER).delete()
    published = actions.publish_scheduled(now=later + dt.timedelta(minutes=1), today=TODAY)
    assert [version.publication for version in published] == [fine]
    stuck.refresh_from_db()
    assert stuck.status == Status.DRAFT
    assert actions.review_of(stuck.draft).stage == Stage.SCHEDULED
    assert refusals(stuck, "publish")[0].actor == world.reviewer
    assert len(mailoutbox) == 1
    assert "leader@example.gov.cn" in mailoutbox[0].to
    assert stuck.draft.title in mailoutbox[0].subject


@pytest.mark.parametrize("key", ["T03", "T04"])
def test_a_draft_needing_a_decision_or_congress_record_is_not_scheduled_without_it(world, key):
    publication = world.draft(key, topic="finance", period="2026年度")
    world.submit(publication)
    later = timezone.now() + dt.timedelta(hours=2)
    with pytest.raises(ValidationError) as refused:
        actions.approve(publication, by=world.reviewer, today=TODAY, publish_at=later, **CHECKLIST)
    assert "集体研究" in str(refused.value) or "人民代表大会" in str(refused.value)
    world.record_approvals(publication)
    review = actions.approve(
        publication, by=world.reviewer, today=TODAY, publish_at=later, **CHECKLIST
    )
    assert review.stage == Stage.SCHEDULED
    published = actions.publish_scheduled(now=later + dt.timedelta(minutes=1), today=TODAY)
    assert len(published) == 1  # the clock publishes it: nothing is missing any more


def test_a_withdrawal_needs_a_public_reason_and_deletes_nothing(world, client):
    publication = world.draft()
    world.publish(publication)
    with pytest.raises(PermissionDenied):
        actions.withdraw(publication, by=world.clerk, reason="错发")
    with pytest.raises(ValidationError):
        actions.withdraw(publication, by=world.reviewer, reason="")
    actions.withdraw(publication, by=world.reviewer, reason="内容已被新文件替代")
    with pytest.raises(actions.AlreadyDone):
        actions.withdraw(publication, by=world.reviewer2, reason="再次撤回")
    publication.refresh_from_db()
    assert publication.status == Status.WITHDRAWN and publication.current is not None
    page = client.get(publication.get_absolute_url())
    assert page.status_code == 410
    assert "内容已被新文件替代" in page.content.decode()
    assert "党委书记主持全面工作" not in page.content.decode()  # the body is gone from the page
    listing = client.get(f"/info/{world.township.org_code}/").content.decode()
    assert "已撤回" in listing
    with pytest.raises(ValidationError):  # nothing follows a withdrawal
        actions.edit(publication, by=world.clerk, today=TODAY, title="再改")


def test_an_amendment_goes_through_the_same_review(world):
    publication = world.draft()
    world.publish(publication)
    actions.edit(publication, by=world.clerk, today=TODAY, title="更正", change_reason="更正错字")
    publication.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.publish(publication, by=world.reviewer, version_number=2, today=TODAY)
    world.publish(publication)
    assert publication.current.number == 2


def test_a_late_publication_is_flagged_and_the_deadline_counts_working_days(world):
    publication = world.draft(written_on=dt.date(2026, 6, 1), changed_on=dt.date(2026, 6, 1))
    limit = actions.deadline(publication.draft)
    assert limit.day == dt.date(2026, 6, 30)  # 20 working days; the Dragon Boat Festival skipped
    world.submit(publication)
    world.approve(publication)
    version = actions.publish(publication, by=world.reviewer, version_number=1, today=TODAY)
    assert actions.review_of(version).published_late is True
    on_time = world.draft(written_on=dt.date(2026, 7, 10))
    version = world.publish(on_time)
    assert actions.review_of(version).published_late is False


def test_a_withdrawal_takes_the_content_off_every_public_surface(world, client):
    uploads = actions.Uploads(
        attachments=[files.pdf()],
        attachment_titles=["经费说明"],
        tables=[("经费", files.csv_file("项目,金额\n办公经费,1200\n"))],
    )
    publication = world.draft(files=uploads)
    world.publish(publication)
    publication.refresh_from_db()
    version = publication.current
    base = publication.get_absolute_url()
    attachment = f"{base}v1/files/{version.attachments.get().pk}/"
    table = f"{base}v1/tables/{version.tables.get().pk}.csv"
    api = f"/api/v1/publications/{publication.index_no}"
    for url in (base, f"{base}v1/", attachment, table, api):
        assert client.get(url).status_code == 200, url
    actions.withdraw(publication, by=world.reviewer, reason="误发个人信息，已撤回")
    for url in (base, f"{base}v1/", attachment, table):
        gone = client.get(url)
        assert gone.status_code == 410, url
        assert "误发个人信息，已撤回" in gone.content.decode()
        assert "党委书记主持全面工作" not in gone.content.decode()
    answer = client.get(api)
    assert answer.status_code == 410 and "误发个人信息，已撤回" in answer.json()["error"]
    sitemap = client.get("/sitemap-publications.xml").content.decode()
    assert base not in sitemap
    feed = client.get("/feeds/").content.decode()
    assert "误发个人信息，已撤回" in feed and "领导班子成员姓名" not in feed
