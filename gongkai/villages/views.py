"""Staff pages of village affairs, under /staff/villages/: statements and the cross-check."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import access, periods
from gongkai.core.access import Perm
from gongkai.core.models import Unit, UnitKind
from gongkai.core.staff_request import AuthedHttpRequest
from gongkai.core.workdays import WorkdayCalendar

from . import actions, imports, reads
from .access import get_statement_for_staff
from .forms import (
    AmendForm,
    CorrectRecordForm,
    ExplainForm,
    ImportForm,
    LineForm,
    NewStatementForm,
    RecordForm,
    RecordsImportForm,
    RemoveRecordForm,
)
from .models import Side, TownshipRecord, VillageStatement


def _errors_to(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    villages = list(
        access.units(request.user, Perm.USE_BACKOFFICE).filter(kind=UnitKind.VILLAGE)
    ) + [
        village
        for township in access.units(request.user, Perm.USE_BACKOFFICE).filter(
            kind=UnitKind.TOWNSHIP
        )
        for village in reads.villages_of(township)
    ]
    villages = list({v.pk: v for v in villages}.values())
    townships = list(access.units(request.user, Perm.USE_BACKOFFICE).filter(kind=UnitKind.TOWNSHIP))
    statements = (
        VillageStatement.objects.filter(village__in=[v.pk for v in villages])
        .select_related("village", "publication", "publication__current")
        .order_by("village__path", "-period")
    )
    calendar = WorkdayCalendar.load()
    overdue = [
        row
        for township in townships
        for row in reads.overdue_statements(township, today=localdate(), calendar=calendar)
    ]
    context = {
        "overdue": overdue,
        "villages": [(v, access.can(request.user, Perm.DRAFT, v)) for v in villages],
        "townships": townships,
        "statements": statements,
    }
    return render(request, "villages/index.html", context)


@login_required
def new_statement(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    village = access.get_unit_for_staff(request.user, org_code, Perm.DRAFT)
    form = NewStatementForm(request.POST or None)
    if form.is_valid():
        try:
            statement = actions.create_statement(
                village, by=request.user, today=localdate(), **form.cleaned_data
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            return redirect("villages:statement", pk=statement.pk)
    return render(request, "villages/new.html", {"village": village, "form": form})


@login_required
def statement(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    found = get_statement_for_staff(request.user, pk)
    figures, lines = reads.statement_figures(found)
    context = {
        "statement": found,
        "figures": figures,
        "lines": lines,
        "flagged": {line.pk for line in figures.flagged},
        "editable": actions.is_editable(found)
        and access.can(request.user, Perm.DRAFT, found.village),
        "line_form": LineForm(),
        "import_form": ImportForm(),
        "may_amend": found.publication is not None
        and found.publication.current_id is not None
        and found.publication.draft is None
        and access.can(request.user, Perm.DRAFT, found.village),
        "amend_form": AmendForm(),
        # A month on the board by default (村务公开栏).
        "shown_from": localdate(),
        "shown_to": localdate() + dt.timedelta(days=29),
    }
    return render(request, "villages/statement.html", context)


@login_required
@require_POST
def amend(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Start a correction (更正) of a published statement."""
    found = get_statement_for_staff(request.user, pk)
    form = AmendForm(request.POST)
    if form.is_valid():
        try:
            actions.amend(
                found, by=request.user, reason=form.cleaned_data["reason"], today=localdate()
            )
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "Correct the lines and submit again: the published statement stays in "
                    "force until the committee publishes the correction."
                ),
            )
    else:
        messages.error(request, _("Say what is corrected and why."))
    return redirect("villages:statement", pk=found.pk)


def _redisplay(request: AuthedHttpRequest, found: VillageStatement, **forms) -> HttpResponse:
    figures, lines = reads.statement_figures(found)
    context = {
        "statement": found,
        "figures": figures,
        "lines": lines,
        "flagged": {line.pk for line in figures.flagged},
        "editable": True,
        "line_form": LineForm(),
        "import_form": ImportForm(),
        **forms,
    }
    return render(request, "villages/statement.html", context, status=400)


