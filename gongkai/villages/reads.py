"""Named reads of village affairs, shared by the portal, the staff pages and the JSON API."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q
from django.urls import reverse

from gongkai.catalog.models import Group
from gongkai.core import periods
from gongkai.core.models import Unit, UnitKind
from gongkai.publishing.models import Publication, PublicationTable

from . import catalog, checks, clock
from .models import (
    Explanation,
    LineKind,
    Matter,
    Side,
    StatementLine,
    TownshipRecord,
    VillageStatement,
)

# The caption of the published table of a statement's lines.
TABLE_CAPTION = "收支明细"
# Headings of a list's village column, and of its name column.
VILLAGE_HEADINGS = ("所在村", "村别", "村", "村名", "所属村")
NAME_HEADINGS = ("姓名", "户主姓名", "户主", "对象姓名")


class Status:
    do_not_call_in_templates = True  # templates read its members: `Status.EXPLAINED`
    MISSING_IN_VILLAGE = "missing_in_village"
    MISSING_IN_TOWNSHIP = "missing_in_township"
    AMOUNT_DIFFERS = "amount_differs"
    EXPLAINED = "explained"
    CHOICES = (MISSING_IN_VILLAGE, MISSING_IN_TOWNSHIP, AMOUNT_DIFFERS, EXPLAINED)


def village(org_code: str) -> Unit | None:
    """The village with this organisation code, or None."""
    return (
        Unit.objects.filter(org_code=org_code.strip().upper(), kind=UnitKind.VILLAGE)
        .select_related("parent")
        .first()
    )


def villages_of(township: Unit) -> list[Unit]:
    return list(township.children.filter(kind=UnitKind.VILLAGE).order_by("position", "name"))


def published_statement(village: Unit, period: str | None = None) -> VillageStatement | None:
    """The village's published statement of `period`, or its latest published one."""
    found = (
        VillageStatement.objects.published()
        .of_village(village)
        .select_related("publication", "publication__current")
        .order_by("-period")
    )
    if period:
        found = found.filter(period=periods.parse(period).code)
    return found.first()


def statement_figures(statement: VillageStatement) -> tuple[checks.Figures, list[StatementLine]]:
    """The statement's figures and lines as the village keeps them (drafts included)."""
    lines = list(statement.lines.all())
    return checks.figures(lines, statement.opening_balance), lines


@dataclass
class PublishedLine:
    date: dt.date
    subject: str
    kind: str
    amount: Decimal
    counterparty: str
    voucher: str

    @property
    def is_income(self) -> bool:
        return self.kind == LineKind.INCOME

    @property
    def is_expense(self) -> bool:
        return self.kind == LineKind.EXPENSE


def published_lines(statement: VillageStatement) -> list[PublishedLine]:
    """The lines of the version in force, read from its published table: while a correction
    (更正) is written and signed off, the public keeps seeing what was published."""
    publication = statement.publication
    version = publication.current if publication is not None else None
    if version is None:
        return []
    table = version.tables.filter(caption=TABLE_CAPTION).first()
    if table is None:
        return []
    found = []
    for row in table.rows:
        day, subject, kind, amount, counterparty, voucher = (row + [""] * 6)[:6]
        found.append(
            PublishedLine(
                dt.date.fromisoformat(day),
                subject,
                LineKind.INCOME if kind == "收入" else LineKind.EXPENSE,
                Decimal(amount),
                counterparty,
                voucher,
            )
        )
    return found


def published_figures(
    statement: VillageStatement,
) -> tuple[checks.Figures, list[PublishedLine]]:
    """The published statement's figures and lines, as the public and the API see them."""
    lines = published_lines(statement)
    return checks.figures(lines, statement.opening_balance), lines


def superseded_versions(statement: VillageStatement) -> list:
    """Earlier published versions of a corrected statement, newest first, with their reasons."""
    publication = statement.publication
    if publication is None or publication.current is None:
        return []
    return list(
        publication.versions.filter(
            published_at__isnull=False, number__lt=publication.current.number
        ).order_by("-number")
    )


def mask_name(name: str) -> str:
    """张*明, 张*, 欧阳**锋: the first and last character stay, the rest is masked."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


@dataclass
class VillageList:
    """One published list's rows for one village, names masked."""

    publication: Publication
    caption: str
    columns: list[str]
    rows: list[list[str]]


def _column(columns: list[str], headings: tuple[str, ...]) -> int | None:
    for index, column in enumerate(columns):
        if column.strip() in headings:
            return index
    return None


