"""Named reads of publications, which change nothing: a public one by its index number, one
for a staff step, and whether the seals still hold."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.models import Unit, User

from . import access
from .hashing import _attachment_bytes, content_hash, seal_hash
from .models import Publication, PublicationQuerySet, PublicationVersion, Seal, Status


def public_by_index_no(index_no: str, queryset: PublicationQuerySet | None = None) -> Publication:
    """A public publication by its index number; 404 for anything else (internal, drafts)."""
    found = (
        (queryset if queryset is not None else Publication.objects.public())
        .select_related("unit", "current", "item")
        .filter(index_no=index_no.strip().upper())
        .first()
    )
    if found is None:
        raise Http404(_("No public publication has this index number."))
    return found


def interpretations_of(policy: Publication) -> PublicationQuerySet:
    """The public interpretations (政策解读) whose current version explains `policy`."""
    return (
        Publication.objects.public()
        .exclude(status=Status.WITHDRAWN)
        .filter(current__interprets=policy)
        .select_related("current", "unit")
        .newest_first()
    )


def policy_of(version: PublicationVersion) -> Publication | None:
    """The policy a version interprets, while it is public and not withdrawn."""
    if version.interprets_id is None:
        return None
    return (
        Publication.objects.public()
        .exclude(status=Status.WITHDRAWN)
        .select_related("current", "unit")
        .filter(pk=version.interprets_id)
        .first()
    )


def for_staff_step(user: User, pk: int, step: str) -> Publication:
    """The publication, if the user works in its unit; otherwise 404, and the attempt audited."""
    try:
        return access.get_for_staff(user, pk)
    except Http404:
        found = Publication.objects.filter(pk=pk).select_related("unit").first()
        if found is not None:
            audit.record(
                "publication:refused",
                actor=user,
                unit=found.unit,
                target=found,
                step=step,
                reason="not a member of the publishing unit",
            )
        raise Http404(_("No publication of your units has this id.")) from None


@dataclass
class SealCheck:
    publication: Publication
    version: PublicationVersion
    seal: Seal | None
    problems: list[str]

    @property
    def valid(self) -> bool:
        return not self.problems


def _attachments_intact(version: PublicationVersion) -> list[str]:
    broken = []
    for attachment in version.attachments.all():
        try:
            data = _attachment_bytes(attachment)
        except OSError:
            broken.append(_("the file “%(a)s” is missing") % {"a": attachment.name})
            continue
        if hashlib.sha256(data).hexdigest() != attachment.sha256:
            broken.append(_("the file “%(a)s” has changed") % {"a": attachment.name})
    return broken


def check_version(version: PublicationVersion, previous: Seal | None = None) -> SealCheck:
    """Does the stored version still match its seal (and, given one, the seal before it)?"""
    seal = Seal.objects.filter(version=version).first()
    found = []
    if seal is None:
        found.append(_("it has no seal"))
    else:
        if content_hash(version) != seal.content_hash:
            found.append(_("its stored content no longer matches the seal"))
        if seal_hash(seal.previous, seal.number, seal.content_hash) != seal.seal_hash:
            found.append(_("the seal itself was altered"))
        if previous is not None and seal.previous != previous.seal_hash:
            found.append(_("the chain is broken before this seal"))
    found += _attachments_intact(version)
    return SealCheck(version.publication, version, seal, found)


def verify(publication: Publication) -> list[SealCheck]:
    """The seal checks of every published version of one publication, newest first."""
    checks_ = []
    versions = publication.versions.filter(published_at__isnull=False).order_by("-number")
    for version in versions:
        seal = Seal.objects.filter(version=version).first()
        previous = (
            Seal.objects.filter(county=seal.county, number=seal.number - 1).first()
            if seal
            else None
        )
        checks_.append(check_version(version, previous))
    return checks_


def verify_chain(county: Unit | None = None) -> list[SealCheck]:
    """Check every seal of the county (or of all counties), in chain order; return failures."""
    seals = Seal.objects.select_related("version__publication").order_by("county_id", "number")
    if county is not None:
        seals = seals.filter(county=county)
    failures = []
    previous: Seal | None = None
    for seal in seals.iterator():
        link = previous if previous is not None and previous.county_id == seal.county_id else None
        if link is None and seal.number != 1:
            link = Seal.objects.filter(county=seal.county_id, number=seal.number - 1).first()
        check = check_version(seal.version, link)
        if link is None and seal.number == 1 and seal.previous:
            check.problems.append(_("the first seal of the county points to another"))
        if link is not None and seal.number != link.number + 1:
            check.problems.append(_("a seal is missing before this one"))
        if not check.valid:
            failures.append(check)
        previous = seal
    unsealed = PublicationVersion.objects.filter(published_at__isnull=False, seal__isnull=True)
    for version in unsealed.select_related("publication"):
        failures.append(SealCheck(version.publication, version, None, [_("it has no seal")]))
    return failures
