from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = _("Disclosure catalog")

    def ready(self) -> None:
        from . import access, signals  # noqa: F401 - declares its questions, connects receivers
