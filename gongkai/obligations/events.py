"""The audit events of this app (see `gongkai.core.events`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.events import declare

declare("obligation:materialised", _("obligations of the year made"), "year", "created")
declare("obligation:raised", _("obligation raised by an event"), "trigger", "event_on", "due_on")
declare("obligation:fulfilled", _("obligation met"), "publication", "published_on", "due_on")
declare(
    "obligation:waived", _("obligation waived (no such matter this period)"), "period", "reason"
)
declare("obligation:due_date_changed", _("due date changed"), "before", "after", "reason")
declare("oversight_order:issued", _("oversight order issued"), "obligation", "item", "deadline")
declare("oversight_order:answered", _("oversight order answered"), "publication", "reason")
declare(
    "oversight_order:deadline_passed",
    _("oversight order's deadline passed unanswered"),
    "deadline",
)
