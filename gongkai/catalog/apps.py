from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = _("Disclosure catalog")

    def ready(self) -> None:
        # Imported here, not at the top: they use models, and apps.py is loaded before those.
        from . import access, signals  # noqa: F401 - declares its questions, connects receivers
