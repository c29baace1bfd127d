"""Every change to village finance statements and to the cross-check, each with its audit event.

A statement is written by the village's clerk (its lines entered one by one or imported from
the template), then submitted: that creates (or updates) the village's publication under the
finance catalog item and sends it for review. The village supervision committee approves and
publishes it on the publishing pages; from then on the statement is the published record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from gongkai.core import access, audit, periods
from gongkai.core.access import Perm
from gongkai.core.models import Unit, UnitKind, User
from gongkai.publishing import actions as publishing
from gongkai.publishing.models import EDITABLE_STAGES, PublicationTable
from gongkai.publishing.tables import ParsedTable

from . import catalog, checks, imports, reads
from .models import (
    Explanation,
    LineKind,
    Matter,
    Side,
    StatementLine,
    TownshipRecord,
    VillageStatement,
)

TABLE_CAPTION = reads.TABLE_CAPTION
TABLE_COLUMNS = ["日期", "科目", "收支", "金额（元）", "往来单位", "凭证号"]


def statement_period(code: str, *, today: dt.date) -> periods.Period:
    """A month or a quarter that has begun; statements are not written ahead."""
    period = periods.parse(code)
    if period.kind not in (periods.MONTH, periods.QUARTER):
        raise ValidationError(
            {"period": _("A village statement covers a month (2026-M10) or a quarter (2026-Q3).")}
        )
    if period.start > today:
        raise ValidationError({"period": _("This period has not begun yet.")})
    return period


def is_editable(statement: VillageStatement) -> bool:
    """Lines may change until submitted, and again when the committee returns the draft."""
    publication = statement.publication
    if publication is None:
        return True
    draft = publication.draft
    if draft is None:
        return False
    return publishing.review_of(draft).stage in EDITABLE_STAGES


def _ensure_editable(statement: VillageStatement) -> None:
    if not is_editable(statement):
        raise ValidationError(
            _(
                "This statement has been submitted for sign-off or published; its lines can "
                "change only once the supervision committee returns it."
            ),
            code="frozen",
        )


@transaction.atomic
def create_statement(
    village: Unit, *, by: User, period: str, opening_balance: Decimal, today: dt.date
) -> VillageStatement:
    access.require(by, Perm.DRAFT, village)
    if village.kind != UnitKind.VILLAGE:
        raise ValidationError(_("Only a village keeps village finance statements."))
    code = statement_period(period, today=today).code
    if VillageStatement.objects.filter(village=village, period=code).exists():
        raise ValidationError(
            {"period": _("This village already has a statement for this period.")}
        )
    catalog.adopt_items(village)
    statement = VillageStatement.objects.create(
        village=village, period=code, opening_balance=opening_balance, created_by=by
    )
    audit.record(
        "village_statement:created",
        actor=by,
        unit=village,
        target=statement,
        period=code,
        opening_balance=str(opening_balance),
    )
    return statement


def _locked(statement: VillageStatement) -> VillageStatement:
    return (
        VillageStatement.objects.select_for_update(of=("self",))
        .select_related("village", "publication")
        .get(pk=statement.pk)
    )


@transaction.atomic
def add_line(statement: VillageStatement, *, by: User, line: imports.Line) -> StatementLine:
    statement = _locked(statement)
    access.require(by, Perm.DRAFT, statement.village)
    _ensure_editable(statement)
    period = periods.parse(statement.period)
    if not period.contains(line.date):
        raise ValidationError(
            {"date": _("This date is not in %(period)s.") % {"period": period.label}}
        )
    position = statement.lines.count() + 1
    created = StatementLine.objects.create(statement=statement, position=position, **vars(line))
    audit.record(
        "village_statement:line_added",
        actor=by,
        unit=statement.village,
        target=statement,
        subject=line.subject,
        kind=line.kind,
        amount=str(line.amount),
    )
    return created


@transaction.atomic
def remove_line(statement: VillageStatement, line_id: int, *, by: User) -> None:
    statement = _locked(statement)
    access.require(by, Perm.DRAFT, statement.village)
    _ensure_editable(statement)
    line = statement.lines.filter(pk=line_id).first()
    if line is None:
        raise ValidationError(_("This line is not on the statement."))
    audit.record(
        "village_statement:line_removed",
        actor=by,
        unit=statement.village,
        target=statement,
        subject=line.subject,
        kind=line.kind,
        amount=str(line.amount),
    )
    line.delete()


@transaction.atomic
def import_lines(
    statement: VillageStatement, *, by: User, lines: Sequence[imports.Line], source: str
) -> int:
    """Replace every line of the statement with the checked lines of one file."""
    statement = _locked(statement)
    access.require(by, Perm.DRAFT, statement.village)
    _ensure_editable(statement)
    period = periods.parse(statement.period)
    outside = [line for line in lines if not period.contains(line.date)]
    if outside:
        raise ValidationError(_("Some lines are not in %(period)s.") % {"period": period.label})
    before = statement.lines.count()
    statement.lines.all().delete()
    StatementLine.objects.bulk_create(
        StatementLine(statement=statement, position=n, **vars(line))
        for n, line in enumerate(lines, start=1)
    )
    audit.record(
        "village_statement:imported",
        actor=by,
        unit=statement.village,
        target=statement,
        source=source[:200],
        lines=len(lines),
        replaced=before,
    )
    return len(lines)


def _money(value: Decimal) -> str:
    return number_format(value, decimal_pos=2, force_grouping=True)


def _body(statement: VillageStatement, figures: checks.Figures) -> str:
    period = periods.parse(statement.period)
    rows = [
        ("上期结余", figures.opening),
        ("本期收入", figures.income),
        ("本期支出", figures.expense),
        ("本期结余", figures.balance),
    ]
    parts = [
        f"<p>根据《中华人民共和国村民委员会组织法》第三十条，现将{escape(statement.village.short_name)}"
        f"{period.label}财务收支情况公开如下，经村务监督委员会审核。</p>",
        "<ul>",
        *(f"<li>{label}：{_money(value)}元</li>" for label, value in rows),
        "</ul>",
    ]
    if figures.flagged:
        parts.append(
            f"<p>以下“其他支出”单笔超过{_money(figures.lump_threshold)}元，"
            "已提请村务监督委员会重点审核：</p><ul>"
        )
        parts += [
            f"<li>{line.date:%Y-%m-%d} {escape(line.subject)} {_money(line.amount)}元"
            f"{'（凭证' + escape(line.voucher) + '）' if line.voucher else ''}</li>"
            for line in figures.flagged
        ]
        parts.append("</ul>")
    parts.append("<p>村民对公开内容有疑问的，可向村务监督委员会或乡镇人民政府反映。</p>")
    return "".join(parts)


def table_rows(lines: Sequence[StatementLine]) -> list[list[str]]:
    return [
        [
            line.date.isoformat(),
            line.subject,
            "收入" if line.kind == LineKind.INCOME else "支出",
            f"{line.amount:.2f}",
            line.counterparty,
            line.voucher,
        ]
        for line in lines
    ]


@transaction.atomic
def submit(statement: VillageStatement, *, by: User, today: dt.date) -> VillageStatement:
    """Publish the statement's draft and send it to the village supervision committee."""
    statement = _locked(statement)
    village = statement.village
    access.require(by, Perm.DRAFT, village)
    _ensure_editable(statement)
    lines = list(statement.lines.all())
    if not lines:
        raise ValidationError(_("Enter or import the lines before submitting the statement."))
    figures = checks.figures(lines, statement.opening_balance)
    if figures.balance < 0:
        raise ValidationError(
            _(
                "The balance would be %(balance)s yuan: more was spent than was brought forward "
                "and received. Check the lines and the balance brought forward."
            )
            % {"balance": figures.balance}
        )
    period = periods.parse(statement.period)
    table = ParsedTable(columns=TABLE_COLUMNS, rows=table_rows(lines), source_name="")
    content = {
        "title": f"{village.short_name}{period.label}财务收支公开",
        "summary": (
            f"{village.short_name}{period.label}收入{_money(figures.income)}元，"
            f"支出{_money(figures.expense)}元，结余{_money(figures.balance)}元。"
        ),
        "body": _body(statement, figures),
        "topic": "finance",
        "written_on": min(today, max(period.end, period.start)),
        "period": period.label,
        "publisher_name": village.name,
    }
    files = publishing.Uploads(parsed_tables=[(TABLE_CAPTION, table)])
    if statement.publication is None:
        publication = publishing.create(
            unit=village,
            item=catalog.item(village, catalog.FINANCE),
            by=by,
            audience="public",
            today=today,
            files=files,
            **content,
        )
        statement.publication = publication
        statement.save(update_fields=["publication"])
    else:
        publication = statement.publication
        for old in PublicationTable.objects.filter(version=publication.draft):
            publishing.remove_table(old, by=by)
        publishing.edit(publication, by=by, today=today, files=files, **content)
    publishing.submit(publication, by=by, today=today)
    audit.record(
        "village_statement:submitted",
        actor=by,
        unit=village,
        target=statement,
        period=statement.period,
        income=str(figures.income),
        expense=str(figures.expense),
        balance=str(figures.balance),
        flagged=len(figures.flagged),
    )
    return statement


