"""How a view gets publications: the only place that scopes them by who is asking; and the
questions about one publication (may this user approve its draft?), declared to
`gongkai.core.access`, which views and templates ask.

Internal publications (audience: the unit's own staff) are visible only to users holding
`Perm.READ_INTERNAL` in the publishing unit: never to the public, never to another
township's staff. Anything else is answered with 404, so an index number reveals nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from gongkai.catalog.models import Approval
from gongkai.core import access
from gongkai.core.access import Perm
from gongkai.core.models import AuditEvent, User
from gongkai.core.prepared import Prepared

from .checks import approval_problems
from .models import (
    Attachment,
    Publication,
    PublicationQuerySet,
    PublicationTally,
    PublicationTallyQuerySet,
    PublicationVersion,
    Review,
    Stage,
    Status,
)
from .uploads import PICTURE_KINDS


def visible(user: access.Asker) -> PublicationQuerySet:
    """Published publications this user may read: public ones, and internal ones of their units."""
    return Publication.objects.visible_to(access.units_for(user, Perm.READ_INTERNAL))


def visible_tallies(user: access.Asker) -> PublicationTallyQuerySet:
    """How many publications `visible(user)` holds, per unit, catalog item and audience."""
    return PublicationTally.objects.visible_to(access.units_for(user, Perm.READ_INTERNAL))


def _published_by_number(user: access.Asker, index_no: str) -> PublicationQuerySet:
    return visible(user).select_related("unit", "item", "current").filter(index_no=index_no)


# What an anonymous reader may read: the same rule, its query compiled once per process.
_PUBLISHED_FOR_ANYONE = Prepared(
    lambda index_no: _published_by_number(AnonymousUser(), index_no), "\x00index_no\x00"
)


def get_published(user: access.Asker, org_code: str, number: str) -> Publication:
    index_no = f"{org_code.upper()}/{number}"
    if user is None or not user.is_authenticated:
        found = _PUBLISHED_FOR_ANYONE.first(index_no)
        if found is None:
            raise Http404
        return found
    return get_object_or_404(_published_by_number(user, index_no))


def get_picture(user: access.Asker, part: int) -> Attachment:
    """A picture of a publication's text: shown to whoever may read the published version it
    belongs to (never once withdrawn), and to the staff who may open the draft it belongs to."""
    found = get_object_or_404(
        Attachment.objects.select_related("version"), pk=part, kind__in=PICTURE_KINDS
    )
    version = found.version
    published = visible(user).exclude(status=Status.WITHDRAWN)
    if version.published_at is not None and published.filter(pk=version.publication_id).exists():
        return found
    if isinstance(user, User) and for_staff(user).filter(pk=version.publication_id).exists():
        return found
    raise Http404


def for_staff(user: User) -> PublicationQuerySet:
    """Publications of every unit the user works in; internal ones only with READ_INTERNAL,
    never-published drafts only with READ_DRAFTS."""
    units = access.units(user, Perm.USE_BACKOFFICE)
    return (
        Publication.objects.filter(unit__in=units)
        .exclude(
            audience="internal", unit__in=units.exclude(access.units_for(user, Perm.READ_INTERNAL))
        )
        .exclude(
            current__isnull=True,
            unit__in=units.exclude(access.units_for(user, Perm.READ_DRAFTS)),
        )
    )


def get_for_staff(user: User, pk: int) -> Publication:
    publication = get_object_or_404(
        Publication.objects.select_related("unit", "item", "current"), pk=pk
    )
    if not access.may(user, "publication:open", publication):
        raise Http404
    return publication


# The steps that change a version's content; whoever took one is among its authors.
AUTHORING_EVENTS = (
    "publication:edited",
    "publication:attachment_removed",
    "publication:table_removed",
    "publication:correction_submitted",
)


def authors_of(version: PublicationVersion) -> set[int]:
    """Everyone who wrote any of this version: its creator and every editor, not only the last."""
    editors = (
        AuditEvent.objects.for_target(version.publication)
        .filter(action__in=AUTHORING_EVENTS, data__version=version.number, actor__isnull=False)
        .values_list("actor_id", flat=True)
    )
    return {version.created_by_id, version.edited_by_id, *editors} - {None}


@dataclass(frozen=True)
class _Desk:
    """What the questions about a publication need to know of it, for one user."""

    draft: PublicationVersion | None
    stage: str | None
    wrote: bool
    approvable: bool
    # 勘误: the draft is a correction, checked by one reviewer instead of the full review.
    correction: bool


def _desk(user: User, publication: Publication) -> _Desk:
    """Worked out once per user and publication object (a page asks several questions)."""
    cache = publication.__dict__.setdefault("_access_desks", {})
    if user.pk not in cache:
        draft = publication.draft if access.can(user, Perm.READ_DRAFTS, publication.unit) else None
        review = Review.objects.filter(version=draft).first() if draft else None
        wrote = bool(
            draft
            and (
                user.pk in authors_of(draft)
                or (review is not None and user.pk == review.submitted_by_id)
            )
        )
        approvable = bool(
            draft
            and not approval_problems(
                item=publication.item,
                has_decision=draft.decisions.exists(),
                has_congress_approval=draft.congress_approvals.exists(),
            )
        )
        stage = review.stage if review else (Stage.WRITING if draft else None)
        correction = bool(draft and draft.is_correction)
        cache[user.pk] = _Desk(draft, stage, wrote, approvable, correction)
    return cache[user.pk]


@access.question("publication:open")
def _may_open(user: User, publication: Publication) -> bool:
    """A staff member opens a publication of their unit; an internal one only with
    READ_INTERNAL; a draft that was never published only if they work on drafts."""
    unit = publication.unit
    return (
        access.can(user, Perm.USE_BACKOFFICE, unit)
        and (not publication.is_internal or access.can(user, Perm.READ_INTERNAL, unit))
        and (publication.current_id is not None or access.can(user, Perm.READ_DRAFTS, unit))
    )


@access.question("publication:read_draft")
def _may_read_draft(user: User, publication: Publication) -> bool:
    """An amendment being written shows only to the people who work on drafts."""
    return access.can(user, Perm.READ_DRAFTS, publication.unit)


@access.question("publication:edit")
def _may_edit(user: User, publication: Publication) -> bool:
    desk = _desk(user, publication)
    return (
        access.can(user, Perm.DRAFT, publication.unit)
        and (desk.draft is None or desk.stage in (Stage.WRITING, Stage.RETURNED))
        and not desk.correction
    )


@access.question("publication:submit")
def _may_submit(user: User, publication: Publication) -> bool:
    desk = _desk(user, publication)
    return bool(
        desk.draft
        and not desk.correction
        and access.can(user, Perm.DRAFT, publication.unit)
        and desk.stage in (Stage.WRITING, Stage.RETURNED)
    )


@access.question("publication:mask")
def _may_mask(user: User, publication: Publication) -> bool:
    """Take a finding out of the text: the clerk, until the draft is approved."""
    desk = _desk(user, publication)
    return bool(
        desk.draft
        and access.can(user, Perm.DRAFT, publication.unit)
        and desk.stage in (Stage.WRITING, Stage.RETURNED, Stage.SUBMITTED)
    )


def _reviews(user: User, publication: Publication) -> bool:
    """A reviewer of the unit who wrote none of the draft (separation of duties)."""
    desk = _desk(user, publication)
    return bool(desk.draft and not desk.wrote and access.can(user, Perm.REVIEW, publication.unit))


@access.question("publication:review")
def _may_review(user: User, publication: Publication) -> bool:
    desk = _desk(user, publication)
    return _reviews(user, publication) and desk.stage == Stage.SUBMITTED and not desk.correction


@access.question("publication:override")
def _may_override(user: User, publication: Publication) -> bool:
    """Keep a privacy finding with a legal reason: the reviewer, while reviewing."""
    return _reviews(user, publication) and _desk(user, publication).stage == Stage.SUBMITTED


@access.question("publication:publish")
def _may_publish(user: User, publication: Publication) -> bool:
    desk = _desk(user, publication)
    return (
        _reviews(user, publication)
        and desk.stage in (Stage.APPROVED, Stage.SCHEDULED)
        and desk.approvable
    )


@access.question("publication:decide")
def _may_decide(user: User, publication: Publication) -> bool:
    """Record the collective decision or congress approval the catalog item asks for."""
    desk = _desk(user, publication)
    return bool(
        desk.draft
        and not desk.correction
        and access.can(user, Perm.DECIDE, publication.unit)
        and publication.item.approval != Approval.REVIEW
    )


@access.question("publication:withdraw")
def _may_withdraw(user: User, publication: Publication) -> bool:
    return publication.status == Status.PUBLISHED and access.can(
        user, Perm.REVIEW, publication.unit
    )


@access.question("publication:take_down")
def _may_take_down(user: User, publication: Publication) -> bool:
    """Delete what was published by mistake: a reviewer or leader, once, with no amendment open."""
    return (
        publication.current_id is not None
        and publication.taken_down_at is None
        and publication.status != Status.AMENDING
        and access.can(user, Perm.TAKE_DOWN, publication.unit)
    )


@access.question("publication:is_author")
def _is_author(user: User, publication: Publication) -> bool:
    """Not a permission but the reason for refusals the page explains: the user wrote the draft."""
    return _desk(user, publication).wrote


# 勘误, the light path for correcting a typo in what is published, and the confirm pages.


@access.question("publication:correct")
def _may_correct(user: User, publication: Publication) -> bool:
    """A clerk of the unit corrects a typo in what is published, while no amendment is open."""
    return publication.status == Status.PUBLISHED and access.can(user, Perm.DRAFT, publication.unit)


@access.question("publication:change_correction")
def _may_change_correction(user: User, publication: Publication) -> bool:
    """The clerk changes a correction still being written or returned by the reviewer."""
    desk = _desk(user, publication)
    return (
        desk.correction
        and desk.stage in (Stage.WRITING, Stage.RETURNED)
        and access.can(user, Perm.DRAFT, publication.unit)
    )


@access.question("publication:write_correction")
def _may_write_correction(user: User, publication: Publication) -> bool:
    """The correction form is the unit's clerks', for a publication that was published; the
    step says why a correction cannot be made now (withdrawn, an amendment open, submitted)."""
    return publication.current_id is not None and access.can(user, Perm.DRAFT, publication.unit)


@access.question("publication:review_correction")
def _may_review_correction(user: User, publication: Publication) -> bool:
    """ONE reviewer of the unit who wrote none of it publishes a submitted correction, or
    judges it material and sends it down the full review."""
    desk = _desk(user, publication)
    return desk.correction and desk.stage == Stage.SUBMITTED and _reviews(user, publication)


@access.question("publication:confirm")
def _may_confirm(user: User, publication: Publication) -> bool:
    """The pages that say what publishing, publishing a correction or withdrawing will do are
    for the unit's reviewers; the step itself answers a post (and audits a refusal)."""
    return access.can(user, Perm.REVIEW, publication.unit)
