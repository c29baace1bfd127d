"""The audit events: every name declared once, with its label and the fields it carries.

An app declares its events in its own `events.py`, which Django loads at start-up
(`CoreConfig.ready` autodiscovers them):

    from django.utils.translation import gettext_lazy as _
    from gongkai.core.events import declare

    declare("publication:published", _("published"), "index_no", "version", "first")

`audit.record` refuses a name nobody declared, so a typo cannot start a new vocabulary; a
test reads every `audit.record(...)` call in the code and checks its fields against the
declaration. Events already in the log keep displaying: `label` falls back to the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NAME = re.compile(r"^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$")

# What an event changes on the public site, for the rendered-page cache (core/caching.py):
# anything (the default, so an event nobody thought about never leaves a stale page), the
# public pages of its unit and of its target (its publication), or nothing a reader sees.
SITE = "site"
UNIT = "unit"
STAFF_ONLY = "staff"


@dataclass(frozen=True)
class Event:
    name: str
    label: str | Promise
    fields: frozenset[str]
    # Steps whose data depends on the step (e.g. the statutory clock's events) say so.
    open_fields: bool = False
    invalidates: str = SITE


_REGISTRY: dict[str, Event] = {}


def declare(
    name: str,
    label: str | Promise,
    *fields: str,
    open_fields: bool = False,
    invalidates: str = SITE,
) -> Event:
    """Declare the event `name` (`subject:action`); declaring it again the same way is a no-op.

    `invalidates` says which cached public pages the event makes stale: `SITE` (all),
    `UNIT` (its unit's and their parents' lists, the county-wide lists, its target's page)
    or `STAFF_ONLY` (none: drafts, reviews, applications, sign-ins).
    """
    if not NAME.match(name):
        raise ValueError(f"audit event {name!r} is not named subject:action")
    if invalidates not in (SITE, UNIT, STAFF_ONLY):
        raise ValueError(f"audit event {name!r}: unknown invalidates={invalidates!r}")
    event = Event(name, label, frozenset(fields), open_fields, invalidates)
    known = _REGISTRY.get(name)
    if known is not None and known != event:
        raise ValueError(f"audit event {name!r} is declared twice, differently")
    _REGISTRY[name] = event
    return event


def get(name: str) -> Event | None:
    return _REGISTRY.get(name)


def require(name: str) -> Event:
    """The declared event `name`; a ValueError for a name nobody declared."""
    event = _REGISTRY.get(name)
    if event is None:
        raise ValueError(f"audit event {name!r} is not declared in any app's events.py")
    return event


def label(name: str) -> str:
    """What people read for the event: its label, or its name for one no longer declared."""
    event = _REGISTRY.get(name)
    return str(event.label) if event is not None else name


def declared() -> dict[str, Event]:
    return dict(_REGISTRY)


# The events of units, people, keys and the calendar.
declare("unit:created", _("unit created"), "kind", "parent", "credit_code", "started_on")
declare("unit:updated", _("unit updated"), "changes")
declare("user:created", _("account created"), "username")
declare("user:signed_in", _("signed in"), "ip", invalidates=STAFF_ONLY)
declare("user:signed_out", _("signed out"), "ip", invalidates=STAFF_ONLY)
declare(
    "user:locked_out",
    _("sign-in locked after repeated failures"),
    "ip",
    "until",
    invalidates=STAFF_ONLY,
)
declare("user:password_changed", _("password changed"), invalidates=STAFF_ONLY)
declare("user:sessions_ended", _("sessions ended"), "sessions", invalidates=STAFF_ONLY)
declare("user:two_factor_enrolled", _("two-factor sign-in set up"), invalidates=STAFF_ONLY)
declare("user:two_factor_verified", _("two-factor code accepted"), invalidates=STAFF_ONLY)
declare("membership:added", _("role given"), "user", "role")
declare("membership:removed", _("role taken away"), "user", "role")
declare("api_token:issued", _("API key issued"), "user", "name", invalidates=STAFF_ONLY)
declare("api_token:revoked", _("API key revoked"), "user", invalidates=STAFF_ONLY)
declare("calendar:day_set", _("calendar day set"), "day", "is_workday", "name", "created")
declare("calendar:day_removed", _("calendar day removed"), "day")
declare("calendar:year_announced", _("year's holiday arrangement announced"), "year", "source")
