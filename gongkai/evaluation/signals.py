"""When a publication gets a new current version, valid error reports waiting for it are linked."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from gongkai.publishing.models import Publication

from . import actions


@receiver(post_save, sender=Publication, dispatch_uid="evaluation_link_corrections")
def link_corrections(sender, instance: Publication, update_fields=None, **kwargs) -> None:
    if update_fields is not None and "current" not in update_fields:
        return

    actions.link_corrections(instance)
