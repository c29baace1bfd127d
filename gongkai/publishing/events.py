"""The audit events of this app (see `gongkai.core.events`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.events import STAFF_ONLY, UNIT, declare

declare(
    "publication:created", _("drafted"), "item", "attachments", "tables", invalidates=STAFF_ONLY
)
declare(
    "publication:edited",
    _("edited"),
    "version",
    "fields",
    "attachments",
    "tables",
    invalidates=STAFF_ONLY,
)
declare(
    "publication:attachment_removed",
    _("attachment removed"),
    "version",
    "name",
    invalidates=STAFF_ONLY,
)
declare(
    "publication:picture_added",
    _("picture added to the text"),
    "version",
    "name",
    invalidates=STAFF_ONLY,
)
declare(
    "publication:table_removed", _("table removed"), "version", "caption", invalidates=STAFF_ONLY
)
declare(
    "publication:amendment_discarded", _("amendment discarded"), "version", invalidates=STAFF_ONLY
)
declare(
    "publication:submitted",
    _("submitted for review"),
    "version",
    "findings",
    invalidates=STAFF_ONLY,
)
declare(
    "publication:returned",
    _("returned with comments"),
    "version",
    "comments",
    invalidates=STAFF_ONLY,
)
declare(
    "publication:approved",
    _("approved, secrecy review confirmed"),
    "version",
    "secrecy_review",
    "scheduled_for",
    invalidates=STAFF_ONLY,
)
declare(
    "publication:decision_recorded",
    _("collective decision recorded"),
    "version",
    "meeting",
    "held_on",
    "minutes_no",
    invalidates=STAFF_ONLY,
)
declare(
    "publication:congress_approval_recorded",
    _("congress approval recorded"),
    "version",
    "session",
    "held_on",
    invalidates=STAFF_ONLY,
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
    invalidates=STAFF_ONLY,
)
declare(
    "publication:finding_overridden",
    _("personal information kept with a legal reason"),
    "version",
    "kind",
    "place",
    "reason",
    invalidates=STAFF_ONLY,
)
declare(
    "publication:published",
    _("published"),
    "index_no",
    "version",
    "first",
    "hash",
    "late",
    invalidates=UNIT,
)
declare("publication:withdrawn", _("withdrawn"), "index_no", "reason", invalidates=UNIT)
declare(
    "publication:taken_down",
    _("taken down, content deleted"),
    "index_no",
    "reason",
    "versions",
    "files",
    "files_kept",
    invalidates=UNIT,
)
declare("publication:refused", _("refused"), "step", "reason", invalidates=STAFF_ONLY)
declare(
    "publication:correction_submitted",
    _("correction (勘误) submitted to one reviewer"),
    "version",
    "fields",
    "what",
    "reason",
    "findings",
    invalidates=STAFF_ONLY,
)
# Publishing the correction follows as `publication:published`, which moves the public pages.
declare(
    "publication:correction_approved",
    _("correction (勘误) checked by one reviewer"),
    "version",
    "what",
    "secrecy_review",
    invalidates=STAFF_ONLY,
)
declare(
    "publication:correction_escalated",
    _("correction judged material: full review"),
    "version",
    "what",
    "reason",
    invalidates=STAFF_ONLY,
)
