"""A published version's document, rendered once and kept.

A published version never changes, so its document (validity banner, title, metadata block,
summary, body, service elements, tables, attachments: `publishing/_document.html` as the
public sees it) is rendered the first time a reader asks for it in a language and stored
beside the version (`RenderedDocument`); the public page then inserts the stored HTML
instead of reading the files and tables and rendering it again.

What the document shows besides the version itself (the index number, the catalog item's
name, the language, the templates) goes into the key it is stored under, so a renamed
catalog item or a changed template renders it afresh; a take-down calls `forget_rendered`.
"""

from __future__ import annotations

import functools
import hashlib

from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import Publication, PublicationVersion, RenderedDocument

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


def document(publication: Publication, version: PublicationVersion) -> SafeString:
    """The public document of a published `version`: stored, or rendered now and stored.

    One query when stored. Storing is idempotent (the same inputs render the same HTML), so
    two readers rendering it at once do no harm; a draft is rendered, never stored.
    """
    language = get_language() or ""
    key = _key(publication)
    stored = (
        RenderedDocument.objects.filter(version=version, language=language, key=key)
        .values_list("html", flat=True)
        .first()
    )
    if stored is not None:
        return mark_safe(stored)  # our own template's output, escaped as it was made
    context = {
        "public": True,
        "publication": publication,
        "version": version,
        "unit": publication.unit,
        "number": (publication.index_no or "").split("/", 1)[-1],
        "attachments": list(version.attachments.all()),
        "tables": list(version.tables.all()),
    }
    html = render_to_string("publishing/_document.html", context)
    if version.published_at is not None:
        # Replaces the entry for this language made under another key (a renamed item).
        RenderedDocument.objects.bulk_create(
            [RenderedDocument(version=version, language=language, key=key, html=html)],
            update_conflicts=True,
            unique_fields=["version", "language"],
            update_fields=["key", "html"],
        )
    return mark_safe(html)  # our own template's output, escaped as it was made


def forget_rendered(version: PublicationVersion) -> None:
    """Drop the stored document of `version` in every language: a take-down calls it, so
    none of the content taken down remains in a rendered copy."""
    RenderedDocument.objects.filter(version=version).delete()
