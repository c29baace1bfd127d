from __future__ import annotations

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = _("Units, people and the calendar")

    def ready(self) -> None:
        # Imported here, not at the top: they use models, and apps.py is loaded before those.
        from . import account, signals  # noqa: F401

        # Every app's audit events (`<app>/events.py`), declared before anything records one.
        autodiscover_modules("events")
