"""Counting the report's tables from the platform's own records.

`from_records(unit, year)` returns the cells it can know, keyed as in `layout`, and the keys it
cannot know (those are entered by hand):

- table 3, from the disclosure applications (`gongkai.info_requests`): an application is
  received on its date of receipt (Art. 31; an unconfirmed one is not yet received), answered
  on its reply date, and counted in the row its outcome maps to and the column its applicant
  type maps to — both mappings are `info_requests.outcomes`, the one place that decides them;
- table 2, from the publications under the default catalog's Art. 20 items (N01–N06) the unit
  adopted: 规章 and 行政规范性文件 made / repealed / in force (a unit's own item citing
  条例第二十条第（一）项 counts as normative documents), licence, penalty and enforcement
  decisions made in the year; the fee amount, and the rows without an adopted item, are
  entered by hand;
- table 4, from the review and litigation cases recorded in this app: a case is reported in
  the year it was filed and, when it is decided in a later year, in that year too;
- section 六's fee figures, from the fee notices and payments of the applications.

A township's report counts the records of its offices too, unless its county has decided
that offices report separately (`models.counted_units`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from gongkai.catalog.models import CatalogItem
from gongkai.core.models import Unit
from gongkai.info_requests import outcomes
from gongkai.info_requests.clock import EventType
from gongkai.info_requests.models import InfoRequest, InfoRequestEvent
from gongkai.publishing.models import Publication, Validity

from . import layout
from .layout import t3, t4
from .models import CASE_GROUP, ReviewCase, counted_units

# The Regulation's clause for rules and normative documents, as the catalog items cite it.
NORMATIVE_BASIS = "第二十条第（一）项"
NORMATIVE_ROW = "行政规范性文件"

# Table 3's column for each applicant type, through the one mapping in info_requests.
APPLICANT_COLUMN: dict[str, int] = {
    kind: layout.T3_COLUMNS.index(label)
    for kind, (_group, label) in outcomes.APPLICANT_COLUMNS.items()
}
# Table 3's row for each reply outcome, likewise.
OUTCOME_ROW: dict[str, int] = {
    outcome.key: layout.T3_ROW_INDEX[outcome.row] for outcome in outcomes.OUTCOMES
}


@dataclass
class Counted:
    values: dict[str, int | Decimal] = field(default_factory=dict)
    # Cells the records cannot give: the clerk enters them.
    by_hand: set[str] = field(default_factory=set)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def table3(unit: Unit, year: int) -> dict[str, int]:
    start, end = year_bounds(year)
    received = InfoRequest.objects.filter(unit__in=counted_units(unit), received_on__isnull=False)
    counts: Counter[str] = Counter()

    def add(row: int, rows) -> None:
        for item in rows:
            counts[t3(row, APPLICANT_COLUMN[item["applicant_type"]])] += item["n"]

    by_type = ("applicant_type",)
    add(
        layout.T3_NEW,
        received.filter(received_on__range=(start, end)).values(*by_type).annotate(n=Count("pk")),
    )
    open_at_start = Q(replied_on__isnull=True) | Q(replied_on__gte=start)
    add(
        layout.T3_CARRIED_IN,
        received.filter(open_at_start, received_on__lt=start)
        .values(*by_type)
        .annotate(n=Count("pk")),
    )
    open_at_end = Q(replied_on__isnull=True) | Q(replied_on__gt=end)
    add(
        layout.T3_CARRIED_OUT,
        received.filter(open_at_end, received_on__lte=end).values(*by_type).annotate(n=Count("pk")),
    )
    answered = (
        received.filter(replied_on__range=(start, end))
        .exclude(outcome="")
        .values("applicant_type", "outcome")
        .annotate(n=Count("pk"))
    )
    for item in answered:
        column = APPLICANT_COLUMN[item["applicant_type"]]
        row = OUTCOME_ROW.get(item["outcome"])
        if row is None:  # an outcome the mapping does not know: leave it to the checks
            continue
        counts[t3(row, column)] += item["n"]
        counts[t3(layout.T3_RESULTS_TOTAL, column)] += item["n"]

    values: dict[str, int] = {}
    for row in layout.TABLE3_ROWS:
        row_total = 0
        for column in layout.T3_APPLICANT_COLUMNS:
            values[t3(row.index, column)] = counts[t3(row.index, column)]
            row_total += counts[t3(row.index, column)]
        values[t3(row.index, layout.T3_TOTAL_COLUMN)] = row_total
    return values


# The default catalog's items for the rows of table 2 (`catalog.defaults`, N01–N06).
TABLE2_ITEM_KEYS = {
    "规章": "N01",
    "行政规范性文件": "N02",
    "行政许可": "N03",
    "行政处罚": "N04",
    "行政强制": "N05",
    "行政事业性收费": "N06",
}
# Rows counted as documents made, repealed and in force; the others as decisions made.
DOCUMENT_ROWS = ("规章", "行政规范性文件")


def row_items(units: list[Unit], label: str):
    """The catalog items the units adopted or own for one row of table 2.

    A unit's own item (no key) citing 条例第二十条第（一）项 counts as normative documents.
    """
    condition = Q(key=TABLE2_ITEM_KEYS[label])
    if label == NORMATIVE_ROW:
        condition |= Q(key="", basis__contains=NORMATIVE_BASIS)
    return CatalogItem.objects.filter(condition, adoptions__unit__in=units).distinct()


def normative_items(unit: Unit):
    """The catalog items of the unit that cover normative documents."""
    return row_items(counted_units(unit), NORMATIVE_ROW)


def _dated(publications):
    """The publications with `written`: the version's written date, or else the local day it was
    first published. Counted in the database: a county's publications are never loaded."""
    first_day = TruncDate("first_published_at", tzinfo=timezone.get_current_timezone())
    return publications.order_by().alias(written=Coalesce("current__written_on", first_day))


