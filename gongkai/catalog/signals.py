"""A new county starts with the whole default catalog."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from gongkai.core.models import Unit, UnitKind

from .actions import load_default_catalog


@receiver(post_save, sender=Unit, dispatch_uid="catalog_for_new_county")
def give_new_county_a_catalog(
    sender, instance: Unit, created: bool, raw: bool = False, **kwargs
) -> None:
    if created and not raw and instance.kind == UnitKind.COUNTY:
        load_default_catalog(instance, by=None)
