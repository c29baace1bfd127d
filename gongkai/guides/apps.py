from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongkai.core import panels


class GuidesConfig(AppConfig):
    name = "gongkai.guides"
    label = "guides"
    verbose_name = _("Service guides")

    def ready(self) -> None:
        # What the publication pages show of this app, without publishing importing it.
        panels.register("publication:public", "guides/_public_links.html", order=10)
        panels.register("publication:staff", "guides/_staff_publication.html", order=10)
