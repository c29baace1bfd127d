from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongkai.core import panels


class BulletinsConfig(AppConfig):
    name = "gongkai.bulletins"
    label = "bulletins"
    verbose_name = _("Bulletin boards")

    def ready(self) -> None:
        # Imported here, not at the top: they use models, and apps.py is loaded before those.
        from . import access  # noqa: F401 - declares its access questions

        # What the publication pages show of this app, without publishing importing it.
        panels.register("publication:public", "bulletins/_public_postings.html", order=20)
        panels.register("publication:staff", "bulletins/_staff_publication.html", order=20)
