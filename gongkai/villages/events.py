"""The audit events of this app (see `gongkai.core.events`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.events import declare

declare(
    "village_statement:created",
    _("village finance statement created"),
    "period",
    "opening_balance",
)
declare(
    "village_statement:line_added",
    _("statement line added"),
    "subject",
    "kind",
    "amount",
)
declare(
    "village_statement:line_removed",
    _("statement line removed"),
    "subject",
    "kind",
    "amount",
)
declare(
    "village_statement:imported",
    _("statement lines imported"),
    "source",
    "lines",
    "replaced",
)
declare(
    "village_statement:submitted",
    _("village finance statement submitted for sign-off"),
    "period",
    "income",
    "expense",
    "balance",
    "flagged",
)
declare(
    "township_record:recorded",
    _("township record of a village matter recorded"),
    "village",
    "period",
    "matter",
    "amount",
)
declare(
    "township_record:corrected",
    _("township record of a village matter corrected"),
    "village",
    "period",
    "matter",
    "before",
    "amount",
    "reason",
)
declare(
    "township_record:removed",
    _("township record of a village matter removed"),
    "village",
    "period",
    "matter",
    "amount",
    "reason",
)
declare(
    "township_record:imported",
    _("township records of village matters imported"),
    "period",
    "source",
    "records",
    "replaced",
)
declare(
    "reconciliation:explained",
    _("cross-check difference explained"),
    "period",
    "matter",
    "first",
    "side",
)
declare(
    "village_statement:amended",
    _("correction of a published village statement started"),
    "period",
    "reason",
)
