"""The audit events of this app (see `gongkai.core.events`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.events import declare

declare("info_request:submitted", _("application submitted"), "channel")
declare("info_request:registered", _("application registered"), "channel")
declare("info_request:assigned", _("handler assigned"), "to")
declare("info_request:transferred", _("application transferred"), "to", "reason")
declare("info_request:recomputed", _("due date recomputed"), "due_before", "due_after")
declare("info_request:sign_off_refused", _("sign-off refused"), "reason")
declare("filing:created", _("filed with the superior body"), "outcome", "superior")
declare("filing:acknowledged", _("filing acknowledged"))

# The statutory clock's steps: each carries its date, the due date before and after it, and
# the step's own data (outcome, reasons, days, amounts...).
CLOCK = ("date", "due_before", "due_after")
declare("info_request:receive", _("application received"), *CLOCK, open_fields=True)
declare("info_request:clarify", _("correction requested"), *CLOCK, open_fields=True)
declare("info_request:corrected", _("corrected application received"), *CLOCK, open_fields=True)
declare(
    "info_request:consult_start", _("third-party consultation started"), *CLOCK, open_fields=True
)
declare("info_request:consult_end", _("third-party consultation ended"), *CLOCK, open_fields=True)
declare("info_request:extend", _("reply period extended"), *CLOCK, open_fields=True)
declare("info_request:reply", _("reply drafted"), *CLOCK, open_fields=True)
declare("info_request:sign_off", _("reply signed off and sent"), *CLOCK, open_fields=True)
declare("info_request:fee_notice", _("fee notice sent"), *CLOCK, open_fields=True)
declare("info_request:fee_paid", _("fee paid"), *CLOCK, open_fields=True)
declare(
    "info_request:third_party_notice",
    _("third party told before disclosure"),
    *CLOCK,
    open_fields=True,
)
