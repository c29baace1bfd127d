"""Staff pages: the handlers' inbox, moderation, answers; the county's round; the export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.access import Perm, get_unit_for_staff
from gongkai.core.models import Unit, UnitKind, User
from gongkai.core.staff_request import AuthedHttpRequest

from . import access, actions, exports, reads
from .forms import AnswerReportForm, EvaluationForm, ModerationForm, OpenRoundForm
from .models import ErrorReport, Evaluation, EvaluationRound, Rating, ReportStatus


def _staff(request: HttpRequest) -> User:
    """The signed-in member of staff (every view here requires a sign-in)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@login_required
def inbox(request: AuthedHttpRequest) -> HttpResponse:
    scoped = {"unit__in": access.handled_units(_staff(request))}
    context = {
        "pending": Rating.objects.filter(**scoped)
        .awaiting_moderation()
        .select_related("unit", "publication__current", "info_request"),
        "open_reports": ErrorReport.objects.filter(**scoped)
        .open()
        .select_related("unit", "publication__current"),
        "answered": ErrorReport.objects.filter(**scoped, status=ReportStatus.ANSWERED)
        .select_related("unit", "publication__current", "correction")
        .order_by("-answered_on", "-pk")[:20],
        "supervised": access.supervised_counties(_staff(request)),
        "evaluated": access.evaluated_counties(_staff(request)),
        "today": localdate(),
        "year": localdate().year,
    }
    return render(request, "evaluation/inbox.html", context)


@login_required
def moderate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    rating = access.get_rating_for_staff(_staff(request), pk)
    form = ModerationForm(
        request.POST or None,
        initial={"answer": rating.answer, "decision": "approve"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.moderate(
                rating,
                by=_staff(request),
                approve=form.cleaned_data["decision"] == "approve",
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The comment is moderated."))
            return redirect("evaluation:inbox")
    return render(request, "evaluation/moderate.html", {"rating": rating, "form": form})


@login_required
def answer(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_staff(_staff(request), pk)
    form = AnswerReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_report(
                report, by=_staff(request), today=localdate(), **form.cleaned_data
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The answer is sent: the reporter reads it by the code."))
            return redirect("evaluation:inbox")
    return render(request, "evaluation/answer.html", {"report": report, "form": form})


@login_required
def rounds(request: AuthedHttpRequest) -> HttpResponse:
    """The county opens and closes its round; evaluators find the open rounds here."""
    counties = list(access.supervised_counties(_staff(request)))
    form = OpenRoundForm(request.POST or None, today=localdate())
    if request.method == "POST":
        county = get_unit_for_staff(_staff(request), request.POST.get("county", ""), Perm.SUPERVISE)
        if form.is_valid():
            try:
                actions.open_round(county, by=_staff(request), **form.cleaned_data)
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("The evaluation round is open."))
                return redirect("evaluation:rounds")
    evaluated = list(access.evaluated_counties(_staff(request)))
    context = {
        "form": form,
        "counties": counties,
        "supervised": EvaluationRound.objects.filter(county__in=counties).select_related("county"),
        "to_fill": EvaluationRound.objects.filter(county__in=evaluated).select_related("county"),
    }
    return render(request, "evaluation/rounds.html", context)


@login_required
@require_POST
def close_round(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    round_ = access.get_round_for_supervisor(_staff(request), pk)
    try:
        actions.close_round(round_, by=_staff(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The evaluation round is closed; its scores are counted."))
    return redirect("evaluation:rounds")


def _round_units(round_: EvaluationRound):
    return (
        Unit.objects.subtree(round_.county)
        .filter(kind__in=[UnitKind.TOWNSHIP, UnitKind.OFFICE])
        .order_by("path")
    )


@login_required
def round_forms(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    round_ = access.get_round_for_evaluator(_staff(request), pk)
    mine = {
        e.unit_id: e for e in Evaluation.objects.filter(round=round_, evaluator=_staff(request))
    }
    rows = [(unit, mine.get(unit.pk)) for unit in _round_units(round_)]
    return render(request, "evaluation/round_forms.html", {"round": round_, "rows": rows})


@login_required
def evaluate(request: AuthedHttpRequest, pk: int, org_code: str) -> HttpResponse:
    round_ = access.get_round_for_evaluator(_staff(request), pk)
    unit = get_object_or_404(_round_units(round_), org_code=org_code.upper())
    existing = Evaluation.objects.filter(round=round_, unit=unit, evaluator=_staff(request)).first()
    form = EvaluationForm(request.POST or None, instance=existing, scale=round_.scale)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.submit_evaluation(
                round_,
                unit,
                by=_staff(request),
                scores={name: data[name] for name in actions.ASPECTS},
                remarks=data["remarks"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(
                request, _("Your evaluation of %(unit)s is saved.") % {"unit": unit.name}
            )
            return redirect("evaluation:round_forms", pk=round_.pk)
    context = {
        "round": round_,
        "unit": unit,
        "form": form,
        "results": reads.results(unit, round_.year),
    }
    return render(request, "evaluation/evaluate.html", context)


@login_required
def export(request: AuthedHttpRequest, org_code: str, year: int) -> HttpResponse:
    unit = get_object_or_404(Unit, org_code=org_code.upper())
    access.require_results(_staff(request), unit)
    if unit.kind == UnitKind.COUNTY:
        rows = reads.county_results(unit, year)
    else:
        rows = [reads.results(unit, year, details=False)]
    response = HttpResponse(
        exports.to_xlsx(year, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"{unit.name}{year}年评议结果.xlsx"
    )
    return response
