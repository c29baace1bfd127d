"""Publishing: the index number, publishing now or on schedule, withdrawing, taking down."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import access, audit
from gongkai.core.access import Perm
from gongkai.core.models import Role, Unit, User

from .. import search_documents, signals
from ..hashing import content_hash
from ..models import (
    SERVICE_FIELDS,
    Attachment,
    Finding,
    IndexCounter,
    Publication,
    PublicationTable,
    PublicationVersion,
    RenderedDocument,
    Review,
    SealEvent,
    Stage,
    Status,
    ensure_transition,
)
from ._shared import (
    AlreadyDone,
    AlreadyPublished,
    _locked,
    _not_author,
    _refusals_audited,
    review_of,
)
from .interpretations import refresh_linked_pages
from .review import approval_problems, deadline, problems
from .screening import read_files_first, screen
from .seals import _seal, _seal_state

logger = logging.getLogger(__name__)


def next_serial(unit: Unit, year: int) -> int:
    """The next serial of this publisher in this year. Call inside the publishing transaction.

    The counter row is locked (PostgreSQL) or the whole database is (SQLite takes the write
    lock when the transaction begins), so two publishers never get the same number; a
    rolled-back transaction gives its number back, and a committed one is never given again.
    """
    counter = IndexCounter.objects.select_for_update().filter(unit=unit, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter = IndexCounter.objects.create(unit=unit, year=year, last_serial=0)
        except IntegrityError:
            # Another publisher created it a moment ago: wait for its lock, then go on.
            counter = IndexCounter.objects.select_for_update().get(unit=unit, year=year)
    if counter.last_serial >= 99999:
        raise ValidationError(
            _("This unit has used all 99,999 index numbers of %(year)d.") % {"year": year}
        )
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return counter.last_serial


@read_files_first
@_refusals_audited("publish")
@transaction.atomic
def publish(
    publication: Publication,
    *,
    by: User,
    version_number: int,
    today: dt.date,
    published_at: dt.datetime | None = None,
) -> PublicationVersion:
    """Publish the approved draft `version_number`; the first time, it gets its index number.

    The draft must have been approved (by someone other than its author), carry the decision
    or congress approval its catalog item needs, and pass the privacy screening again.
    `published_at` is for importing earlier disclosures with their own dates (and the demo).

    Safe to call twice (a double click, a scheduled publish firing twice): the second call
    finds the version published and raises AlreadyPublished, shown as information.
    """
    publication = _locked(publication)
    access.require(by, Perm.REVIEW, publication.unit)
    version = publication.versions.filter(number=version_number).first()
    if version is None:
        raise ValidationError(_("There is no such version."))
    if version.published_at is not None:
        raise AlreadyPublished(
            _("This version was already published by %(who)s at %(when)s.")
            % {
                "who": version.published_by,
                "when": timezone.localtime(version.published_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="already_published",
        )
    ensure_transition(publication, Status.PUBLISHED)
    review = review_of(version)
    _not_author(
        by,
        version,
        review,
        _("You wrote this version; another reviewer of the unit must publish it."),
    )
    if review.stage not in (Stage.APPROVED, Stage.SCHEDULED):
        raise ValidationError(
            _("Only an approved draft is published; this one is “%(stage)s”.")
            % {"stage": review.get_stage_display()},
            code="not_approved",
        )
    found = problems(publication, version, today=today)
    if not version.is_correction:  # a 勘误 needs one reviewer, no decision or congress
        found += approval_problems(publication, version)
    open_findings = screen(version)
    if open_findings:
        found.append(
            _("%(n)d possible items of personal information are open.") % {"n": len(open_findings)}
        )
    if found:
        raise ValidationError(found)
    now = (published_at or timezone.now()).astimezone(dt.UTC)
    first = publication.index_no is None
    if first:
        year = today.year
        serial = next_serial(publication.unit, year)
        publication.index_no = f"{publication.unit.org_code}/{year}-{serial:05d}"
        publication.index_year, publication.index_serial = year, serial
        publication.first_published_at = now
    version.published_at = now
    version.publication = publication
    PublicationVersion.objects.filter(pk=version.pk).update(
        published_at=now, published_by=by, content_hash=content_hash(version)
    )
    version.refresh_from_db()
    version.publication = publication  # with its new index number, not yet saved
    publication.current = version
    publication.status = Status.PUBLISHED
    _seal(version, publication.unit.county)
    limit = deadline(version)
    review.stage = Stage.PUBLISHED
    published_on = timezone.localtime(published_at).date() if published_at else today
    # A correction changes no information: the 20 working days do not apply to it.
    review.published_late = bool(limit and published_on > limit.day and not version.is_correction)
    review.save(update_fields=["stage", "published_late"])
    publication.save(
        update_fields=[
            "index_no",
            "index_year",
            "index_serial",
            "first_published_at",
            "current",
            "status",
        ]
    )
    search_documents.index_on_commit(publication)
    signals.published.send(
        Publication, publication=publication, version=version, by=by, published_on=published_on
    )
    event = audit.record(
        "publication:published",
        actor=by,
        unit=publication.unit,
        target=publication,
        index_no=publication.index_no,
        version=version.number,
        first=first,
        hash=version.content_hash,
        late=review.published_late,
    )
    refresh_linked_pages(publication, event)
    return version


def publish_scheduled(*, now: dt.datetime, today: dt.date) -> list[PublicationVersion]:
    """Publish every draft whose scheduled time has come (cron; firing twice does nothing twice).

    One draft that cannot go out (its approver lost the role, a record is missing) never
    stops the others: the refusal is audited by `publish`, logged, and mailed to the unit's
    reviewers and leaders, and the draft stays scheduled until someone acts.
    """
    published = []
    due = Review.objects.filter(stage=Stage.SCHEDULED, scheduled_for__lte=now).select_related(
        "version__publication__unit", "approved_by"
    )
    for review in list(due):
        publication = review.version.publication
        try:
            published.append(
                publish(
                    publication,
                    by=review.approved_by,
                    version_number=review.version.number,
                    today=today,
                    published_at=review.scheduled_for,
                )
            )
        except AlreadyPublished:
            continue
        except (PermissionDenied, ValidationError) as error:
            reason = "; ".join(getattr(error, "messages", None) or [str(error)])
            logger.warning("scheduled publication %s not published: %s", publication.pk, reason)
            _tell_reviewers(publication, reason)
    return published


def _tell_reviewers(publication: Publication, reason: str) -> None:
    """Mail the unit's reviewers and leaders that a scheduled publication could not go out."""
    people = User.objects.filter(
        is_active=True,
        memberships__unit=publication.unit,
        memberships__role__in=[Role.REVIEWER, Role.LEADER],
    ).exclude(email="")
    recipients = sorted(set(people.values_list("email", flat=True)))
    if not recipients:
        return
    title = publication.draft.title if publication.draft else str(publication)
    subject = _("A scheduled publication could not be published: %(title)s") % {"title": title}
    body = _(
        "“%(title)s” (%(unit)s) was scheduled but could not be published: %(reason)s\n"
        "It stays scheduled; approve it again or change it on the staff pages."
    ) % {"title": title, "unit": publication.unit.name, "reason": reason}
    send_mail(subject, body, None, recipients, fail_silently=True)


