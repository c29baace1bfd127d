"""Named reads of publications that the JSON API and other callers share."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.models import User

from . import access
from .models import Publication, PublicationQuerySet


def public_by_index_no(index_no: str, queryset: PublicationQuerySet | None = None) -> Publication:
    """A public publication by its index number; 404 for anything else (internal, drafts)."""
    found = (
        (queryset if queryset is not None else Publication.objects.public())
        .select_related("unit", "current", "item")
        .filter(index_no=index_no.strip().upper())
        .first()
    )
    if found is None:
        raise Http404(_("No public publication has this index number."))
    return found


def for_staff_step(user: User, pk: int, step: str) -> Publication:
    """The publication, if the user works in its unit; otherwise 404, and the attempt audited."""
    try:
        return access.get_for_staff(user, pk)
    except Http404:
        found = Publication.objects.filter(pk=pk).select_related("unit").first()
        if found is not None:
            audit.record(
                "publication:refused",
                actor=user,
                unit=found.unit,
                target=found,
                step=step,
                reason="not a member of the publishing unit",
            )
        raise Http404(_("No publication of your units has this id.")) from None
