"""Sealing a published version into its county's hash chain."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from gongkai.core.models import Unit

from ..hashing import content_hash, seal_hash
from ..models import (
    PublicationVersion,
    Seal,
    SealChain,
)


def _seal(version: PublicationVersion, county: Unit) -> Seal:
    """Add the version to its county's chain; the chain head's row is locked until commit."""
    chain = SealChain.objects.select_for_update().filter(county=county).first()
    if chain is None:
        try:
            with transaction.atomic():
                chain = SealChain.objects.create(county=county)
        except IntegrityError:
            chain = SealChain.objects.select_for_update().get(county=county)
    content = content_hash(version)
    number = chain.last_number + 1
    seal = Seal.objects.create(
        county=county,
        number=number,
        version=version,
        content_hash=content,
        previous=chain.last_hash,
        seal_hash=seal_hash(chain.last_hash, number, content),
        sealed_at=version.published_at,
    )
    chain.last_number, chain.last_hash = number, seal.seal_hash
    chain.save(update_fields=["last_number", "last_hash"])
    return seal
