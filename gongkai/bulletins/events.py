"""The audit events of this app (see `gongkai.core.events`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.events import declare

declare(
    "posting:recorded",
    _("posting on the board recorded"),
    "place",
    "posted_on",
    "photo",
    "versions",
)
declare("posting:taken_down", _("taken down from the board"), "place", "posted_on", "taken_down_on")
declare("batch_sheet:requested", _("batch of sheets asked for"), "publications", "size")
declare("batch_sheet:printed", _("batch of sheets printed"), "sheets", "name")