@_refusals_audited("withdraw")
@transaction.atomic
def withdraw(publication: Publication, *, by: User, reason: str) -> Publication:
    """Withdraw (撤回) a published publication; the reason is public, nothing is deleted."""
    publication = _locked(publication)
    access.require(by, Perm.REVIEW, publication.unit)
    if publication.status == Status.WITHDRAWN:
        raise AlreadyDone(_("This publication was already withdrawn."), code="already_withdrawn")
    if publication.status == Status.AMENDING:
        raise ValidationError(_("Discard the amendment being written first."))
    ensure_transition(publication, Status.WITHDRAWN)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason; it is shown to the public.")})
    publication.status = Status.WITHDRAWN
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_by = by
    publication.withdrawal_reason = reason.strip()
    publication.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    _seal_state(publication, SealEvent.WITHDRAWN)
    search_documents.remove_on_commit(publication)
    event = audit.record(
        "publication:withdrawn",
        actor=by,
        unit=publication.unit,
        target=publication,
        index_no=publication.index_no,
        reason=publication.withdrawal_reason,
    )
    refresh_linked_pages(publication, event)
    return publication


@_refusals_audited("take_down")
@transaction.atomic
def take_down(publication: Publication, *, by: User, reason: str) -> Publication:
    """Take down (删除) a publication that published personal data by mistake.

    Unlike a withdrawal, the content goes: the text, tables and files of every published
    version are deleted (files from storage once no other attachment holds them), the search
    entry removed, and the personal data noted by the privacy screening forgotten. Each
    version stays as a tombstone with its content hash, so the seal chain still verifies; the
    take-down is sealed into the chain. Every public address answers 410 with the reason.
    """
    publication = _locked(publication)
    access.require(by, Perm.TAKE_DOWN, publication.unit)
    if publication.taken_down_at is not None:
        raise AlreadyDone(
            _("This publication was already taken down by %(who)s at %(when)s.")
            % {
                "who": publication.taken_down_by,
                "when": timezone.localtime(publication.taken_down_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="already_taken_down",
        )
    if publication.current is None:
        raise ValidationError(_("Only a published publication can be taken down."))
    if publication.status == Status.AMENDING:
        raise ValidationError(_("Discard the amendment being written first."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason; it is shown to the public.")})
    now = timezone.now()
    reason = reason.strip()
    fields = ["taken_down_at", "taken_down_by", "take_down_reason"]
    if publication.status != Status.WITHDRAWN:
        publication.status = Status.WITHDRAWN
        publication.withdrawn_at, publication.withdrawn_by = now, by
        publication.withdrawal_reason = reason
        fields += ["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"]
    publication.taken_down_at, publication.taken_down_by = now, by
    publication.take_down_reason = reason
    publication.save(update_fields=fields)
    versions = PublicationVersion.objects.filter(
        publication=publication, published_at__isnull=False
    )
    numbers = sorted(versions.values_list("number", flat=True))
    # The database lets a published version change this once: into its tombstone.
    versions.update(
        taken_down_at=now,
        summary="",
        body="",
        correction_note=None,
        **dict.fromkeys(SERVICE_FIELDS, ""),
    )
    attachments = Attachment.objects.filter(version__in=versions)
    names = set(attachments.values_list("file", flat=True))
    attachments.delete()
    PublicationTable.objects.filter(version__in=versions).delete()
    # Nothing of the content may remain in a stored rendering of it.
    RenderedDocument.objects.filter(version__in=versions).delete()
    Finding.objects.filter(version__in=versions).update(value="")
    _seal_state(publication, SealEvent.TAKEN_DOWN)
    search_documents.remove_on_commit(publication)
    kept = sorted(name for name in names if Attachment.objects.filter(file=name).exists())
    transaction.on_commit(lambda: _delete_files(names - set(kept)))
    event = audit.record(
        "publication:taken_down",
        actor=by,
        unit=publication.unit,
        target=publication,
        index_no=publication.index_no,
        reason=reason,
        versions=numbers,
        files=len(names),
        files_kept=len(kept),
    )
    refresh_linked_pages(publication, event)
    if kept:
        logger.warning(
            "take-down of %s: %d files are still attached to other publications",
            publication.index_no,
            len(kept),
        )
    return publication


def _delete_files(names: set[str]) -> None:
    storage = Attachment.file.field.storage
    for name in sorted(names):
        storage.delete(name)
