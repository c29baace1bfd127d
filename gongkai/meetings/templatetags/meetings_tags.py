"""The hook on publishing's public page: the meeting whose decisions a publication carries.

Publishing knows nothing of meetings, so its page includes our panel and this tag fetches
the meeting (one query).
"""

from __future__ import annotations

from django import template

from gongkai.publishing.models import Publication

from ..models import Meeting

register = template.Library()


@register.simple_tag
def meeting_of(publication: Publication) -> Meeting | None:
    return Meeting.objects.public().select_related("unit").filter(decisions=publication).first()
