from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfoRequestsConfig(AppConfig):
    name = "gongkai.info_requests"
    label = "info_requests"
    verbose_name = _("Disclosure on application")

    def ready(self) -> None:
        # Imported here, not at the top: they use models, and apps.py is loaded before those.
        from gongkai.core import workdays

        from . import access, signals  # noqa: F401 - declares its questions, connects receivers

        workdays.calendar_changed.connect(
            signals.recompute_clocks, dispatch_uid="info_requests.recompute"
        )
