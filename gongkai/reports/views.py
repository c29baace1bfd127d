"""Staff pages: a unit's reports, the report with its checks, counts and text, cases, overview."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import access as core_access
from gongkai.core.access import Perm
from gongkai.core.models import UnitKind
from gongkai.core.staff_request import AuthedHttpRequest
from gongkai.core.workdays import past_due

from . import actions, compute, exports, layout, starter, tables
from .access import get_case_for_staff, get_report_for_staff, get_reporting_unit
from .forms import (
    CaseForm,
    DeadlineForm,
    OpenReportForm,
    PublishForm,
    ReportingRuleForm,
    TextForm,
    ValuesForm,
)
from .layout import t3
from .models import (
    REPORTING_KINDS,
    AnnualReport,
    ReportDeadline,
    ReviewCase,
    Status,
    default_due_on,
    due_on,
    offices_report_separately,
    reporting_units,
)


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _failures_by_table(failures) -> dict[str, list]:
    grouped: dict[str, list] = defaultdict(list)
    for failure in failures:
        grouped[f"t{failure.table}"].append(failure)
    return dict(grouped)


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    units = list(
        core_access.units(request.user, Perm.USE_BACKOFFICE).filter(kind__in=REPORTING_KINDS)
    )
    by_pk = {unit.pk: unit for unit in units}
    county_of = {unit.pk: unit.ancestor_ids()[0] for unit in units}
    deadlines = {
        (row.county_id, row.year): row.due_on
        for row in ReportDeadline.objects.filter(county_id__in=set(county_of.values()))
    }
    today = localdate()
    reports = defaultdict(list)
    for report in AnnualReport.objects.filter(unit__in=units).order_by("-year"):
        report.unit = by_pk[report.unit_id]
        report.due_on = deadlines.get(
            (county_of[report.unit_id], report.year), default_due_on(report.year)
        )
        report.overdue = not report.is_published and past_due(report.due_on, today)
        reports[report.unit_id].append(report)
    rows = [
        {
            "unit": unit,
            "reports": reports[unit.pk],
            "can_write": core_access.can(request.user, Perm.WRITE_REPORT, unit),
            "can_cases": core_access.can(request.user, Perm.RECORD_CASES, unit),
        }
        for unit in units
    ]
    counties = core_access.units(request.user, Perm.SUPERVISE).filter(kind=UnitKind.COUNTY)
    return render(
        request,
        "reports/index.html",
        {
            "rows": rows,
            "open_form": OpenReportForm(today=today),
            "supervises": counties.exists(),
            "this_year": today.year,
            "last_year": today.year - 1,
        },
    )


@login_required
@require_POST
def open_report(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    unit = get_reporting_unit(request.user, org_code, Perm.WRITE_REPORT)
    today = localdate()
    form = OpenReportForm(request.POST, today=today)
    if form.is_valid():
        try:
            report = actions.open_report(
                unit, form.cleaned_data["year"], by=request.user, today=today
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect(report)
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("reports:index")


def _report_context(request: HttpRequest, report: AnnualReport, *, form=None) -> dict:
    failures = actions.failures(report)
    counted = compute.from_records(report.unit, report.year)
    by_hand = counted.by_hand
    # Counted cells whose records changed since the last count (only drafts are recounted).
    stale = actions.stale_cells(report)
    due, set_by_county = due_on(report.unit, report.year)
    return {
        "report": report,
        "tables": tables.build(report, form=form, by_hand=by_hand),
        "marks": True,
        "failures": failures,
        "failures_by_table": _failures_by_table(failures),
        "similar": actions.similar_reports(report),
        "due_on": due,
        "due_set_by_county": set_by_county,
        "overdue": not report.is_published and localdate() > due,
        "missing": [] if report.is_published else sorted(by_hand - set(report.entered)),
        "stale": [] if report.is_published else stale,
        "can_write": core_access.can(request.user, Perm.WRITE_REPORT, report.unit)
        and not report.is_published,
        "can_publish": core_access.can(request.user, Perm.PUBLISH_REPORT, report.unit)
        and not report.is_published,
        "publish_form": PublishForm(),
    }


@login_required
def detail(request: AuthedHttpRequest, org_code: str, year: int) -> HttpResponse:
    report = get_report_for_staff(request.user, org_code, year)
    return render(request, "reports/detail.html", _report_context(request, report))


@login_required
@require_POST
def refresh(request: AuthedHttpRequest, org_code: str, year: int) -> HttpResponse:
    report = get_report_for_staff(request.user, org_code, year, Perm.WRITE_REPORT)
    try:
        changed = actions.refresh(report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Counted again from the records: %(n)s cells changed; hand entries kept.")
            % {"n": len(changed)},
        )
    return redirect(report)


@login_required
@require_POST
def restore(request: AuthedHttpRequest, org_code: str, year: int) -> HttpResponse:
    report = get_report_for_staff(request.user, org_code, year, Perm.WRITE_REPORT)
    try:
        actions.restore_computed(report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The counts from the records are back in every cell."))
    return redirect(report)


@login_required
def values(request: AuthedHttpRequest, org_code: str, year: int) -> HttpResponse:
    report = get_report_for_staff(request.user, org_code, year, Perm.WRITE_REPORT)
    if report.is_published:
        messages.error(request, _("This report is published and can no longer be changed."))
        return redirect(report)
    form = ValuesForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_values(report, by=request.user, values=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The counts are saved."))
            return redirect(report)
    context = _report_context(request, report, form=form)
    context["form"] = form
    return render(request, "reports/values.html", context, status=400 if form.errors else 200)


@login_required
def text(request: AuthedHttpRequest, org_code: str, year: int) -> HttpResponse:
    report = get_report_for_staff(request.user, org_code, year, Perm.WRITE_REPORT)
    if report.is_published:
        messages.error(request, _("This report is published and can no longer be changed."))
        return redirect(report)
    initial = starter.offers(report)
    form = TextForm(request.POST or None, instance=report, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_text(
                report,
                by=request.user,
                **{name: form.cleaned_data[name] for name in layout.SECTION_FIELDS},
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The text is saved."))
            return redirect(report)
    return render(
        request,
        "reports/text.html",
        {"report": report, "form": form, "offered": bool(initial)},
    )


@login_required
@require_POST
def publish(request: AuthedHttpRequest, org_code: str, year: int) -> HttpResponse:
    report = get_report_for_staff(request.user, org_code, year, Perm.PUBLISH_REPORT)
    form = PublishForm(request.POST)
    # Unticked boxes are refused by the publishing workflow's approval, with its message.
    secrecy = actions.SecrecyReview(
        **{
            name: field.widget.value_from_datadict(form.data, form.files, name)
            for name, field in form.fields.items()
        }
    )
    try:
        actions.publish(report, by=request.user, secrecy=secrecy)
    except actions.AlreadyPublished as info:
        messages.info(request, " ".join(info.messages))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The report is published on the portal."))
    return redirect(report)


def download(report: AnnualReport, fmt: str) -> HttpResponse:
    name = f"{report.title}.{fmt}"
    if fmt == "docx":
        response = HttpResponse(exports.docx(report), content_type=exports.DOCX_TYPE)
    elif fmt == "pdf":
        response = HttpResponse(exports.pdf(report), content_type="application/pdf")
    elif fmt == "html":
        response = HttpResponse(exports.html(report), content_type="text/html; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = content_disposition_header(fmt != "html", name)
    return response


@login_required
def export(request: AuthedHttpRequest, org_code: str, year: int, fmt: str) -> HttpResponse:
    report = get_report_for_staff(request.user, org_code, year)
    return download(report, fmt)


@login_required
def cases(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    unit = get_reporting_unit(request.user, org_code)
    can_record = core_access.can(request.user, Perm.RECORD_CASES, unit)
    form = CaseForm(request.POST or None)
    if request.method == "POST":
        core_access.require(request.user, Perm.RECORD_CASES, unit)
        if form.is_valid():
            try:
                actions.record_case(unit, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The case is recorded."))
                return redirect("reports:cases", org_code=unit.org_code)
    return render(
        request,
        "reports/cases.html",
        {
            "unit": unit,
            "cases": ReviewCase.objects.filter(unit=unit),
            "form": form,
            "can_record": can_record,
        },
        status=400 if form.errors else 200,
    )


@login_required
def case_edit(request: AuthedHttpRequest, org_code: str, pk: int) -> HttpResponse:
    case = get_case_for_staff(request.user, org_code, pk)
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_case(case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The case is saved."))
            return redirect("reports:cases", org_code=case.unit.org_code)
    return render(
        request,
        "reports/case_edit.html",
        {"unit": case.unit, "case": case, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def overview(request: AuthedHttpRequest, year: int) -> HttpResponse:
    """The county supervisor's view: every township's and office's report, and the sums."""
    counties = list(core_access.units(request.user, Perm.SUPERVISE).filter(kind=UnitKind.COUNTY))
    if not counties:
        raise PermissionDenied(_("Only a supervisor of this county may do this."))
    code = request.GET.get("county") or request.POST.get("county")
    county = next((c for c in counties if c.org_code == code), counties[0])
    rule_post = request.method == "POST" and "reporting_rule" in request.POST
    if rule_post:
        rule_form = ReportingRuleForm(request.POST)
        if rule_form.is_valid():
            actions.set_reporting_rule(
                county,
                by=request.user,
                offices_separately=rule_form.cleaned_data["offices_separately"],
            )
            messages.success(request, _("The reporting rule is saved."))
            return redirect(f"{request.path}?county={county.org_code}")
    separately = offices_report_separately(county)
    rule_form = ReportingRuleForm(initial={"offices_separately": separately})
    deadline_form = DeadlineForm(None if rule_post else request.POST or None)
    if request.method == "POST" and deadline_form.is_valid():
        try:
            actions.set_deadline(
                county, year, by=request.user, due_on=deadline_form.cleaned_data["due_on"]
            )
        except ValidationError as error:
            _apply_errors(deadline_form, error)
        else:
            messages.success(request, _("The deadline is saved."))
            return redirect(f"{request.path}?county={county.org_code}")
    units = list(reporting_units(county, separately=separately))
    reports = {
        report.unit_id: report for report in AnnualReport.objects.filter(unit__in=units, year=year)
    }
    last_year = {
        report.unit_id: report
        for report in AnnualReport.objects.published().filter(unit__in=units, year=year - 1)
    }
    due, set_by_county = due_on(county, year)
    today = localdate()
    rows = []
    for unit in units:
        report = reports.get(unit.pk)
        if report is not None:
            report.unit = unit
        rows.append(
            {
                "unit": unit,
                "report": report,
                "failures": len(actions.failures(report, last_year=last_year.get(unit.pk)))
                if report
                else None,
                "overdue": past_due(due, today) and not (report and report.is_published),
            }
        )
    summed = []
    previous: tuple[str, ...] = ()
    for row in layout.TABLE3_ROWS:
        # The captions above a row (三、本年度办理结果, （三）不予公开 …) head its block, so
        # the blocks whose rows all start at "1." can be told apart.
        headers = [
            caption
            for depth, caption in enumerate(row.path)
            if previous[: depth + 1] != row.path[: depth + 1]
        ]
        previous = row.path
        numbers = [
            sum(report.value(t3(row.index, c)) for report in reports.values())
            for c in range(len(layout.T3_COLUMNS))
        ]
        summed.append((headers, row.label, numbers))
    published = sum(1 for report in reports.values() if report.status == Status.PUBLISHED)
    if not deadline_form.is_bound:
        deadline_form = DeadlineForm(initial={"due_on": due})
    return render(
        request,
        "reports/overview.html",
        {
            "county": county,
            "counties": counties,
            "year": year,
            "rows": rows,
            "summed": summed,
            "t3_columns": layout.T3_COLUMNS,
            "published": published,
            "opened": len(reports),
            "due_on": due,
            "due_set_by_county": set_by_county,
            "deadline_form": deadline_form,
            "rule_form": rule_form,
        },
        status=400 if deadline_form.errors else 200,
    )
