"""How a view gets publications: the only place that scopes them by who is asking.

Internal publications (audience: the unit's own staff) are visible only to users holding
`Perm.READ_INTERNAL` in the publishing unit: never to the public, never to another
township's staff. Anything else is answered with 404, so an index number reveals nothing.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from gongkai.core import access
from gongkai.core.access import Perm
from gongkai.core.models import User

from .models import Publication, PublicationQuerySet


def visible(user: User | None) -> PublicationQuerySet:
    """Published publications this user may read: public ones, and internal ones of their units."""
    return Publication.objects.visible_to(access.units_for(user, Perm.READ_INTERNAL))


def get_published(user: User | None, org_code: str, number: str) -> Publication:
    index_no = f"{org_code.upper()}/{number}"
    return get_object_or_404(
        visible(user).select_related("unit", "item", "current"), index_no=index_no
    )


def for_staff(user: User) -> PublicationQuerySet:
    """Publications of every unit the user works in; internal ones only with READ_INTERNAL,
    never-published drafts only with READ_DRAFTS."""
    units = access.units(user, Perm.USE_BACKOFFICE)
    return (
        Publication.objects.filter(unit__in=units)
        .exclude(
            audience="internal", unit__in=units.exclude(access.units_for(user, Perm.READ_INTERNAL))
        )
        .exclude(
            current__isnull=True,
            unit__in=units.exclude(access.units_for(user, Perm.READ_DRAFTS)),
        )
    )


def get_for_staff(user: User, pk: int) -> Publication:
    publication = get_object_or_404(
        Publication.objects.select_related("unit", "item", "current"), pk=pk
    )
    if not access.can(user, Perm.USE_BACKOFFICE, publication.unit):
        raise Http404
    if publication.is_internal and not access.can(user, Perm.READ_INTERNAL, publication.unit):
        raise Http404
    if publication.current_id is None and not access.can(user, Perm.READ_DRAFTS, publication.unit):
        raise Http404  # a draft that was never published is for the people who work on it
    return publication
