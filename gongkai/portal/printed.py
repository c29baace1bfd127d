"""Public printed forms of a publication: the bulletin-board sheet, a service guide, a desk card.

The PDFs are made from the current published version when asked for; nothing is stored
and no action runs.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language

from gongkai.bulletins import sheets
from gongkai.core import pdf
from gongkai.core.caching import PAGE_CACHE, generation
from gongkai.guides import access as guides_access
from gongkai.guides import documents
from gongkai.publishing import access as publishing_access
from gongkai.publishing.models import Publication, Status


def public_sheet(request: HttpRequest, org_code: str, number: str) -> HttpResponse:
    """The sheet of a published publication, for anyone who may read it; 公开期限 left blank.

    Kept in the page cache under the newest audit event, like the public pages: a new
    version, a withdrawal or a changed supervision phone each record one.
    """
    publication = publishing_access.get_published(request.user, org_code, number)
    if publication.status == Status.WITHDRAWN:
        raise Http404
    size = request.GET.get("size", "A4").upper()
    if size not in sheets.SIZES:
        size = "A4"
    key = f"bulletin-sheet:{publication.current_id}:{size}:{get_language()}:{generation()}"
    content = caches[PAGE_CACHE].get(key)
    if content is None:
        content = sheets.render([publication], size=size)
        caches[PAGE_CACHE].set(key, content)
    return pdf.response(content, sheets.filename([publication], size))


def _matter_pdf(publication: Publication, make: Callable[[Publication], bytes], kind: str):
    name = f"{(publication.index_no or '').replace('/', '_')}-{kind}.pdf"
    return pdf.response(make(publication), name)


def guide(request: HttpRequest, org_code: str, number: str) -> HttpResponse:
    publication = guides_access.get_public_matter(request.user, org_code, number)
    return _matter_pdf(publication, documents.guide_pdf, "guide")


def card(request: HttpRequest, org_code: str, number: str) -> HttpResponse:
    publication = guides_access.get_public_matter(request.user, org_code, number)
    return _matter_pdf(publication, documents.card_pdf, "card")
