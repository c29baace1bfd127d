"""Publications in the portal's search (gongkai.search): one document per published publication.

The document is the current version; an internal publication is indexed as internal, readable
only by the staff of its unit (the search filters by the reader's units). Drafts never are,
and a withdrawn publication leaves the index (its page stays, marked withdrawn).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from gongkai.core.models import Audience
from gongkai.core.tasks import background, enqueue_on_commit
from gongkai.search import index

from . import privacy
from .models import Publication, PublicationVersion, Status, Validity

logger = logging.getLogger(__name__)


def attachment_text(version: PublicationVersion, *, read: bool = True) -> str:
    """The names and the text of a version's attachments (PDF, Word, Excel), for the search;
    only their names when not `read`.

    The same reader the privacy screening uses. A file that cannot be read is still found by
    its name, and is logged.
    """
    texts = []
    for attachment in version.attachments.all():
        texts.extend([attachment.title, attachment.name])
        if not read:
            continue
        try:
            with attachment.file.open("rb") as handle:
                parts = privacy.attachment_text(attachment.kind, handle.read())
        except privacy.Unreadable:
            continue  # an image or a scan: found by its name only
        except Exception:
            logger.exception("cannot read the text of attachment %s", attachment.pk)
            continue
        texts.extend(text for _where, text in parts)
    return "\n".join(texts)


def enabled() -> bool:
    return apps.is_installed("gongkai.search")


def document_for(publication: Publication, *, read_attachments: bool = True):
    version = publication.current
    validity = {
        Validity.VALID: index.Validity.CURRENT,
        Validity.REPEALED: index.Validity.REPEALED,
        Validity.EXPIRED: index.Validity.EXPIRED,
    }[version.validity]
    # The pages' rule (`Publication.objects.public()`): only the public audience is public.
    internal = publication.audience != Audience.PUBLIC
    tables = "\n".join(
        " ".join([table.caption, *table.columns, *(cell for row in table.rows for cell in row)])
        for table in version.tables.all()
    )
    return index.Document(
        key=f"publication:{publication.pk}",
        unit_id=publication.unit_id,
        unit_path=publication.unit.path,
        unit_name=publication.unit.name,
        title=version.title,
        url=publication.get_absolute_url(),
        date=timezone.localdate(publication.first_published_at),
        catalog_item_id=publication.item_id,
        catalog_item_name=publication.item.level2,
        topic=version.get_topic_display(),
        validity=validity,
        audience=index.Audience.INTERNAL if internal else index.Audience.PUBLIC,
        reader_unit_id=publication.unit_id if internal else None,
        summary=version.summary,
        body=strip_tags(version.body),
        tables=tables,
        attachments=attachment_text(version, read=read_attachments),
    )


def big_attachments(version: PublicationVersion) -> bool:
    """Whether reading the version's attachments would slow publishing down: their text is
    then indexed by a task (`tasks.index_attachments`)."""
    total = sum(attachment.size for attachment in version.attachments.all())
    return total > settings.SEARCH_INLINE_ATTACHMENT_BYTES


def index_on_commit(publication: Publication) -> None:
    """Put the publication's current version in the search index once the transaction commits.

    Big attachments are found by their names at once, and by their text once the worker has
    run the task that reads them.
    """
    if not enabled():
        return
    version = publication.current
    assert version is not None, "a published publication has a current version"
    if big_attachments(version):
        index.index_on_commit(document_for(publication, read_attachments=False))
        enqueue_on_commit(index_attachments, publication.pk, version.pk)
    else:
        index.index_on_commit(document_for(publication))


@background
def index_attachments(publication_id: int, version_id: int) -> bool:
    """Index the publication with its attachments' text, if that version is still the one
    published: a later version or a withdrawal has its own indexing. True when indexed; safe
    to run twice (the document is replaced)."""
    publication = (
        Publication.objects.published()
        .exclude(status=Status.WITHDRAWN)
        .select_related("unit", "item", "current")
        .filter(pk=publication_id, current_id=version_id)
        .first()
    )
    if publication is None or not enabled():
        return False
    index.index_document(document_for(publication))
    return True


def remove_on_commit(publication: Publication) -> None:
    """Take the publication out of the search index once the transaction commits."""
    if enabled():
        index.remove_on_commit(f"publication:{publication.pk}")


def all_documents(after: str = "") -> Iterator:
    """Every published publication's document, in the order of their keys' numbers; after
    `after` (a key) when a stopped rebuild goes on."""
    published = Publication.objects.published().exclude(status=Status.WITHDRAWN)
    if after:
        published = published.filter(pk__gt=int(after.rsplit(":", 1)[1]))
    for publication in published.select_related("unit", "item", "current").order_by("pk"):
        yield document_for(publication)


def register() -> None:
    if enabled():
        index.register_source("publication", all_documents)
