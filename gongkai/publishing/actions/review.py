"""Review: submit, return, approve (保密审查), and the decision or congress record."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import access, audit
from gongkai.core.access import Perm
from gongkai.core.models import User

from .. import checks, signals
from ..models import (
    CongressApproval,
    Decision,
    Publication,
    PublicationVersion,
    Review,
    Stage,
    ensure_stage,
)
from ._shared import (
    PUBLISH_WITHIN_WORKING_DAYS,
    AlreadyDone,
    _check_author,
    _draft_of,
    _locked,
    _not_author,
    _refusals_audited,
    review_of,
)
from .interpretations import policy_problem
from .screening import read_files_first, screen


def problems(publication: Publication, version: PublicationVersion, *, today: dt.date) -> list[str]:
    """What stops the draft from being approved: its content."""
    has_content = (
        bool(version.body.strip()) or version.attachments.exists() or version.tables.exists()
    )
    return checks.publish_problems(
        version, item=publication.item, has_content=has_content, today=today
    ) + policy_problem(publication.unit, version.interprets_id)


def approval_problems(publication: Publication, version: PublicationVersion) -> list[str]:
    """The decision or congress approval the catalog item needs, if it is not recorded yet."""
    return checks.approval_problems(
        item=publication.item,
        has_decision=version.decisions.exists(),
        has_congress_approval=version.congress_approvals.exists(),
    )


def deadline(version: PublicationVersion, calendar=None):
    """The last day to publish the version (20 working days after the information changed)."""
    from gongkai.core.workdays import WorkdayCalendar

    start = version.changed_on or version.written_on
    if start is None:
        return None
    calendar = calendar or WorkdayCalendar.load()
    return calendar.deadline(start, PUBLISH_WITHIN_WORKING_DAYS)


@read_files_first
@_refusals_audited("submit")
@transaction.atomic
def submit(publication: Publication, *, by: User, today: dt.date) -> Review:
    """The clerk sends the draft to review; the privacy screening runs over it."""
    publication = _locked(publication)
    _check_author(by, publication.unit)
    draft = _draft_of(publication)
    review = review_of(draft)
    if review.stage == Stage.SUBMITTED:
        raise AlreadyDone(_("The draft was already submitted."), code="already_submitted")
    ensure_stage(review, Stage.SUBMITTED)
    found = problems(publication, draft, today=today)
    if found:
        raise ValidationError(found)
    open_findings = screen(draft)
    review.stage = Stage.SUBMITTED
    review.submitted_by, review.submitted_at = by, timezone.now()
    review.save(update_fields=["stage", "submitted_by", "submitted_at"])
    audit.record(
        "publication:submitted",
        actor=by,
        unit=publication.unit,
        target=publication,
        version=draft.number,
        findings=len(open_findings),
    )
    return review


@_refusals_audited("return")
@transaction.atomic
def return_draft(publication: Publication, *, by: User, comments: str) -> Review:
    """The reviewer sends the draft back to the clerk with comments."""
    publication = _locked(publication)
    access.require(by, Perm.REVIEW, publication.unit)
    draft = _draft_of(publication)
    review = review_of(draft)
    _not_author(by, draft, review, _("You wrote this draft; another reviewer must review it."))
    if review.stage in (Stage.RETURNED, Stage.APPROVED, Stage.SCHEDULED):
        raise AlreadyDone(
            _("Another reviewer has already decided: the draft is “%(stage)s”.")
            % {"stage": review.get_stage_display()},
            code="already_decided",
        )
    ensure_stage(review, Stage.RETURNED)
    if not (comments or "").strip():
        raise ValidationError({"comments": _("Tell the clerk what to change.")})
    review.stage = Stage.RETURNED
    review.comments = comments.strip()
    review.returned_by, review.returned_at = by, timezone.now()
    review.save(update_fields=["stage", "comments", "returned_by", "returned_at"])
    audit.record(
        "publication:returned",
        actor=by,
        unit=publication.unit,
        target=publication,
        version=draft.number,
        comments=review.comments,
    )
    return review


@read_files_first
@_refusals_audited("approve")
@transaction.atomic
def approve(
    publication: Publication,
    *,
    by: User,
    today: dt.date,
    no_state_secret: bool,
    no_superior_document: bool,
    privacy_lawful: bool,
    publish_at: dt.datetime | None = None,
) -> Review:
    """The reviewer approves the draft with the secrecy-review checklist (保密审查)."""
    publication = _locked(publication)
    access.require(by, Perm.REVIEW, publication.unit)
    draft = _draft_of(publication)
    review = review_of(draft)
    _not_author(
        by, draft, review, _("You wrote or submitted this draft; another reviewer must approve it.")
    )
    if review.stage in (Stage.APPROVED, Stage.SCHEDULED):
        raise AlreadyDone(
            _("%(who)s approved this draft already at %(when)s.")
            % {
                "who": review.approved_by,
                "when": timezone.localtime(review.approved_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="already_approved",
        )
    ensure_stage(review, Stage.APPROVED)
    errors = []
    if not (no_state_secret and no_superior_document and privacy_lawful):
        errors.append(_("Confirm every point of the secrecy review before approving."))
    errors += problems(publication, draft, today=today)
    if publish_at is not None:
        # A scheduled draft is published by the clock, with nobody at hand to record the
        # decision or congress approval then: it must be on record before it is scheduled.
        errors += approval_problems(publication, draft)
    open_findings = screen(draft)
    if open_findings:
        errors.append(
            _(
                "%(n)d possible items of personal information are open: keep them with a legal "
                "reason, or return the draft for the clerk to mask them."
            )
            % {"n": len(open_findings)}
        )
    if publish_at is not None and publish_at <= timezone.now():
        errors.append(_("The scheduled time has passed; publish now instead."))
    if errors:
        raise ValidationError(errors)
    review.stage = Stage.SCHEDULED if publish_at else Stage.APPROVED
    review.approved_by, review.approved_at = by, timezone.now()
    review.no_state_secret = review.no_superior_document = review.privacy_lawful = True
    review.scheduled_for = publish_at
    review.save(
        update_fields=[
            "stage",
            "approved_by",
            "approved_at",
            "no_state_secret",
            "no_superior_document",
            "privacy_lawful",
            "scheduled_for",
        ]
    )
    audit.record(
        "publication:approved",
        actor=by,
        unit=publication.unit,
        target=publication,
        version=draft.number,
        secrecy_review=["no_state_secret", "no_superior_document", "privacy_lawful"],
        scheduled_for=publish_at.isoformat() if publish_at else None,
    )
    return review


def _record_check(publication: Publication, by: User, held_on: dt.date, today: dt.date):
    access.require(by, Perm.DECIDE, publication.unit)
    draft = _draft_of(publication)
    if held_on > today:
        raise ValidationError({"held_on": _("This date cannot be in the future.")})
    return draft


@_refusals_audited("record_decision")
@transaction.atomic
def record_decision(
    publication: Publication,
    *,
    by: User,
    today: dt.date,
    meeting: str,
    held_on: dt.date,
    minutes_no: str,
    attendees: str,
    outcome: str,
) -> Decision:
    """A leader records the collective decision (集体研究决定) the draft rests on."""
    publication = _locked(publication)
    draft = _record_check(publication, by, held_on, today)
    decision = Decision(
        version=draft,
        meeting=(meeting or "").strip(),
        held_on=held_on,
        minutes_no=(minutes_no or "").strip(),
        attendees=(attendees or "").strip(),
        outcome=(outcome or "").strip(),
        recorded_by=by,
    )
    decision.full_clean(exclude=["version", "recorded_by"])
    decision.save()
    signals.decision_recorded.send(Decision, publication=publication, decision=decision)
    audit.record(
        "publication:decision_recorded",
        actor=by,
        unit=publication.unit,
        target=publication,
        version=draft.number,
        meeting=decision.meeting,
        held_on=held_on.isoformat(),
        minutes_no=decision.minutes_no,
    )
    return decision


@_refusals_audited("record_congress_approval")
@transaction.atomic
def record_congress_approval(
    publication: Publication,
    *,
    by: User,
    today: dt.date,
    session: str,
    held_on: dt.date,
    resolution: str,
) -> CongressApproval:
    """A leader records the township people's congress approving the draft (budget, plan)."""
    publication = _locked(publication)
    draft = _record_check(publication, by, held_on, today)
    approval = CongressApproval(
        version=draft,
        session=(session or "").strip(),
        held_on=held_on,
        resolution=(resolution or "").strip(),
        recorded_by=by,
    )
    approval.full_clean(exclude=["version", "recorded_by"])
    approval.save()
    signals.congress_approval_recorded.send(
        CongressApproval, publication=publication, approval=approval
    )
    audit.record(
        "publication:congress_approval_recorded",
        actor=by,
        unit=publication.unit,
        target=publication,
        version=draft.number,
        session=approval.session,
        held_on=held_on.isoformat(),
    )
    return approval
