"""What the publication actions share: refusal auditing, locking, the draft and its review."""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from gongkai.core import access, audit
from gongkai.core.access import Perm
from gongkai.core.models import Unit, User

from ..access import authors_of
from ..models import (
    Publication,
    PublicationVersion,
    Review,
)

# Within this many working days of the information being created or changed (条例 Art. 26).
PUBLISH_WITHIN_WORKING_DAYS = 20


class AlreadyPublished(ValidationError):
    """The version was published in the meantime, e.g. by a double click or another reviewer."""


class AlreadyDone(ValidationError):
    """Someone else took this step a moment earlier (two reviewers approving at once)."""


def _refusals_audited(step: str):
    """Record a refused step (PermissionDenied) as an audit event that survives the rollback."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(publication, *args, by, **kwargs):
            try:
                return function(publication, *args, by=by, **kwargs)
            except PermissionDenied as error:
                audit.record(
                    "publication:refused",
                    actor=by,
                    unit=publication.unit,
                    target=publication,
                    step=step,
                    reason=str(error),
                )
                raise

        return wrapper

    return decorate


def _check_author(by: User | None, unit: Unit) -> None:
    if by is None:
        raise ValueError("a publication always has a human author")
    access.require(by, Perm.DRAFT, unit)


def _locked(publication: Publication) -> Publication:
    """The publication re-read inside the transaction, holding its row until commit."""
    return (
        Publication.objects.select_for_update()
        .select_related("unit", "item")
        .get(pk=publication.pk)
    )


def review_of(version: PublicationVersion) -> Review:
    """The review of a draft version (written with it; a migration gave older drafts theirs)."""
    return Review.objects.get(version=version)


def _draft_of(publication: Publication) -> PublicationVersion:
    draft = publication.draft
    if draft is None:
        raise ValidationError(_("There is no draft to review."))
    return draft


def _not_author(by: User, version: PublicationVersion, review: Review, message: str) -> None:
    """Separation of duties: nobody approves or publishes what they wrote (any part of it, at
    any save) or submitted."""
    if by.pk == review.submitted_by_id or by.pk in authors_of(version):
        raise PermissionDenied(message)
