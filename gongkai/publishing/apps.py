from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = _("Publications")

    def ready(self) -> None:
        # Imported here, not at the top: they use models, and apps.py is loaded before those.
        # Imported here, not at the top: they use models, and apps.py is loaded before those.
        from . import access, search_documents  # noqa: F401 - access declares its questions

        search_documents.register()
