"""A user saved as inactive (in the Django admin or anywhere else) loses every way in."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from .account import end_access
from .models import User


@receiver(post_save, sender=User, dispatch_uid="core_deactivated_user_loses_access")
def _deactivated(sender, instance: User, created: bool, **kwargs) -> None:
    if not created and not instance.is_active:
        end_access(instance)
