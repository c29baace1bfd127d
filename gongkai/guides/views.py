"""Printed service guides and desk cards for staff (the public downloads are the portal's).

Read-only: the PDFs are made from the current published version each time they are asked
for (and kept per process, keyed by their content), so nothing is stored and no action runs.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render

from gongkai.core import pdf
from gongkai.core.staff_request import AuthedHttpRequest
from gongkai.publishing.models import Publication, PublicationVersion

from . import access, documents


def _pdf(publication: Publication, make: Callable[[Publication], bytes], kind: str):
    name = f"{publication.index_no.replace('/', '_')}-{kind}.pdf"
    return pdf.response(make(publication), name)


@login_required
def staff_guide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    publication = access.get_staff_matter(request.user, pk)
    return _pdf(publication, documents.guide_pdf, "guide")


@login_required
def staff_card(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    publication = access.get_staff_matter(request.user, pk)
    return _pdf(publication, documents.card_pdf, "card")


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    """The service matters of the user's units, each with its guide and card to print."""
    matters = list(
        access.matters_for_staff(request.user)
        .select_related("unit", "item", "current")
        .prefetch_related(
            Prefetch(
                "versions", queryset=PublicationVersion.objects.drafts(), to_attr="open_drafts"
            )
        )
        .order_by("unit__path", "-first_published_at", "-pk")
    )
    for matter in matters:
        matter._draft = matter.open_drafts[0] if matter.open_drafts else None
        matter.printable = access.printable(matter)
        matter.shown = matter.current or matter._draft
    return render(request, "guides/index.html", {"matters": matters})
