"""How a view gets a service matter to print: published, not withdrawn, and visible to the user.

Built on publishing's access helpers, which decide who may read what (internal matters only
for their unit's staff, and 404 for anyone else, so an index number reveals nothing). A
guide is printed from the current published version only: a draft, a withdrawn matter or a
publication that is not a service matter has no guide, and the answer is 404.
"""

from __future__ import annotations

from django.http import Http404

from gongkai.core.access import Asker
from gongkai.core.models import User
from gongkai.publishing import access as publishing_access
from gongkai.publishing.models import Publication, PublicationQuerySet, Status


def printable(publication: Publication) -> bool:
    """A service matter with a published version that has not been withdrawn."""
    return bool(
        publication.item.service_guide
        and publication.current_id is not None
        and publication.status != Status.WITHDRAWN
    )


def _checked(publication: Publication) -> Publication:
    if not printable(publication):
        raise Http404
    return publication


def get_public_matter(user: Asker, org_code: str, number: str) -> Publication:
    """A service matter by index number, as the public page finds it."""
    return _checked(publishing_access.get_published(user, org_code, number))


def get_staff_matter(user: User, pk: int) -> Publication:
    """A service matter of a unit the user works in."""
    return _checked(publishing_access.get_for_staff(user, pk))


def matters_for_staff(user: User) -> PublicationQuerySet:
    """Every service matter of the units the user works in, drafts and withdrawn ones too."""
    return publishing_access.for_staff(user).filter(item__service_guide=True)