def _check_record(township: Unit, village: Unit, matter: str, amount: Decimal) -> None:
    if township.kind != UnitKind.TOWNSHIP or village.parent_id != township.pk:
        raise ValidationError({"village": _("The village does not belong to this township.")})
    if matter not in Matter.values:
        raise ValidationError({"matter": _("Choose one of the matters.")})
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    if matter == Matter.HOMESTEAD and amount != amount.to_integral():
        raise ValidationError(
            {"amount": _("For homestead approvals, give the number of households approved.")}
        )


def record_period(code: str) -> str:
    """A month or a quarter, as the villages' statements are kept."""
    period = periods.parse(code)
    if period.kind not in (periods.MONTH, periods.QUARTER):
        raise ValidationError(
            {"period": _("A village statement covers a month (2026-M10) or a quarter (2026-Q3).")}
        )
    return period.code


@transaction.atomic
def record_township_payment(
    township: Unit,
    *,
    by: User | None,
    village: Unit,
    period: str,
    matter: str,
    amount: Decimal,
    reference: str = "",
) -> TownshipRecord:
    """The township's own record of what it paid to, or manages for, one of its villages."""
    access.require_unless_system(by, Perm.RECORD_VILLAGE_MATTERS, township)
    _check_record(township, village, matter, amount)
    code = record_period(period)
    record = TownshipRecord.objects.create(
        township=township,
        village=village,
        period=code,
        matter=matter,
        amount=amount,
        reference=reference[:120],
        recorded_by=by,
    )
    audit.record(
        "township_record:recorded",
        actor=by,
        unit=township,
        target=record,
        village=village.org_code,
        period=code,
        matter=matter,
        amount=str(amount),
    )
    return record


