"""The audit events of this app (see `gongkai.core.events`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.events import STAFF_ONLY, declare

declare("info_request:submitted", _("application submitted"), "channel", invalidates=STAFF_ONLY)
declare("info_request:registered", _("application registered"), "channel", invalidates=STAFF_ONLY)
declare("info_request:assigned", _("handler assigned"), "to", invalidates=STAFF_ONLY)
declare(
    "info_request:transferred", _("application transferred"), "to", "reason", invalidates=STAFF_ONLY
)
declare(
    "info_request:recomputed",
    _("due date recomputed"),
    "due_before",
    "due_after",
    invalidates=STAFF_ONLY,
)
declare("info_request:sign_off_refused", _("sign-off refused"), "reason", invalidates=STAFF_ONLY)
declare(
    "filing:created",
    _("filed with the superior body"),
    "outcome",
    "superior",
    invalidates=STAFF_ONLY,
)
declare("filing:acknowledged", _("filing acknowledged"), invalidates=STAFF_ONLY)

# The statutory clock's steps: each carries its date, the due date before and after it, and
# the step's own data (outcome, reasons, days, amounts...).
CLOCK = ("date", "due_before", "due_after")
declare(
    "info_request:receive",
    _("application received"),
    *CLOCK,
    open_fields=True,
    invalidates=STAFF_ONLY,
)
declare(
    "info_request:clarify",
    _("correction requested"),
    *CLOCK,
    open_fields=True,
    invalidates=STAFF_ONLY,
)
declare(
    "info_request:corrected",
    _("corrected application received"),
    *CLOCK,
    open_fields=True,
    invalidates=STAFF_ONLY,
)
declare(
    "info_request:consult_start",
    _("third-party consultation started"),
    *CLOCK,
    open_fields=True,
    invalidates=STAFF_ONLY,
)
declare(
    "info_request:consult_end",
    _("third-party consultation ended"),
    *CLOCK,
    open_fields=True,
    invalidates=STAFF_ONLY,
)
declare(
    "info_request:extend",
    _("reply period extended"),
    *CLOCK,
    open_fields=True,
    invalidates=STAFF_ONLY,
)
declare("info_request:reply", _("reply drafted"), *CLOCK, open_fields=True, invalidates=STAFF_ONLY)
declare(
    "info_request:sign_off",
    _("reply signed off and sent"),
    *CLOCK,
    open_fields=True,
    invalidates=STAFF_ONLY,
)
declare(
    "info_request:fee_notice",
    _("fee notice sent"),
    *CLOCK,
    open_fields=True,
    invalidates=STAFF_ONLY,
)
declare("info_request:fee_paid", _("fee paid"), *CLOCK, open_fields=True, invalidates=STAFF_ONLY)
declare(
    "info_request:third_party_notice",
    _("third party told before disclosure"),
    *CLOCK,
    open_fields=True,
    invalidates=STAFF_ONLY,
)
declare(
    "info_request:ask_reasons",
    _("applicant asked for reasons (Art. 35)"),
    *CLOCK,
    open_fields=True,
    invalidates=STAFF_ONLY,
)
declare(
    "info_request:reasons_answered",
    _("applicant's reasons considered"),
    *CLOCK,
    open_fields=True,
    invalidates=STAFF_ONLY,
)
declare(
    "info_request:correction_answered",
    _("correction answered online by the applicant"),
    "date",
    "files",
    invalidates=STAFF_ONLY,
)
declare(
    "info_request:finding_masked",
    _("personal information masked in a released file"),
    "document",
    "kind",
    "place",
    "reason",
    invalidates=STAFF_ONLY,
)
declare(
    "info_request:finding_kept",
    _("personal information in a released file kept with a reason"),
    "document",
    "kind",
    "place",
    "reason",
    invalidates=STAFF_ONLY,
)
declare(
    "info_request:proactive_proposed",
    _("marked for proactive disclosure (Art. 44)"),
    "item",
    "reason",
    invalidates=STAFF_ONLY,
)
declare(
    "info_request:records_correction_asked",
    _("applicant asked to correct their own records (Art. 41)"),
    invalidates=STAFF_ONLY,
)
declare(
    "info_request:records_correction_decided",
    _("request to correct records decided (Art. 41)"),
    "result",
    invalidates=STAFF_ONLY,
)
