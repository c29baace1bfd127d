from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "gongkai.villages"
    label = "villages"
    verbose_name = _("Village affairs")

    def ready(self) -> None:
        # Imported here, not at the top: they use models, and apps.py is loaded before those.
        from gongkai.obligations import hooks

        from . import reads, signals  # noqa: F401

        # The county's heat map shows each township's and village's unexplained differences.
        hooks.add_heat_column(
            hooks.HeatColumn(
                "village_differences",
                _("Unexplained differences with the villages' accounts"),
                reads.unexplained_counts,
                reads.reconciliation_url,
            )
        )
