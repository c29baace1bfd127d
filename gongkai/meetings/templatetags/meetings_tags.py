"""The hook on publishing's public page: the meeting whose decisions a publication carries.

Publishing knows nothing of meetings, so its page includes our panel and this tag fetches
the meeting (one query).
"""

from __future__ import annotations

from django import template
from django.db.models import QuerySet

from gongkai.core.prepared import Prepared, stand_ins
from gongkai.publishing.models import Publication

from ..models import Meeting

register = template.Library()


def _meeting_of(pk: int) -> QuerySet[Meeting]:
    found = Meeting.objects.public().select_related("unit").filter(decisions=pk)
    return (found if found.ordered else found.order_by("pk"))[:1]


# Its query compiled once per process: it is asked on every public publication page.
_MEETING_OF = Prepared(_meeting_of, *stand_ins(1))


@register.simple_tag
def meeting_of(publication: Publication) -> Meeting | None:
    return _MEETING_OF.first(publication.pk)
