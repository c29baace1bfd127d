from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "gongkai.guides"
    label = "guides"
    verbose_name = _("Service guides")
