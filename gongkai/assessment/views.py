"""Staff pages: the ranking, a unit's scorecard and every point lost, the scheme, the
rectification orders and the accountability records."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import access, pdf
from gongkai.core.access import Perm
from gongkai.core.models import Unit, UnitKind, User
from gongkai.core.staff_request import AuthedHttpRequest
from gongkai.publishing.models import Publication

from . import actions, exports, indicators, reads
from .forms import (
    AccountabilityForm,
    AnswerForm,
    IncidentForm,
    RecomputeForm,
    RectificationForm,
    SchemeForm,
    SettleForm,
)
from .models import Incident, IndicatorGroup, RectificationOrder

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _me(request: HttpRequest) -> User:
    return cast(User, request.user)


def _year(request: HttpRequest, today: dt.date) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or today.year)
    except ValueError:
        return today.year
    return min(max(year, 2000), today.year)


def _county(user: User) -> Unit | None:
    """The county whose scores this person reads: the first of their units'."""
    first = access.units(user, Perm.READ_SCORES).first()
    return first.county if first is not None else None


def _standing(county: Unit, year: int, today: dt.date) -> reads.Standing | None:
    return reads.standing(
        county, year, today=today, drafts=True, scheme=actions.ensure_scheme(county)
    )


def _previous(county: Unit, year: int, today: dt.date) -> dict[int, reads.UnitScore]:
    found = _standing(county, year - 1, today)
    return {row.unit.pk: row for row in found.rows} if found else {}


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    me = _me(request)
    county = _county(me)
    if county is None:
        raise PermissionDenied(_("Only the staff of this unit may read its assessment scores."))
    today = localdate()
    year = _year(request, today)
    if not access.can(me, Perm.READ_SCORES, county):
        own = access.units(me, Perm.READ_SCORES).filter(kind__in=reads.ASSESSED_KINDS).first()
        if own is None:
            raise PermissionDenied(_("Only the staff of this unit may read its assessment scores."))
        return redirect("assessment:unit", org_code=own.org_code, year=year)
    standing = _standing(county, year, today)
    if standing is None:
        raise Http404
    previous = _previous(county, year, today)
    tables = [
        (
            label,
            [
                (row, previous.get(row.unit.pk))
                for row in sorted(standing.of_kind(kind), key=lambda r: (r.rank, r.unit.path))
            ],
        )
        for kind, label in (
            (UnitKind.TOWNSHIP, _("Townships")),
            (UnitKind.OFFICE, _("Stations and offices")),
        )
    ]
    context = {
        "county": county,
        "year": year,
        "years": range(today.year, today.year - 5, -1),
        "standing": standing,
        "tables": tables,
        "may_assess": access.can(me, Perm.ASSESS, county),
        "may_edit_scheme": access.can(me, Perm.EDIT_SCHEME, county),
        "recompute_form": RecomputeForm(),
        "today": today,
    }
    return render(request, "assessment/index.html", context)


@require_POST
@login_required
def compute(request: AuthedHttpRequest) -> HttpResponse:
    county = _county(_me(request))
    if county is None:
        raise PermissionDenied(
            _("Only a supervisor of this county may compute and publish its assessment.")
        )
    today = localdate()
    year = _year(request, today)
    try:
        actions.compute(county, year, by=_me(request), today=today)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The scores are computed and kept as a draft."))
    return redirect(f"{reverse('assessment:index')}?year={year}")


