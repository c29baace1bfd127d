"""The hooks on publishing's pages: a publication's postings and its sheet buttons.

Publishing's views know nothing of bulletin boards, so its templates include ours and these
tags fetch what they show (one query each).
"""

from __future__ import annotations

from django import template
from django.utils.timezone import localdate

from gongkai.core import access as core_access
from gongkai.core.prepared import Prepared, stand_ins
from gongkai.publishing.models import Publication, Status

from .. import sheets
from ..forms import SheetOptionsForm
from ..models import Posting

register = template.Library()


def _postings(publication: Publication) -> list[Posting]:
    return list(Posting.objects.of_publication(publication).select_related("unit").newest_first())


# `_postings`, its query compiled once per process: asked on every public publication page.
_POSTINGS = Prepared(
    lambda pk: (
        Posting.objects.of_publication(Publication(pk=pk)).select_related("unit").newest_first()
    ),
    *stand_ins(1),
)


@register.simple_tag
def public_postings(publication: Publication) -> list[Posting]:
    if publication.current_id is None:
        return []
    return _POSTINGS.all(publication.pk)


@register.simple_tag
def bulletin_panel(publication: Publication, user) -> dict:
    """What the staff publication page shows: print options, postings, may record."""
    if publication.current_id is None:
        return {"printable": False, "postings": []}
    return {
        "printable": publication.status != Status.WITHDRAWN,
        "village": sheets.is_village_matter(publication),
        "options": SheetOptionsForm(
            today=localdate(),
            initial={"signoff_for_all": False},
            auto_id=f"sheet-{publication.pk}-%s",
        ),
        "postings": _postings(publication),
        "may_record": core_access.may(user, "posting:record_for", publication),
    }