@login_required
@require_POST
def add_line(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    found = get_statement_for_staff(request.user, pk)
    form = LineForm(request.POST)
    if form.is_valid():
        try:
            actions.add_line(found, by=request.user, line=imports.Line(**form.cleaned_data))
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("The line is added."))
            return redirect("villages:statement", pk=found.pk)
    return _redisplay(request, found, line_form=form)


@login_required
@require_POST
def remove_line(request: AuthedHttpRequest, pk: int, line: int) -> HttpResponse:
    found = get_statement_for_staff(request.user, pk)
    try:
        actions.remove_line(found, line, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("villages:statement", pk=found.pk)


@login_required
@require_POST
def import_file(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    found = get_statement_for_staff(request.user, pk)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            lines = imports.read(upload, periods.parse(found.period))
            count = actions.import_lines(found, by=request.user, lines=lines, source=upload.name)
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(
                request,
                _("%(n)d lines imported from %(name)s.") % {"n": count, "name": upload.name},
            )
            return redirect("villages:statement", pk=found.pk)
    return _redisplay(request, found, import_form=form)


@login_required
@require_POST
def submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    found = get_statement_for_staff(request.user, pk)
    try:
        actions.submit(found, by=request.user, today=localdate())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The statement is submitted; the village supervision committee signs it off."),
        )
    return redirect("villages:statement", pk=found.pk)


@login_required
def template(request: AuthedHttpRequest, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(
            imports.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        fmt = "csv"
        response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="village-finance-template.{fmt}"'
    return response


@login_required
def reconciliation(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    """The township's cross-check; a village's staff see their village's part of it."""
    unit = access.get_unit_for_staff(request.user, org_code)
    if unit.kind not in (UnitKind.TOWNSHIP, UnitKind.VILLAGE):
        raise Http404
    township = unit if unit.kind == UnitKind.TOWNSHIP else unit.parent
    if township is None:
        raise Http404
    choices = reads.reconciliation_periods(township)
    period = request.GET.get("period") or (choices[0] if choices else "")
    try:
        items = reads.reconciliation(township, period) if period else []
    except ValidationError:
        items, period = [], ""
    if unit.kind == UnitKind.VILLAGE:
        items = [item for item in items if item.village.pk == unit.pk]
    form = ExplainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        village = next(
            (i.village for i in items if i.village.org_code == form.cleaned_data["village"]), None
        )
        if village is not None:
            try:
                actions.explain(
                    village,
                    by=request.user,
                    period=period,
                    matter=form.cleaned_data["matter"],
                    text=form.cleaned_data["text"],
                )
            except (ValidationError, PermissionDenied) as error:
                for message in getattr(error, "messages", [str(error)]):
                    messages.error(request, message)
            else:
                messages.success(request, _("The explanation is recorded."))
        return redirect(f"{request.path}?period={period}")
    side: str
    if access.can(request.user, Perm.RECORD_VILLAGE_MATTERS, township):
        side = Side.TOWNSHIP
    elif unit.kind == UnitKind.VILLAGE and access.can(request.user, Perm.DRAFT, unit):
        side = Side.VILLAGE
    else:
        side = ""
    context = {
        "unit": unit,
        "township": township,
        "township_link": unit.kind == UnitKind.TOWNSHIP,
        "side": side,
        "Side": Side,
        "Status": reads.Status,
        "period": period,
        "periods": choices,
        "items": items,
        "period_label": periods.parse(period).label if period else "",
    }
    return render(request, "villages/reconciliation.html", context)


def _township(request: AuthedHttpRequest, org_code: str) -> Unit:
    unit = access.get_unit_for_staff(request.user, org_code)
    if unit.kind != UnitKind.TOWNSHIP:
        raise Http404
    return unit


def _record_period(request: AuthedHttpRequest) -> str:
    code = request.POST.get("period") or request.GET.get("period") or ""
    try:
        return actions.record_period(code) if code else ""
    except ValidationError:
        return ""


def _records_page(
    request: AuthedHttpRequest, township: Unit, period: str, status: int = 200, **forms
) -> HttpResponse:
    villages = reads.villages_of(township)
    records = (
        TownshipRecord.objects.filter(township=township, period=period)
        .select_related("village")
        .order_by("village__position", "village__name", "matter", "pk")
        if period
        else TownshipRecord.objects.none()
    )
    context = {
        "township": township,
        "period": period,
        "period_label": periods.parse(period).label if period else "",
        "periods": reads.reconciliation_periods(township),
        "records": records,
        "may_record": access.can(request.user, Perm.RECORD_VILLAGE_MATTERS, township),
        "record_form": RecordForm(villages=villages),
        "import_form": RecordsImportForm(),
        **forms,
    }
    return render(request, "villages/records.html", context, status=status)


@login_required
def records(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    """The township's own records of its villages' matters, by period: entered one by one,
    imported from the template, corrected or removed with a reason."""
    township = _township(request, org_code)
    period = _record_period(request)
    if request.method != "POST":
        return _records_page(request, township, period)
    form = RecordForm(request.POST, villages=reads.villages_of(township))
    if not period:
        form.add_error(None, _("Choose the period: a month (2026-M10) or a quarter (2026-Q3)."))
    elif form.is_valid():
        village = next(
            v for v in reads.villages_of(township) if v.org_code == form.cleaned_data["village"]
        )
        try:
            actions.record_township_payment(
                township,
                by=request.user,
                village=village,
                period=period,
                matter=form.cleaned_data["matter"],
                amount=form.cleaned_data["amount"],
                reference=form.cleaned_data["reference"],
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("The record is added."))
            return redirect(f"{request.path}?period={period}")
    return _records_page(request, township, period, status=400, record_form=form)


@login_required
@require_POST
def import_records(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    township = _township(request, org_code)
    period = _record_period(request)
    form = RecordsImportForm(request.POST, request.FILES)
    if not period:
        form.add_error(None, _("Choose the period: a month (2026-M10) or a quarter (2026-Q3)."))
    elif form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = imports.read_records(upload, reads.villages_of(township))
            count = actions.import_township_records(
                township, by=request.user, period=period, records=rows, source=upload.name
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(
                request,
                _("%(n)d records imported from %(name)s.") % {"n": count, "name": upload.name},
            )
            return redirect(f"{reverse('villages:records', args=[org_code])}?period={period}")
    return _records_page(request, township, period, status=400, import_form=form)


def _record_of(township: Unit, pk: int) -> TownshipRecord:
    record = TownshipRecord.objects.filter(township=township, pk=pk).first()
    if record is None:
        raise Http404
    return record


@login_required
@require_POST
def correct_record(request: AuthedHttpRequest, org_code: str, pk: int) -> HttpResponse:
    township = _township(request, org_code)
    record = _record_of(township, pk)
    form = CorrectRecordForm(request.POST)
    if form.is_valid():
        try:
            actions.correct_township_record(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The record is corrected."))
    else:
        messages.error(request, _("Give the amount and say why the record is corrected."))
    url = reverse("villages:records", args=[org_code])
    return redirect(f"{url}?period={record.period}")


@login_required
@require_POST
def remove_record(request: AuthedHttpRequest, org_code: str, pk: int) -> HttpResponse:
    township = _township(request, org_code)
    record = _record_of(township, pk)
    period = record.period
    form = RemoveRecordForm(request.POST)
    if form.is_valid():
        try:
            actions.remove_township_record(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The record is removed."))
    else:
        messages.error(request, _("Say why the record is removed."))
    return redirect(f"{reverse('villages:records', args=[org_code])}?period={period}")


@login_required
def records_template(request: AuthedHttpRequest, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(
            imports.records_template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        fmt = "csv"
        response = HttpResponse(
            imports.records_template_csv(), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="township-records-template.{fmt}"'
    return response
