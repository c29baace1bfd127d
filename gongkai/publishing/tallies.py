"""Per unit, catalog item and audience, how many publications are published (`PublicationTally`).

The publishing action counts a publication in when it is first published (`count_in`);
`recount` rebuilds them all from the publications (a bulk import, a repair).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, F

from .models import Publication, PublicationTally


def count_in(publication: Publication) -> None:
    """Count a publication being published for the first time. Call inside its transaction."""
    found: dict[str, object] = {
        "unit_id": publication.unit_id,
        "item_id": publication.item_id,
        "audience": publication.audience,
    }
    if PublicationTally.objects.filter(**found).update(published=F("published") + 1):
        return
    try:
        with transaction.atomic():
            PublicationTally.objects.create(**found, published=1)
    except IntegrityError:
        # Another publisher of the unit created it a moment ago.
        PublicationTally.objects.filter(**found).update(published=F("published") + 1)


@transaction.atomic
def recount() -> int:
    """Every tally counted again from the publications; returns how many tallies there are."""
    rows = (
        Publication.objects.published()
        .order_by()
        .values("unit_id", "item_id", "audience")
        .annotate(n=Count("pk"))
    )
    PublicationTally.objects.all().delete()
    PublicationTally.objects.bulk_create(
        PublicationTally(
            unit_id=row["unit_id"],
            item_id=row["item_id"],
            audience=row["audience"],
            published=row["n"],
        )
        for row in rows
    )
    return PublicationTally.objects.count()
