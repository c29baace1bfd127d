"""The evaluation's hooks on other apps' public pages (the publication page, the column).

Those views know nothing of ratings, so their templates include ours and these tags fetch
what they show (one query each).
"""

from __future__ import annotations

from django import template
from django.utils.timezone import localdate

from gongkai.core.models import Unit
from gongkai.core.prepared import Prepared, stand_ins
from gongkai.evaluation import reads
from gongkai.publishing.models import Publication

register = template.Library()

# `reads.shown_comments`, its query compiled once per process: on every publication page.
_SHOWN_COMMENTS = Prepared(lambda pk: reads.shown_comments_of(Publication(pk=pk)), *stand_ins(1))


@register.simple_tag
def public_comments(publication: Publication) -> dict:
    return {
        "ratable": reads.shows_as_ratable(publication),
        "comments": _SHOWN_COMMENTS.all(publication.pk),
    }


@register.simple_tag
def unit_results(unit: Unit, year: int | None = None) -> reads.Results:
    return reads.results(unit, year or localdate().year)
