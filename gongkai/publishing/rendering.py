"""A published version's document, rendered once when it is published and kept.

A published version never changes, so its document (validity banner, title, metadata block,
summary, body, service elements, tables, attachments: `publishing/_document.html` as the
public sees it) is rendered by the publishing action in every language of the site and
stored beside the version (`RenderedDocument`); the public page then inserts the stored
HTML instead of reading the files and tables and rendering it again. A reader's request
never writes: a document not stored (published before documents were kept, or shown under
a renamed catalog item or a changed template) is rendered for that reader, and
`gongkai render_documents` stores it (after an upgrade; it resumes where it stopped).

What the document shows besides the version itself (the index number, the catalog item's
name, the language, the templates) goes into the key it is stored under, so a renamed
catalog item or a changed template renders it afresh; a take-down calls `forget_rendered`.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from gongkai.core.prepared import Prepared, stand_ins

from .models import Publication, PublicationVersion, RenderedDocument, Status

TEMPLATES = ("publishing/_document.html", "publishing/_metadata.html")


@functools.cache
def _templates_digest() -> str:
    # The Django backend's template keeps its engine template, which keeps its source.
    sources = "".join(getattr(get_template(name), "template").source for name in TEMPLATES)  # noqa: B009
    return hashlib.sha256(sources.encode()).hexdigest()[:12]


def _key(publication: Publication) -> str:
    """A digest of what the document shows besides the version's own content."""
    item = publication.item
    parts = [
        _templates_digest(),
        publication.index_no or "",
        publication.first_published_at.isoformat() if publication.first_published_at else "",
        publication.audience,
        publication.unit.org_code,
        str(item.pk),
        item.level2,
        str(bool(item.service_guide)),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _render(publication: Publication, version: PublicationVersion) -> str:
    """The document in the active language (`version`'s attachments and tables may be
    prefetched)."""
    context = {
        "public": True,
        "publication": publication,
        "version": version,
        "unit": publication.unit,
        "number": (publication.index_no or "").split("/", 1)[-1],
        "attachments": list(version.attachments.all()),
        "tables": list(version.tables.all()),
    }
    return render_to_string("publishing/_document.html", context)


# A version's stored document in a language under a key: read on every publication page.
_STORED = Prepared(
    lambda version_id, language, key: RenderedDocument.objects.filter(
        version_id=version_id, language=language, key=key
    ).only("html")[:1],
    *stand_ins(1),
    "\x00language\x00",
    "\x00key\x00",
)


def document(publication: Publication, version: PublicationVersion) -> SafeString:
    """The public document of `version`: the stored one (one query), or rendered now.

    Never writes: the publishing action stores a version's document, `render_documents`
    those published before; a draft is rendered, never stored.
    """
    language = get_language() or ""
    stored = _STORED.first(version.pk, language, _key(publication))
    if stored is not None:
        return mark_safe(stored.html)  # our own template's output, escaped as it was made
    return mark_safe(_render(publication, version))  # our own template's output


def store(publication: Publication, versions: Iterable[PublicationVersion]) -> int:
    """Render the published `versions` of `publication` in every language of the site and keep
    them, replacing what was stored under another key. The publishing action calls it in its
    transaction; `render_documents` for what was published before. Returns how many."""
    key = _key(publication)
    rows = []
    for version in versions:
        if version.published_at is None:
            continue
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                html = _render(publication, version)
            rows.append(RenderedDocument(version=version, language=language, key=key, html=html))
    RenderedDocument.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["version", "language"],
        update_fields=["key", "html"],
    )
    return len(rows)


def store_missing(*, after: int = 0, batch: int = 500) -> tuple[int, int]:
    """Store the documents of up to `batch` published versions with a primary key above
    `after` that have none stored in some language, or one stored under an old key. Returns
    (the last version's key looked at, or 0 when none is left; documents stored)."""
    versions = list(
        PublicationVersion.objects.filter(pk__gt=after, published_at__isnull=False)
        .select_related("publication__unit", "publication__item")
        .prefetch_related("attachments", "tables")
        .order_by("pk")[:batch]
    )
    if not versions:
        return 0, 0
    languages = {code for code, _name in settings.LANGUAGES}
    kept: dict[int, dict[str, str]] = {}
    for version_id, language, key in RenderedDocument.objects.filter(
        version__in=versions
    ).values_list("version_id", "language", "key"):
        kept.setdefault(version_id, {})[language] = key
    stored = 0
    for version in versions:
        publication = version.publication
        if publication.status == Status.WITHDRAWN:
            continue  # its pages show that it was withdrawn, none of its content
        key = _key(publication)
        have = kept.get(version.pk, {})
        if set(have) >= languages and all(have[code] == key for code in languages):
            continue
        stored += store(publication, [version])
    return versions[-1].pk, stored


def forget_rendered(version: PublicationVersion) -> None:
    """Drop the stored document of `version` in every language: a take-down calls it, so
    none of the content taken down remains in a rendered copy."""
    RenderedDocument.objects.filter(version=version).delete()
