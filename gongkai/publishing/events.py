"""The audit events of this app (see `gongkai.core.events`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.events import declare

declare("publication:created", _("drafted"), "item", "attachments", "tables")
declare("publication:edited", _("edited"), "version", "fields", "attachments", "tables")
declare("publication:attachment_removed", _("attachment removed"), "version", "name")
declare("publication:table_removed", _("table removed"), "version", "caption")
declare("publication:amendment_discarded", _("amendment discarded"), "version")
declare("publication:submitted", _("submitted for review"), "version", "findings")
declare("publication:returned", _("returned with comments"), "version", "comments")
declare(
    "publication:approved",
    _("approved, secrecy review confirmed"),
    "version",
    "secrecy_review",
    "scheduled_for",
)
declare(
    "publication:decision_recorded",
    _("collective decision recorded"),
    "version",
    "meeting",
    "held_on",
    "minutes_no",
)
declare(
    "publication:congress_approval_recorded",
    _("congress approval recorded"),
    "version",
    "session",
    "held_on",
)
declare(
    "publication:finding_masked",
    _("personal information removed"),
    "version",
    "kind",
    "place",
    "fields",
    "attachment",
    "sha256",
    "previous_sha256",
)
declare(
    "publication:finding_overridden",
    _("personal information kept with a legal reason"),
    "version",
    "kind",
    "place",
    "reason",
)
declare("publication:published", _("published"), "index_no", "version", "first", "hash", "late")
declare("publication:withdrawn", _("withdrawn"), "index_no", "reason")
declare(
    "publication:taken_down",
    _("taken down, content deleted"),
    "index_no",
    "reason",
    "versions",
    "files",
    "files_kept",
)
declare("publication:refused", _("refused"), "step", "reason")