@require_POST
@login_required
def publish(request: AuthedHttpRequest) -> HttpResponse:
    county = _county(_me(request))
    today = localdate()
    year = _year(request, today)
    result = reads.result_of(county, year) if county else None
    if result is None:
        raise Http404
    try:
        actions.publish(result, by=_me(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The scores are published."))
    return redirect(f"{reverse('assessment:index')}?year={year}")


@require_POST
@login_required
def recompute(request: AuthedHttpRequest) -> HttpResponse:
    county = _county(_me(request))
    today = localdate()
    year = _year(request, today)
    result = reads.result_of(county, year) if county else None
    if result is None:
        raise Http404
    form = RecomputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the published results are recomputed."))
    else:
        actions.recompute(result, by=_me(request), reason=form.cleaned_data["reason"], today=today)
        messages.success(request, _("The scores are recomputed under the latest scheme."))
    return redirect(f"{reverse('assessment:index')}?year={year}")


def _groups(row: reads.UnitScore, previous: reads.UnitScore | None):
    """(label, the group's weight and points lost, the points of its indicators) per group."""
    before = {p.indicator: p for p in previous.points} if previous else {}
    return [
        (
            label,
            row.group(value),
            [(p, before.get(p.indicator)) for p in row.points if p.group == value],
        )
        for value, label in IndicatorGroup.choices
    ]


def _unit_context(request: HttpRequest, org_code: str, year: int) -> dict:
    me = _me(request)
    unit = access.get_unit_for_staff(me, org_code, Perm.READ_SCORES)
    if unit.kind not in reads.ASSESSED_KINDS:
        raise Http404
    today = localdate()
    if year > today.year:
        raise Http404
    county = unit.county
    standing = _standing(county, year, today)
    row = standing.of_unit(unit) if standing else None
    if row is None:
        raise Http404
    previous = _previous(county, year, today).get(unit.pk)
    return {
        "unit": unit,
        "county": county,
        "year": year,
        "standing": standing,
        "row": row,
        "previous": previous,
        "groups": _groups(row, previous),
        "may_assess": access.can(me, Perm.ASSESS, unit),
        "may_read_accountability": access.can(me, Perm.READ_ACCOUNTABILITY, unit),
        "today": today,
    }


@login_required
def unit(request: AuthedHttpRequest, org_code: str, year: int) -> HttpResponse:
    context = _unit_context(request, org_code, year)
    context["orders"] = RectificationOrder.objects.filter(unit=context["unit"], year=year)
    return render(request, "assessment/unit.html", context)


@login_required
def scorecard(request: AuthedHttpRequest, org_code: str, year: int) -> HttpResponse:
    context = _unit_context(request, org_code, year)
    context["site"] = request.build_absolute_uri("/").rstrip("/")
    content = pdf.render("assessment/scorecard.html", context)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="scorecard-{context["unit"].org_code}-{year}.pdf"'
    )
    return response


@login_required
def export(request: AuthedHttpRequest, year: int) -> HttpResponse:
    county = _county(_me(request))
    if county is None:
        raise Http404
    access.require(_me(request), Perm.READ_SCORES, county)
    today = localdate()
    if year > today.year:
        raise Http404
    standing = _standing(county, year, today)
    if standing is None:
        raise Http404
    content = exports.ranking_xlsx(standing, previous=_previous(county, year, today))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="assessment-{year}.xlsx"'
    return response


@login_required
def scheme(request: AuthedHttpRequest) -> HttpResponse:
    me = _me(request)
    county = _county(me)
    if county is None:
        raise PermissionDenied(_("Only the staff of this unit may read its assessment scores."))
    # Every unit assessed under the scheme may read it; only the county changes it.
    latest = actions.ensure_scheme(county)
    may_edit = access.can(me, Perm.EDIT_SCHEME, county)
    form = SchemeForm(request.POST or None, scheme=latest) if may_edit else None
    if request.method == "POST":
        access.require(me, Perm.EDIT_SCHEME, county)
        assert form is not None  # made for those who may edit
        if form.is_valid():
            try:
                saved = actions.save_scheme(
                    county,
                    by=me,
                    full_score=form.cleaned_data["full_score"],
                    rules=form.rules(),
                    note=form.cleaned_data["note"],
                    weights=form.weights(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Version %(n)d of the scheme is saved.") % {"n": saved.version}
                )
                return redirect("assessment:scheme")
    versions = county.assessment_schemes.select_related("created_by").order_by("-version")
    context = {"county": county, "scheme": latest, "form": form, "versions": versions}
    return render(request, "assessment/scheme.html", context)


@login_required
def rectifications(request: AuthedHttpRequest) -> HttpResponse:
    me = _me(request)
    units = access.units(me, Perm.USE_BACKOFFICE)
    found = RectificationOrder.objects.filter(unit__in=units).select_related("unit")
    context = {
        "open_orders": found.open().order_by("deadline", "pk"),
        "closed_orders": found.closed().order_by("-closed_at"),
        "today": localdate(),
    }
    return render(request, "assessment/rectifications.html", context)


@login_required
def issue(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    me = _me(request)
    unit = access.get_unit_for_staff(me, org_code, Perm.ASSESS)
    today = localdate()
    year = _year(request, today)
    key = request.GET.get("indicator", "")
    if key and key not in indicators.REGISTRY:
        raise Http404
    initial = {
        "finding": request.GET.get("finding", "")[:300],
        "record_url": request.GET.get("record", "")[:300],
    }
    form = RectificationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            order = actions.issue_rectification(
                unit, by=me, year=year, indicator=key, today=today, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The rectification order is issued."))
            return redirect(order)
    label = indicators.REGISTRY[key].label if key else ""
    context = {"unit": unit, "year": year, "indicator": label, "form": form}
    return render(request, "assessment/issue.html", context)


@login_required
def rectification(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    order = get_object_or_404(
        RectificationOrder.objects.select_related("unit", "issued_by", "evidence_publication"),
        pk=pk,
    )
    access.require(me, Perm.USE_BACKOFFICE, order.unit)
    today = localdate()
    may_answer = access.can(me, Perm.ANSWER_RECTIFICATION, order.unit)
    may_settle = access.can(me, Perm.ASSESS, order.unit)
    answer_form = AnswerForm(request.POST if "answer" in request.POST else None)
    settle_form = SettleForm(request.POST if "accept" in request.POST else None)
    if request.method == "POST" and "answer" in request.POST and answer_form.is_valid():
        access.require(me, Perm.ANSWER_RECTIFICATION, order.unit)
        data = answer_form.cleaned_data
        publication = None
        if data["index_no"]:
            publication = Publication.objects.filter(
                unit=order.unit, index_no=data["index_no"].strip()
            ).first()
            if publication is None:
                answer_form.add_error(
                    "index_no", _("This unit has published nothing with this number.")
                )
        if answer_form.is_valid():
            try:
                actions.answer_rectification(
                    order,
                    by=me,
                    answer=data["answer"],
                    evidence_publication=publication,
                    evidence_url=data["evidence_url"],
                )
            except ValidationError as error:
                answer_form.add_error(None, error)
            else:
                messages.success(request, _("The answer is sent to the supervisor."))
                return redirect(order)
    if request.method == "POST" and "accept" in request.POST and settle_form.is_valid():
        access.require(me, Perm.ASSESS, order.unit)
        try:
            actions.settle_rectification(order, by=me, today=today, **settle_form.cleaned_data)
        except ValidationError as error:
            settle_form.add_error(None, error)
        else:
            messages.success(request, _("The order is settled."))
            return redirect(order)
    context = {
        "order": order,
        "today": today,
        "answer_form": answer_form if may_answer and order.answered_at is None else None,
        "may_record_accountability": access.can(me, Perm.RECORD_ACCOUNTABILITY, order.unit),
        "settle_form": settle_form
        if may_settle and order.answered_at and not order.closed_at
        else None,
    }
    return render(request, "assessment/rectification.html", context)


@login_required
def incidents(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    me = _me(request)
    unit = access.get_unit_for_staff(me, org_code, Perm.READ_SCORES)
    may_record = access.can(me, Perm.ASSESS, unit)
    form = IncidentForm(request.POST or None) if may_record else None
    if request.method == "POST":
        access.require(me, Perm.ASSESS, unit)
        assert form is not None  # made for those who may record
        if form.is_valid():
            try:
                actions.record_incident(unit, by=me, today=localdate(), **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The incident is recorded."))
                return redirect("assessment:incidents", org_code=unit.org_code)
    found = Incident.objects.filter(unit=unit)
    return render(
        request, "assessment/incidents.html", {"unit": unit, "incidents": found, "form": form}
    )


@login_required
def accountability(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    me = _me(request)
    unit = access.get_unit_for_staff(me, org_code, Perm.READ_ACCOUNTABILITY)
    may_record = access.can(me, Perm.RECORD_ACCOUNTABILITY, unit)
    form = AccountabilityForm(request.POST or None) if may_record else None
    if request.method == "POST":
        access.require(me, Perm.RECORD_ACCOUNTABILITY, unit)
        assert form is not None  # made for those who may record
        if form.is_valid():
            data = dict(form.cleaned_data)
            number = data.pop("order")
            order = (
                RectificationOrder.objects.filter(pk=number, unit=unit).first() if number else None
            )
            if number and order is None:
                form.add_error("order", _("This unit has no rectification order of this number."))
            else:
                try:
                    actions.record_accountability(
                        unit, by=me, order=order, today=localdate(), **data
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("The accountability record is saved."))
                    return redirect("assessment:accountability", org_code=unit.org_code)
    records = list(reads.accountability(Unit.objects.filter(pk=unit.pk)))
    actions.viewed_accountability(unit, by=me, count=len(records))
    units = (
        access.units(me, Perm.READ_ACCOUNTABILITY).filter(kind__in=reads.ASSESSED_KINDS)
        if may_record
        else []
    )
    context = {"unit": unit, "records": records, "form": form, "units": units}
    return render(request, "assessment/accountability.html", context)
