from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "gongkai.villages"
    label = "villages"
    verbose_name = _("Village affairs")

    def ready(self) -> None:
        from . import signals  # noqa: F401
