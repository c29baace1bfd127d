"""Staff pages of village affairs, under /staff/villages/: statements and the cross-check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import access, periods
from gongkai.core.access import Perm
from gongkai.core.models import UnitKind
from gongkai.core.workdays import WorkdayCalendar

from . import actions, imports, reads
from .access import get_statement_for_staff
from .forms import ExplainForm, ImportForm, LineForm, NewStatementForm
from .models import VillageStatement


def _errors_to(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@login_required
def index(request: HttpRequest) -> HttpResponse:
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
def new_statement(request: HttpRequest, org_code: str) -> HttpResponse:
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
def statement(request: HttpRequest, pk: int) -> HttpResponse:
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
    }
    return render(request, "villages/statement.html", context)


def _redisplay(request: HttpRequest, found: VillageStatement, **forms) -> HttpResponse:
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
def add_line(request: HttpRequest, pk: int) -> HttpResponse:
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
def remove_line(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    found = get_statement_for_staff(request.user, pk)
    try:
        actions.remove_line(found, line, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("villages:statement", pk=found.pk)


@login_required
@require_POST
def import_file(request: HttpRequest, pk: int) -> HttpResponse:
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
def submit(request: HttpRequest, pk: int) -> HttpResponse:
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
def template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(
            imports.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="village-finance-template.{fmt}"'
    return response


@login_required
def reconciliation(request: HttpRequest, org_code: str) -> HttpResponse:
    """The township's cross-check; a village's staff see their village's part of it."""
    unit = access.get_unit_for_staff(request.user, org_code)
    if unit.kind not in (UnitKind.TOWNSHIP, UnitKind.VILLAGE):
        raise Http404
    township = unit if unit.kind == UnitKind.TOWNSHIP else unit.parent
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
    context = {
        "unit": unit,
        "township": township,
        "period": period,
        "periods": choices,
        "items": items,
        "period_label": periods.parse(period).label if period else "",
    }
    return render(request, "villages/reconciliation.html", context)
