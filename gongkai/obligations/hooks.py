"""Columns other apps add to the county's heat map, without obligations importing them.

The heat map counts obligations; an app that keeps another figure the county oversees per
unit adds a column in its `AppConfig.ready()`:

    hooks.add_heat_column(hooks.HeatColumn("villages", _("label"), counts, url))

`counts(units, year)` answers {unit id: figure} for the units it concerns (a unit left out
shows a dash); `url(unit, year)` is where the figure's records are listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gongkai.core.models import Unit


@dataclass(frozen=True)
class HeatColumn:
    key: str
    label: object
    counts: Callable[[list[Unit], int], dict[int, int]]
    url: Callable[[Unit, int], str]


_columns: list[HeatColumn] = []


def add_heat_column(column: HeatColumn) -> None:
    if all(found.key != column.key for found in _columns):
        _columns.append(column)


def heat_columns() -> list[HeatColumn]:
    return list(_columns)
