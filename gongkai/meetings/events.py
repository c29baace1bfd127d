"""The audit events of this app (see `gongkai.core.events`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.events import declare

declare("meeting:drafted", _("meeting announcement drafted"), "title", "starts_at", "seats")
declare("meeting:edited", _("meeting announcement draft changed"), "fields", "starts_at")
declare("meeting:announced", _("meeting announced"), "title", "starts_at", "signup_closes_on")
declare(
    "meeting:postponed",
    _("meeting postponed"),
    "previous_starts_at",
    "starts_at",
    "reason",
    "notified",
    "emailed",
)
declare("meeting:cancelled", _("meeting cancelled"), "reason", "notified", "emailed")
# Who signed up stays in the sign-up list: the log keeps the count only.
declare("meeting:signed_up", _("signed up for a meeting"), "seats_taken")
declare("meeting:signups_exported", _("meeting sign-up list exported"), "format", "rows")
declare("meeting:decisions_linked", _("meeting decisions drafted for publication"), "publication")
