"""Every change to a catalog: one function each, permission-checked, audited, in one transaction.

`by=None` is the system itself (the default loader, `load_demo`).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import access, audit
from gongkai.core.access import Perm
from gongkai.core.models import Unit, UnitKind, User

from . import defaults
from .models import Adoption, Catalog, CatalogItem, Group

# The columns a county (or a unit, for its own items) may edit.
ITEM_FIELDS = (
    "group",
    "position",
    "level1",
    "level2",
    "content",
    "basis",
    "time_limit",
    "subject",
    "channels",
    "audience",
    "mode",
    "level",
    "approval",
    "cadence",
    "unit_kind",
    "service_guide",
)


@transaction.atomic
def load_default_catalog(county: Unit, *, by: User | None) -> Catalog:
    """Give a county its catalog with every default item it lacks. Safe to run again."""
    if county.kind != UnitKind.COUNTY:
        raise ValueError("a catalog belongs to a county")
    access.require_unless_system(by, Perm.EDIT_CATALOG, county)
    catalog, created = defaults.load(
        county.pk, catalog_model=Catalog, item_model=CatalogItem, county_name=county.short_name
    )
    if created:
        audit.record("catalog:loaded", actor=by, unit=county, target=catalog, items_created=created)
    return catalog


@transaction.atomic
def create_item(catalog: Catalog, *, by: User | None, **fields: Any) -> CatalogItem:
    access.require_unless_system(by, Perm.EDIT_CATALOG, catalog.county)
    item = CatalogItem(catalog=catalog, updated_by=by, **_only_item_fields(fields))
    item.full_clean()
    item.save()
    audit.record("catalog_item:created", actor=by, unit=catalog.county, target=item, key=item.key)
    return item


@transaction.atomic
def create_own_item(unit: Unit, *, by: User | None, **fields: Any) -> CatalogItem:
    """A unit's own item (its unit plan): added to the county's catalog for it alone, adopted."""
    access.require_unless_system(by, Perm.ADOPT_CATALOG, unit)
    catalog = Catalog.objects.filter(county_id=unit.county.pk).first()
    if catalog is None:
        raise ValidationError(_("The county has no disclosure catalog yet."))
    fields = _only_item_fields(fields)
    if unit.kind not in (UnitKind.TOWNSHIP, UnitKind.OFFICE):
        raise ValidationError(_("Only townships and offices keep a disclosure catalog."))
    fields["unit_kind"] = unit.kind
    item = CatalogItem(catalog=catalog, owner=unit, updated_by=by, **fields)
    item.full_clean()
    item.save()
    Adoption.objects.create(unit=unit, item=item, adopted_by=by)
    audit.record("catalog_item:created", actor=by, unit=unit, target=item, own=True)
    return item


def _only_item_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"not catalog item fields: {sorted(unknown)}")
    return fields


@transaction.atomic
def update_item(item: CatalogItem, *, by: User | None, **changes: Any) -> CatalogItem:
    access.require_unless_system(by, "catalog:edit_item", item)
    _only_item_fields(changes)
    if item.owner_id is not None:
        changes.pop("unit_kind", None)
    before = {field: getattr(item, field) for field in changes}
    for field, value in changes.items():
        setattr(item, field, value)
    item.full_clean()
    changed = {f: [before[f], v] for f, v in changes.items() if before[f] != v}
    if changed:
        item.updated_by = by
        item.save(update_fields=[*changed, "updated_by", "updated_at"])
        audit.record(
            "catalog_item:updated",
            actor=by,
            unit=item.owner or item.catalog.county,
            target=item,
            changes={f: [str(a), str(b)] for f, (a, b) in changed.items()},
        )
    return item


@transaction.atomic
def set_item_active(item: CatalogItem, *, by: User | None, active: bool) -> CatalogItem:
    """Retire an item (no new publications under it) or bring it back; nothing is deleted."""
    access.require_unless_system(by, "catalog:edit_item", item)
    if item.is_active != active:
        item.is_active = active
        item.updated_by = by
        item.save(update_fields=["is_active", "updated_by", "updated_at"])
        audit.record(
            "catalog_item:restored" if active else "catalog_item:retired",
            actor=by,
            unit=item.owner or item.catalog.county,
            target=item,
        )
    return item


@transaction.atomic
def adopt(unit: Unit, item: CatalogItem, *, by: User | None, note: str = "") -> Adoption:
    access.require_unless_system(by, Perm.ADOPT_CATALOG, unit)
    if not CatalogItem.objects.adoptable_by(unit).filter(pk=item.pk).exists():
        raise ValidationError(_("This item is not in your county's catalog."))
    if not item.is_active:
        raise ValidationError(_("This item has been retired from the catalog."))
    if item.group == Group.INTERNAL and unit.kind != UnitKind.TOWNSHIP:
        raise ValidationError(_("Matters for the staff are disclosed by the township itself."))
    adoption, created = Adoption.objects.get_or_create(
        unit=unit, item=item, defaults={"adopted_by": by, "note": note}
    )
    if created:
        audit.record("catalog:adopted", actor=by, unit=unit, target=adoption, item=item.pk)
    return adoption


@transaction.atomic
def adopt_suggested(unit: Unit, *, by: User | None) -> int:
    """Adopt every county item meant for this kind of unit that it has not adopted yet."""
    access.require_unless_system(by, Perm.ADOPT_CATALOG, unit)
    items = (
        CatalogItem.objects.adoptable_by(unit)
        .of_county()
        .active()
        .filter(unit_kind=unit.kind)
        .exclude(adoptions__unit=unit)
    )
    count = 0
    for item in items:
        adopt(unit, item, by=by)
        count += 1
    return count


@transaction.atomic
def unadopt(adoption: Adoption, *, by: User | None) -> None:
    access.require_unless_system(by, Perm.ADOPT_CATALOG, adoption.unit)
    publication = apps.get_model("publishing", "Publication")
    if publication.objects.filter(unit=adoption.unit, item=adoption.item).exists():
        raise ValidationError(
            _("This unit has publications under this item, so the item stays in its catalog.")
        )
    audit.record(
        "catalog:unadopted", actor=by, unit=adoption.unit, target=adoption, item=adoption.item_id
    )
    adoption.delete()
