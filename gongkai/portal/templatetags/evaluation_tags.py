"""The evaluation's hooks on other apps' public pages (the publication page, the column).

Those views know nothing of ratings, so their templates include ours and these tags fetch
what they show (one query each).
"""

from __future__ import annotations

from django import template
from django.utils.timezone import localdate

from gongkai.core.models import Unit
from gongkai.evaluation import reads
from gongkai.publishing.models import Publication

register = template.Library()


@register.simple_tag
def public_comments(publication: Publication) -> dict:
    return {
        "ratable": reads.shows_as_ratable(publication),
        "comments": reads.shown_comments(publication),
    }


@register.simple_tag
def unit_results(unit: Unit, year: int | None = None) -> reads.Results:
    return reads.results(unit, year or localdate().year)