def _row_items(units: list[Unit]) -> dict[str, list[int]]:
    """`row_items` of every row of table 2 at once: each row's label, its items' keys."""
    condition = Q(key__in=TABLE2_ITEM_KEYS.values()) | Q(key="", basis__contains=NORMATIVE_BASIS)
    found: dict[str, list[int]] = {label: [] for label in TABLE2_ITEM_KEYS}
    label_of = {key: label for label, key in TABLE2_ITEM_KEYS.items()}
    items = (
        CatalogItem.objects.filter(condition, adoptions__unit__in=units)
        .distinct()
        .order_by("pk")
        .values_list("pk", "key")
    )
    for pk, key in items:
        found[label_of[key] if key else NORMATIVE_ROW].append(pk)
    return found


def _figures(label: str, items: list[int], start: dt.date, end: dt.date) -> dict[str, Count]:
    """The counts of one row, as aggregates over the units' published publications: documents
    made, repealed and in force, or decisions made (one published decision each, by its
    date)."""
    mine = Q(item__in=items)
    made = Count("pk", filter=mine & Q(written__range=(start, end)))
    if label not in DOCUMENT_ROWS:
        return {f"{label}:0": made}
    return {
        f"{label}:0": made,
        f"{label}:1": Count(
            "pk",
            filter=mine
            & Q(
                current__validity=Validity.REPEALED,
                current__validity_changed_on__range=(start, end),
            ),
        ),
        f"{label}:2": Count(
            "pk",
            filter=mine
            & Q(written__lte=end)
            & (Q(current__validity=Validity.VALID) | Q(current__validity_changed_on__gt=end)),
        ),
    }


def table2(unit: Unit, year: int) -> Counted:
    """Counted for each row whose catalog item the unit (or an office it counts) adopted.

    Fees (万元) are never counted from publications: that cell is entered by hand. Every row
    is counted in one query over the units' published publications under the rows' items:
    a county's publications are never loaded.
    """
    counted = Counted(by_hand=set(layout.TABLE2_CELLS))
    units = list(counted_units(unit))
    start, end = year_bounds(year)
    items = _row_items(units)
    cells: dict[str, str] = {}
    aggregates: dict[str, Count] = {}
    for sub in layout.TABLE2:
        for row, label in enumerate(sub.rows):
            if sub.cell(row, 0).kind == layout.MONEY or not items.get(label):
                continue
            for name, aggregate in _figures(label, items[label], start, end).items():
                aggregates[name] = aggregate
                cells[name] = sub.cell(row, int(name.rsplit(":", 1)[1])).key
    if not aggregates:
        return counted
    every_item = sorted({pk for row in items.values() for pk in row})
    figures = _dated(
        Publication.objects.published().filter(unit__in=units, item__in=every_item)
    ).aggregate(**{f"c{n}": aggregate for n, aggregate in enumerate(aggregates.values())})
    for n, name in enumerate(aggregates):
        counted.values[cells[name]] = figures[f"c{n}"]
        counted.by_hand.discard(cells[name])
    return counted


def table4(unit: Unit, year: int) -> dict[str, int]:
    _start, end = year_bounds(year)
    values = dict.fromkeys(layout.TABLE4_CELLS, 0)
    for case in ReviewCase.objects.filter(unit__in=counted_units(unit)).reported_in(year):
        group = CASE_GROUP[case.kind]
        values[t4(group, case.column_at(end))] += 1
        values[t4(group, layout.T4_TOTAL_COLUMN)] += 1
    return values


def from_records(unit: Unit, year: int) -> Counted:
    counted = table2(unit, year)
    counted.values.update(table3(unit, year))
    counted.values.update(table4(unit, year))
    return counted


@dataclass(frozen=True)
class FeeFigures:
    """Section 六: the fee notices sent in the year, and the fees actually collected."""

    notices: int
    notice_amount: int
    paid: int
    paid_amount: int


def fees(unit: Unit, year: int) -> FeeFigures:
    events = InfoRequestEvent.objects.filter(
        info_request__unit__in=counted_units(unit),
        type__in=(EventType.FEE_NOTICE, EventType.FEE_PAID),
    ).order_by("info_request_id", "date", "id")
    amount_of: dict[int, int] = {}
    notices = notice_amount = paid = paid_amount = 0
    for event in events:
        if event.type == EventType.FEE_NOTICE:
            amount = int(event.data.get("amount") or 0)
            amount_of[event.info_request_id] = amount
            if event.date.year == year:
                notices += 1
                notice_amount += amount
        elif event.date.year == year:
            paid += 1
            paid_amount += amount_of.get(event.info_request_id, 0)
    return FeeFigures(notices, notice_amount, paid, paid_amount)
