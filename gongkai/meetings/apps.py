from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongkai.core import panels


class MeetingsConfig(AppConfig):
    name = "gongkai.meetings"
    label = "meetings"
    verbose_name = _("Open meetings")

    def ready(self) -> None:
        # The decisions' publication page links back to the meeting's announcement.
        panels.register("publication:public", "meetings/_publication_meeting.html", order=5)