def village_lists(village: Unit) -> list[VillageList]:
    """The rows for this village of the township's published lists with a village column.

    低保, relief and subsidy lists are published by the township (or its civil-affairs office)
    for all its villages, with the village as a column; a village page shows its own rows,
    without the village column, and with the names masked as the privacy rules ask.
    """
    township = village.township
    if township is None:
        return []
    tables = (
        PublicationTable.objects.filter(
            # Only the tables of the version in force.
            version__publication__current_id=F("version_id"),
            version__publication__unit__in=Unit.objects.subtree(township).exclude(
                kind=UnitKind.VILLAGE
            ),
            version__publication__audience="public",
        )
        .select_related("version__publication", "version__publication__current")
        .order_by("-version__publication__first_published_at", "position")
    )
    found = []
    for table in tables:
        at = _column(table.columns, VILLAGE_HEADINGS)
        if at is None:
            continue
        name_at = _column(table.columns, NAME_HEADINGS)
        rows = []
        for row in table.rows:
            if len(row) <= at or row[at].strip() not in (village.short_name, village.name):
                continue
            cells = [mask_name(c) if i == name_at else c for i, c in enumerate(row)]
            rows.append(cells[:at] + cells[at + 1 :])
        if rows:
            columns = table.columns[:at] + table.columns[at + 1 :]
            found.append(VillageList(table.version.publication, table.caption, columns, rows))
    return found


def township_items_for(village: Unit, limit: int = 30) -> list[Publication]:
    """The township's public items concerning this village, newest first.

    Those of the village-related catalog items (与村务公开相对应的公开内容) that name this
    village or no village at all (then they concern every village), and any other item of the
    township that names this village in its title.
    """
    township = village.township
    if township is None:
        return []
    names = [v.short_name for v in villages_of(township)]
    candidates = (
        Publication.objects.public()
        .filter(unit__in=Unit.objects.subtree(township).exclude(kind=UnitKind.VILLAGE))
        .filter(
            Q(item__group=Group.VILLAGE, item__unit_kind__in=[UnitKind.TOWNSHIP, UnitKind.OFFICE])
            | Q(current__title__contains=village.short_name)
        )
        .select_related("current", "unit", "item")
        .newest_first()[:200]
    )
    found = []
    for publication in candidates:
        text = f"{publication.current.title}{publication.current.summary}"
        if village.short_name in text or not any(name in text for name in names):
            found.append(publication)
        if len(found) >= limit:
            break
    return found


def concerns(publication: Publication, village: Unit, names: list[str]) -> bool:
    text = f"{publication.current.title}{publication.current.summary}"
    return village.short_name in text or (
        publication.item.group == Group.VILLAGE and not any(name in text for name in names)
    )


@dataclass
class Mismatch:
    village: Unit
    matter: str
    township_amount: Decimal
    village_amount: Decimal
    status: str
    township_explanation: str = ""
    village_explanation: str = ""

    @property
    def explanation(self) -> str:
        """Both sides' explanations, or the one given."""
        if self.township_explanation and self.village_explanation:
            return f"乡镇：{self.township_explanation}；村：{self.village_explanation}"
        return self.township_explanation or self.village_explanation

    @property
    def matter_label(self) -> str:
        return str(Matter(self.matter).label)

    @property
    def difference(self) -> Decimal:
        return self.township_amount - self.village_amount


def reconciliation(township: Unit, period: str, *, as_of: dt.date | None = None) -> list[Mismatch]:
    """The cross-check (村务对应) of one township for one period: every difference, explained
    or not. A matter is compared as the sum of the township's records against the sum of the
    village's lines marked with that matter, in the village's statement of the same period.
    With `as_of`, only explanations recorded by that day count.
    """
    code = periods.parse(period).code
    villages = {v.pk: v for v in villages_of(township)}
    township_sums: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for record in TownshipRecord.objects.filter(
        township=township, period=code, village_id__in=villages
    ):
        township_sums[(record.village_id, record.matter)] += record.amount
    village_sums: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for line in StatementLine.objects.filter(
        statement__village_id__in=villages, statement__period=code
    ).exclude(matter=""):
        village_sums[(line.statement.village_id, line.matter)] += line.amount
    for village_id, households in homestead_approvals(list(villages), code).items():
        village_sums[(village_id, Matter.HOMESTEAD)] += households
    explained: dict[tuple[int, str], dict[str, str]] = defaultdict(dict)
    explanations = Explanation.objects.filter(village_id__in=villages, period=code)
    if as_of is not None:
        explanations = explanations.filter(explained_at__date__lte=as_of)
    for e in explanations:
        explained[(e.village_id, e.matter)][e.side] = e.text
    found = []
    order = {matter: n for n, matter in enumerate(Matter.values)}
    keys = sorted(
        set(township_sums) | set(village_sums),
        key=lambda k: (villages[k[0]].position, villages[k[0]].name, order[k[1]]),
    )
    for key in keys:
        ours, theirs = township_sums.get(key, Decimal("0")), village_sums.get(key, Decimal("0"))
        if ours == theirs:
            continue
        if key in explained:
            status = Status.EXPLAINED
        elif theirs == 0:
            status = Status.MISSING_IN_VILLAGE
        elif ours == 0:
            status = Status.MISSING_IN_TOWNSHIP
        else:
            status = Status.AMOUNT_DIFFERS
        sides = explained.get(key, {})
        found.append(
            Mismatch(
                villages[key[0]],
                key[1],
                ours,
                theirs,
                status,
                township_explanation=sides.get(Side.TOWNSHIP, ""),
                village_explanation=sides.get(Side.VILLAGE, ""),
            )
        )
    return found


