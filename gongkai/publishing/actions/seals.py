"""Sealing into the county's hash chain: a version's content when it is published, and every
later change of its publication's public state (withdrawal, take-down)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.models import Unit

from ..hashing import content_hash, entry_hash, public_state
from ..models import (
    SEAL_SCHEME,
    Publication,
    PublicationVersion,
    Seal,
    SealChain,
    SealEvent,
)


def _append(
    version: PublicationVersion,
    county: Unit,
    *,
    event: str,
    content: str,
    state: str,
    sealed_at: dt.datetime,
) -> Seal:
    """Add an entry to the county's chain; the chain head's row is locked until commit."""
    chain = SealChain.objects.select_for_update().filter(county=county).first()
    if chain is None:
        try:
            with transaction.atomic():
                chain = SealChain.objects.create(county=county)
        except IntegrityError:
            chain = SealChain.objects.select_for_update().get(county=county)
    number = chain.last_number + 1
    seal = Seal.objects.create(
        county=county,
        number=number,
        version=version,
        event=event,
        scheme=SEAL_SCHEME,
        state=state,
        content_hash=content,
        previous=chain.last_hash,
        seal_hash=entry_hash(chain.last_hash, number, content, event, state),
        sealed_at=sealed_at,
    )
    chain.last_number, chain.last_hash = number, seal.seal_hash
    chain.save(update_fields=["last_number", "last_hash"])
    return seal


def _seal(version: PublicationVersion, county: Unit) -> Seal:
    """Seal a version being published: its content, and its publication's state with it as the
    current version (set `publication.current` and `status` first)."""
    if version.published_at is None:
        raise ValueError("only a published version is sealed")
    return _append(
        version,
        county,
        event=SealEvent.PUBLISHED,
        content=content_hash(version),
        state=public_state(version.publication),
        sealed_at=version.published_at,
    )


def _seal_state(publication: Publication, event: str) -> Seal:
    """Seal a change of the publication's public state, over its current version's hash."""
    version = publication.current
    if version is None:
        raise ValueError("only a published publication has a public state to seal")
    sealed = version.seal
    return _append(
        version,
        publication.unit.county,
        event=event,
        content=sealed.content_hash if sealed else version.content_hash,
        state=public_state(publication),
        sealed_at=timezone.now(),
    )