@transaction.atomic
def correct_township_record(
    record: TownshipRecord, *, by: User, amount: Decimal, reference: str, reason: str
) -> TownshipRecord:
    """Correct the amount (or reference) of one of the township's records, saying why."""
    record = (
        TownshipRecord.objects.select_for_update()
        .select_related("township", "village")
        .get(pk=record.pk)
    )
    access.require(by, Perm.RECORD_VILLAGE_MATTERS, record.township)
    _check_record(record.township, record.village, record.matter, amount)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the record is corrected.")})
    before = record.amount
    record.amount = amount
    record.reference = reference[:120]
    record.save(update_fields=["amount", "reference"])
    audit.record(
        "township_record:corrected",
        actor=by,
        unit=record.township,
        target=record,
        village=record.village.org_code,
        period=record.period,
        matter=record.matter,
        before=str(before),
        amount=str(amount),
        reason=reason.strip()[:300],
    )
    return record


@transaction.atomic
def remove_township_record(record: TownshipRecord, *, by: User, reason: str) -> None:
    """Take back a record entered by mistake (the audit log keeps what it said, and why)."""
    record = (
        TownshipRecord.objects.select_for_update()
        .select_related("township", "village")
        .get(pk=record.pk)
    )
    access.require(by, Perm.RECORD_VILLAGE_MATTERS, record.township)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the record is removed.")})
    audit.record(
        "township_record:removed",
        actor=by,
        unit=record.township,
        target=record,
        village=record.village.org_code,
        period=record.period,
        matter=record.matter,
        amount=str(record.amount),
        reason=reason.strip()[:300],
    )
    record.delete()