# The column of a homestead list saying whether the application was approved.
RESULT_HEADINGS = ("审批结果", "审批意见", "结果")
APPROVED = ("同意", "批准", "准予")


def approved(result: str) -> bool:
    """同意 or 批准, but never 不同意 or 未批准."""
    text = result.strip()
    return text.startswith(APPROVED) and not any(word in text for word in ("不", "未"))


def homestead_approvals(village_ids: list[int], period: str) -> dict[int, int]:
    """Households approved, by village, in the villages' published homestead lists of the
    period (by the date written): the rows whose result is 同意 (every row of a list
    without a result column)."""
    within = periods.parse(period)
    found: dict[int, int] = defaultdict(int)
    publications = (
        Publication.objects.published()
        .filter(
            unit_id__in=village_ids,
            item__key=catalog.HOMESTEAD,
            current__written_on__gte=within.start,
            current__written_on__lte=within.end,
        )
        .select_related("current")
    )
    for publication in publications:
        for table in publication.current.tables.all():
            at = _column(table.columns, RESULT_HEADINGS)
            for row in table.rows:
                if at is None or (len(row) > at and approved(row[at])):
                    found[publication.unit_id] += 1
    return dict(found)


def reconciliation_periods(township: Unit) -> list[str]:
    """The periods with township records or village statements, newest first."""
    codes = set(
        TownshipRecord.objects.filter(township=township).values_list("period", flat=True)
    ) | set(
        VillageStatement.objects.filter(village__parent=township).values_list("period", flat=True)
    )
    return sorted(codes, reverse=True)


@dataclass
class OverdueStatement:
    village: Unit
    period_label: str
    due_on: object
    period: str = ""


def overdue_statements(township: Unit, *, today, calendar) -> list[OverdueStatement]:
    """Villages of the township whose finance statement is past due: told to the township.

    A village that has published quarterly is held to quarters, else to months; it owes the
    periods from its first statement on (or, with none yet, the latest periods).
    """
    found = []
    for village in villages_of(township):
        codes = list(
            VillageStatement.objects.filter(village=village)
            .order_by("period")
            .values_list("period", "publication__current")
        )
        published = {code for code, current in codes if current is not None}
        kind = periods.QUARTER if codes and "Q" in codes[-1][0] else periods.MONTH
        since = periods.parse(codes[0][0]).start if codes else today.replace(day=1, month=1)
        for overdue in clock.overdue_periods(
            kind, published, since=since, today=today, calendar=calendar
        ):
            found.append(
                OverdueStatement(village, overdue.period.label, overdue.due_on, overdue.period.code)
            )
    return found


@dataclass
class Unexplained:
    period: str
    mismatch: Mismatch

    @property
    def label(self) -> str:
        m = self.mismatch
        return (
            f"{m.village.short_name} · {m.matter_label} · {periods.parse(self.period).label} · "
            f"乡镇{m.township_amount:.2f}元/村{m.village_amount:.2f}元"
        )


def unexplained(unit: Unit, year: int, *, as_of: dt.date | None = None) -> list[Unexplained]:
    """The cross-check differences of a year, for a township (all its villages) or a village,
    neither explained (by `as_of`) nor corrected: they count against both the township and
    the village in the county's oversight. Other units have none."""
    if unit.kind == UnitKind.TOWNSHIP:
        township = unit
    elif unit.kind == UnitKind.VILLAGE and unit.parent is not None:
        township = unit.parent
    else:
        return []
    found = []
    for code in sorted(reconciliation_periods(township)):
        period = periods.parse(code)
        if period.year != year or (as_of is not None and period.start > as_of):
            continue
        for item in reconciliation(township, code, as_of=as_of):
            if item.status == Status.EXPLAINED:
                continue
            if unit.kind == UnitKind.TOWNSHIP or item.village.pk == unit.pk:
                found.append(Unexplained(code, item))
    return found


def unexplained_differences(unit: Unit, year: int) -> int:
    """How many cross-check differences of a township (or village) in a year are unexplained."""
    return len(unexplained(unit, year))


def unexplained_counts(units: list[Unit], year: int) -> dict[int, int]:
    """The unexplained differences of each township and village among `units`, by unit id."""
    counts: dict[int, int] = {}
    by_township: dict[int, list[Unexplained]] = {}
    for unit in units:
        if unit.kind == UnitKind.TOWNSHIP:
            township_id = unit.pk
        elif unit.kind == UnitKind.VILLAGE and unit.parent_id:
            township_id = unit.parent_id
        else:
            continue
        if township_id not in by_township:
            township = unit if unit.pk == township_id else unit.parent
            by_township[township_id] = unexplained(township, year) if township else []
        found = by_township[township_id]
        counts[unit.pk] = (
            len(found)
            if unit.kind == UnitKind.TOWNSHIP
            else sum(1 for u in found if u.mismatch.village.pk == unit.pk)
        )
    return counts


def reconciliation_url(unit: Unit, year: int) -> str:
    """The staff cross-check page of a township or a village."""
    return reverse("villages:reconciliation", kwargs={"org_code": unit.org_code})
