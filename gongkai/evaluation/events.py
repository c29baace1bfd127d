"""The audit events of this app (see `gongkai.core.events`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.events import UNIT, declare

# A reader's rating or error report changes only its unit's counts on the public pages.
declare("rating:submitted", _("rating submitted"), "on", "verdict", "comment", invalidates=UNIT)
declare("rating:approved", _("comment approved"), "answered")
declare("rating:rejected", _("comment rejected"), "answered")
declare(
    "error_report:received",
    _("error report received"),
    "index_no",
    "due_on",
    invalidates=UNIT,
)
declare("error_report:answered", _("error report answered"), "finding", "late")
declare("error_report:corrected", _("error corrected"), "version")
declare("evaluation_round:opened", _("evaluation round opened"), "year")
declare("evaluation_round:closed", _("evaluation round closed"), "forms")
declare("evaluation:submitted", _("evaluation form submitted"), "round", "replaced")
