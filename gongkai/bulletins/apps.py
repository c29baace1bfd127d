from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "gongkai.bulletins"
    label = "bulletins"
    verbose_name = _("Bulletin boards")
