"""What other apps tell publishing, without publishing importing them.

The draft form offers the periods a regular item still owes; which those are is the
obligations app's knowledge. It provides the answer in its `AppConfig.ready()`:

    hooks.provide_open_periods(reads.open_periods)

Without a provider (an installation without obligations) the form offers no periods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from gongkai.catalog.models import CatalogItem
from gongkai.core.models import Unit
from gongkai.core.periods import Period

OpenPeriods = Callable[..., list[Period]]

_providers: dict[str, OpenPeriods] = {}


def provide_open_periods(provider: OpenPeriods) -> None:
    """`provider(unit, item, today=...)` answers the periods of `item` that `unit` still owes."""
    _providers["open_periods"] = provider


def open_periods(unit: Unit, item: CatalogItem, *, today: dt.date) -> list[Period]:
    provider = _providers.get("open_periods")
    return provider(unit, item, today=today) if provider is not None else []
