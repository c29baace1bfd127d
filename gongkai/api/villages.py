"""Village affairs over JSON: a village's published finance statement, and the cross-check.

    GET /api/v1/villages/<org code>/finance?period=2026-M10   the published statement (public)
    GET /api/v1/staff/reconciliation?unit=<code>&period=<code> the differences (a staff key)
    POST /api/v1/staff/township-records                      a township's record (a staff key)

Amounts are decimal strings ("123.45"), never floats.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from gongkai.core import access, periods
from gongkai.core.access import Perm
from gongkai.core.models import Unit, UnitKind
from gongkai.villages import actions, imports, reads
from gongkai.villages.models import Matter

from .auth import staff, token_auth
from .schemas import choice, errors

router = Router(tags=["villages"])

PERIOD = "A month (2026-M10) or a quarter (2026-Q3)."


class LineOut(Schema):
    date: str = Field(description="YYYY-MM-DD")
    subject: str = Field(description="科目")
    kind: Literal["income", "expense"]
    amount: str = Field(description="Yuan, as a decimal string.")
    counterparty: str = Field(description="往来单位")
    voucher: str = Field(description="凭证号")


class FinanceOut(Schema):
    village: str = Field(description="The village's organisation code.")
    village_name: str
    period: str = Field(description="The period code, e.g. 2026-M10.")
    period_label: str
    opening_balance: str
    income: str
    expense: str
    balance: str
    flagged: list[LineOut] = Field(
        description="Lump 其他支出 lines above the threshold, flagged for the committee."
    )
    index_no: str = Field(description="索引号 of the publication carrying the statement.")
    version: int = Field(description="The published version in force; above 1 once corrected.")
    change_reason: str | None = Field(
        description="Why the version in force corrected (更正) the one before it."
    )
    lines: list[LineOut]


class MismatchOut(Schema):
    village: str = Field(description="The village's organisation code.")
    village_name: str
    matter: str = Field(description="managed_funds, subsidy, relief or land_compensation")
    matter_label: str
    township_amount: str
    village_amount: str
    status: Literal["missing_in_village", "missing_in_township", "amount_differs", "explained"]
    explanation: str | None


class Reconciliation(Schema):
    unit: str
    period: str
    items: list[MismatchOut]


def _period(code: str | None) -> str | None:
    if code is None or not code.strip():
        return None
    try:
        period = periods.parse(code)
    except ValidationError as error:
        raise ValidationError({"period": error.messages}) from None
    if period.kind not in (periods.MONTH, periods.QUARTER):
        raise ValidationError({"period": [PERIOD]})
    return period.code


def _line(line: Any) -> dict[str, Any]:
    return {
        "date": line.date.isoformat(),
        "subject": line.subject,
        "kind": line.kind,
        "amount": f"{line.amount:.2f}",
        "counterparty": line.counterparty,
        "voucher": line.voucher,
    }


@router.get(
    "/villages/{org_code}/finance",
    response={200: FinanceOut, **errors(400, 404, 422)},
    summary="A village's published finance statement; without `period`, the latest.",
    url_name="village_finance",
)
def finance(
    request: HttpRequest,
    org_code: str,
    period: str | None = Query(None, max_length=8, description=PERIOD),
) -> dict[str, Any]:
    village = reads.village(org_code)
    if village is None:
        raise Http404(_("No village has this organisation code."))
    statement = reads.published_statement(village, _period(period))
    if statement is None:
        raise Http404(_("The village has published no finance statement for this period."))
    figures, lines = reads.published_figures(statement)
    publication = statement.publication
    current = publication.current if publication is not None else None
    if publication is None or current is None:
        raise Http404(_("The village has published no finance statement for this period."))
    return {
        "village": village.org_code,
        "village_name": village.name,
        "period": statement.period,
        "period_label": statement.period_label,
        "opening_balance": f"{figures.opening:.2f}",
        "income": f"{figures.income:.2f}",
        "expense": f"{figures.expense:.2f}",
        "balance": f"{figures.balance:.2f}",
        "flagged": [_line(line) for line in figures.flagged],
        "index_no": publication.index_no,
        "version": current.number,
        "change_reason": current.change_reason or None,
        "lines": [_line(line) for line in lines],
    }


@router.get(
    "/staff/reconciliation",
    auth=token_auth,
    response={200: Reconciliation, **errors(400, 401, 403, 404, 422)},
    summary="The cross-check (村务对应) of a township's records against its villages' lines.",
    description="Every difference of the period, for each village and matter: missing on one "
    "side, or different amounts; `explained` once someone explained it. A township's staff "
    "see all its villages; a village's staff (unit = the village's code) that village.",
    url_name="staff_reconciliation",
)
def reconciliation(
    request: HttpRequest,
    unit: str = Query(..., max_length=32, description="A township's (or village's) code."),
    period: str = Query(..., max_length=8, description=PERIOD),
) -> dict[str, Any]:
    user = staff(request)
    found = (
        Unit.objects.filter(
            org_code=unit.strip().upper(), kind__in=(UnitKind.TOWNSHIP, UnitKind.VILLAGE)
        )
        .select_related("parent")
        .first()
    )
    if found is None:
        raise Http404(_("No township or village has this organisation code."))
    access.require_here_or_in_township(user, Perm.USE_BACKOFFICE, found)
    code = _period(period)
    if code is None:
        raise ValidationError({"period": [PERIOD]})
    township = found if found.kind == UnitKind.TOWNSHIP else found.parent
    if township is None:
        raise Http404(_("No township or village has this organisation code."))
    items = reads.reconciliation(township, code)
    if found.kind == UnitKind.VILLAGE:
        items = [item for item in items if item.village.pk == found.pk]
    return {
        "unit": found.org_code,
        "period": code,
        "items": [
            {
                "village": item.village.org_code,
                "village_name": item.village.name,
                "matter": item.matter,
                "matter_label": str(item.matter_label),
                "township_amount": f"{item.township_amount:.2f}",
                "village_amount": f"{item.village_amount:.2f}",
                "status": item.status,
                "explanation": item.explanation or None,
            }
            for item in items
        ],
    }


class TownshipRecordIn(Schema):
    township: str = Field(max_length=32, description="The township's organisation code.")
    village: str = Field(max_length=32, description="The village's organisation code.")
    period: str = Field(max_length=8, description=PERIOD)
    matter: choice(Matter)  # type: ignore[valid-type]
    amount: str = Field(max_length=20, description="Yuan, as a decimal string: 1200.00")
    reference: str = Field("", max_length=120, description="The payment order or roster.")


class TownshipRecordOut(Schema):
    id: int
    township: str
    village: str
    period: str
    matter: str
    amount: str
    reference: str


@router.post(
    "/staff/township-records",
    auth=token_auth,
    response={201: TownshipRecordOut, **errors(400, 401, 403, 404, 422)},
    summary="Record what a township paid to, or manages for, one of its villages (村务对应).",
    description="The township's side of the cross-check: a clerk or leader of the township "
    "records one payment; it is compared with the village's statement of the same period.",
    url_name="staff_township_record",
)
def record_township(request: HttpRequest, payload: TownshipRecordIn):
    user = staff(request)
    township = Unit.objects.filter(
        org_code=payload.township.strip().upper(), kind=UnitKind.TOWNSHIP
    ).first()
    if township is None:
        raise Http404(_("No township has this organisation code."))
    access.require(user, Perm.RECORD_VILLAGE_MATTERS, township)
    village = reads.village(payload.village)
    if village is None:
        raise Http404(_("No village has this organisation code."))
    try:
        amount = imports.parse_amount(payload.amount)
    except ValueError as error:
        raise ValidationError({"amount": [str(error)]}) from None
    period = _period(payload.period)
    if period is None:
        raise ValidationError({"period": [PERIOD]})
    record = actions.record_township_payment(
        township,
        by=user,
        village=village,
        period=period,
        matter=payload.matter,
        amount=amount,
        reference=payload.reference,
    )
    return Status(
        201,
        {
            "id": record.pk,
            "township": township.org_code,
            "village": village.org_code,
            "period": record.period,
            "matter": record.matter,
            "amount": f"{record.amount:.2f}",
            "reference": record.reference,
        },
    )