@transaction.atomic
def import_township_records(
    township: Unit, *, by: User, period: str, records: Sequence[imports.Record], source: str
) -> int:
    """Replace the township's records of one period with the checked rows of one file."""
    access.require(by, Perm.RECORD_VILLAGE_MATTERS, township)
    code = record_period(period)
    for row in records:
        _check_record(township, row.village, row.matter, row.amount)
    existing = TownshipRecord.objects.select_for_update().filter(township=township, period=code)
    replaced = existing.count()
    existing.delete()
    TownshipRecord.objects.bulk_create(
        TownshipRecord(
            township=township,
            village=row.village,
            period=code,
            matter=row.matter,
            amount=row.amount,
            reference=row.reference[:120],
            recorded_by=by,
        )
        for row in records
    )
    audit.record(
        "township_record:imported",
        actor=by,
        unit=township,
        target=township,
        period=code,
        source=source[:200],
        records=len(records),
        replaced=replaced,
    )
    return len(records)


def side_of(user: User, village: Unit) -> str:
    """Which side of the cross-check a person speaks for: the township's, or the village's."""
    township = village.township
    if township is not None and access.can(user, Perm.RECORD_VILLAGE_MATTERS, township):
        return Side.TOWNSHIP
    return Side.VILLAGE


@transaction.atomic
def explain(village: Unit, *, by: User, period: str, matter: str, text: str) -> Explanation:
    """Explain a difference of the cross-check: the township and the village each may record
    their own explanation; one is enough for the difference to count as explained."""
    side = side_of(by, village)
    if side == Side.VILLAGE:
        access.require(by, Perm.DRAFT, village)
    if matter not in Matter.values:
        raise ValidationError({"matter": _("Choose one of the matters.")})
    if not text.strip():
        raise ValidationError({"text": _("Say why the figures differ.")})
    code = periods.parse(period).code
    explanation, created = Explanation.objects.update_or_create(
        village=village,
        period=code,
        matter=matter,
        side=side,
        defaults={"text": text.strip()[:500], "explained_by": by},
    )
    audit.record(
        "reconciliation:explained",
        actor=by,
        unit=village,
        target=explanation,
        period=code,
        matter=matter,
        first=created,
        side=side,
    )
    return explanation


@transaction.atomic
def amend(
    statement: VillageStatement, *, by: User, reason: str, today: dt.date
) -> VillageStatement:
    """Start a correction (更正) of a published statement: a new draft version, with the reason,
    whose lines the clerk corrects and submits again. The published version stays in force,
    and on show as superseded once the committee publishes the correction."""
    statement = _locked(statement)
    access.require(by, Perm.DRAFT, statement.village)
    publication = statement.publication
    if publication is None or publication.current_id is None:
        raise ValidationError(_("Only a published statement is corrected this way."))
    if publication.draft is not None:
        raise ValidationError(_("A correction of this statement is already under way."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is corrected and why.")})
    publishing.edit(publication, by=by, today=today, change_reason=reason.strip()[:300])
    audit.record(
        "village_statement:amended",
        actor=by,
        unit=statement.village,
        target=statement,
        period=statement.period,
        reason=reason.strip()[:300],
    )
    return statement
