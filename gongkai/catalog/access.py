"""The questions about one catalog item, declared to `gongkai.core.access` and asked there."""

from __future__ import annotations

from gongkai.core import access
from gongkai.core.access import Perm
from gongkai.core.models import Unit, User

from .models import CatalogItem


def _edit_perm(item: CatalogItem) -> tuple[Perm, Unit]:
    """A county item is edited by the county; a unit's own item by that unit."""
    if item.owner is None:
        return Perm.EDIT_CATALOG, item.catalog.county
    return Perm.ADOPT_CATALOG, item.owner


@access.question("catalog:edit_item", denied=lambda item: access.denial(_edit_perm(item)[0]))
def _may_edit_item(user: User, item: CatalogItem) -> bool:
    perm, unit = _edit_perm(item)
    return access.can(user, perm, unit)
