"""A new village adopts the village items of its county's catalog."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from gongkai.core.models import Unit, UnitKind

from .catalog import adopt_items


@receiver(post_save, sender=Unit, dispatch_uid="village_adopts_village_items")
def adopt_village_items(sender, instance: Unit, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw and instance.kind == UnitKind.VILLAGE and instance.parent_id:
        adopt_items(instance)
