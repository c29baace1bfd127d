from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationsConfig(AppConfig):
    name = "gongkai.obligations"
    verbose_name = _("Disclosure obligations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: they use models, and apps.py is loaded before those.
        from gongkai.publishing import hooks

        from . import reads, receivers  # noqa: F401

        hooks.provide_open_periods(reads.open_periods)
