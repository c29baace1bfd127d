"""Bulletins' background work: a large batch of sheets is printed by the worker, not while the
staff member's request waits."""

from __future__ import annotations

from gongkai.core.tasks import background
from gongkai.publishing.models import Publication, Status

from . import actions, sheets
from .models import BatchSheet, BatchStatus


@background
def print_batch(batch_id: int) -> int:
    """Print the batch's sheets (those of its publications still published); how many. Safe to
    run twice: a batch printed already is left as it is."""
    batch = BatchSheet.objects.select_related("unit").get(pk=batch_id)
    if batch.status == BatchStatus.READY:
        return 0
    found = {
        publication.pk: publication
        for publication in Publication.objects.published()
        .exclude(status=Status.WITHDRAWN)
        .filter(pk__in=batch.publications)
        .select_related("unit", "item", "current")
    }
    publications = [found[pk] for pk in batch.publications if pk in found]
    content = sheets.render(
        publications,
        size=batch.size,
        shown_from=batch.shown_from,
        shown_to=batch.shown_to,
        signoff_for_all=batch.signoff_for_all,
        board=batch.unit,
    )
    actions.batch_printed(
        batch,
        content=content,
        name=sheets.filename(publications, batch.size),
        sheets=len(publications),
    )
    return len(publications)
