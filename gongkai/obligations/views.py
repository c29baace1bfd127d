"""The staff to-do page, the heat map and its drill-down, waivers, staleness and orders."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.catalog.models import Group
from gongkai.core import access
from gongkai.core.access import Perm
from gongkai.core.models import Membership, Unit, User
from gongkai.core.staff_request import AuthedHttpRequest
from gongkai.core.workdays import WorkdayCalendar
from gongkai.publishing.models import Publication

from . import actions, exports, reads, rules
from .forms import AnswerForm, EventForm, OrderForm, WaiveForm
from .models import STATUS_LABELS, Obligation, OversightOrder


def _me(request: HttpRequest) -> User:
    """The signed-in person: every view here requires a sign-in."""
    return cast(User, request.user)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request: HttpRequest, today: dt.date) -> int:
    try:
        return int(request.GET.get("year") or today.year)
    except ValueError:
        return today.year


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def todo(request: AuthedHttpRequest) -> HttpResponse:
    today = localdate()
    year = _year(request, today)
    work = reads.todo(_me(request), today=today)
    heat = (
        reads.heat_map(work.supervised, year=year, today=today)
        if work.supervised is not None
        else None
    )
    memberships = Membership.objects.of_user(_me(request)).order_by("unit__path", "role")
    by_unit = [
        (unit, [m.get_role_display() for m in group])
        for unit, group in groupby(memberships, key=lambda m: m.unit)
    ]
    context = {
        "work": work,
        "heat": heat,
        "year": year,
        "today": today,
        "by_unit": by_unit,
        "status_labels": STATUS_LABELS,
    }
    return render(request, "obligations/todo.html", context)


@login_required
def heat_map_xlsx(request: AuthedHttpRequest) -> HttpResponse:
    today = localdate()
    year = _year(request, today)
    units = access.units(_me(request), Perm.MANAGE_UNIT)
    if not units.exists():
        raise PermissionDenied(_("You do not administer any unit."))
    heat = reads.heat_map(units, year=year, today=today)
    return _xlsx(exports.heat_map_xlsx(heat, year=year), f"obligations-{year}.xlsx")


@login_required
def unit_obligations(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    """The drill-down: a unit's obligation records, by group and status."""
    unit = access.get_unit_for_staff(_me(request), org_code, Perm.USE_BACKOFFICE)
    today = localdate()
    year = _year(request, today)
    found = reads.visible_obligations(_me(request), unit, year=year, today=today)
    group = request.GET.get("group", "")
    if group in Group.values:
        found = found.filter(item__group=group)
    state = request.GET.get("status", "")
    if state in STATUS_LABELS:
        found = found.filter(state=state)
    if request.GET.get("format") == "xlsx":
        name = f"obligations-{unit.org_code}-{year}.xlsx"
        return _xlsx(exports.list_xlsx(found, today=today), name)
    context = {
        "unit": unit,
        "year": year,
        "today": today,
        "obligations": [(o, o.status(today), o.status_label(today)) for o in found],
        "group": group,
        "group_label": dict(Group.choices).get(group, ""),
        "state": state,
        "state_label": STATUS_LABELS.get(state, ""),
        "Status": rules.Status,
        "may_waive": access.can(_me(request), Perm.WAIVE, unit),
        "may_order": access.can(_me(request), Perm.SUPERVISE, unit),
        "query": request.GET.urlencode(),
    }
    return render(request, "obligations/unit_obligations.html", context)


@login_required
def waive(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    obligation = get_object_or_404(Obligation.objects.select_related("unit", "item"), pk=pk)
    access.require(_me(request), Perm.WAIVE, obligation.unit)
    form = WaiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.waive(obligation, by=_me(request), reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The obligation is waived; the reason is public."))
            return redirect("obligations:unit", org_code=obligation.unit.org_code)
    return render(request, "obligations/waive.html", {"obligation": obligation, "form": form})


@login_required
def record_event(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    """A clerk records a decision or a matter that arose; its disclosure falls due from it."""
    unit = access.get_unit_for_staff(_me(request), org_code, Perm.RECORD_EVENTS)
    today = localdate()
    form = EventForm(request.POST or None, items=reads.event_items(unit))
    if request.method == "POST" and form.is_valid():
        try:
            obligation = actions.record_event(
                unit,
                form.cleaned_data["item"],
                by=_me(request),
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                today=today,
                calendar=WorkdayCalendar.load(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Recorded. Disclose it by %(due)s.")
                % {"due": obligation.due_on.strftime("%Y-%m-%d")},
            )
            return redirect("obligations:todo")
    context = {
        "unit": unit,
        "form": form,
        "decision_days": rules.DECISION_WORKING_DAYS,
        "temporary_days": actions.temporary_working_days(),
    }
    return render(request, "obligations/record_event.html", context)


@login_required
def stale(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    unit = access.get_unit_for_staff(_me(request), org_code, Perm.USE_BACKOFFICE)
    today = localdate()
    rows = reads.stale_columns(Unit.objects.subtree(unit), today=today)
    context = {
        "unit": unit,
        "rows": rows,
        "may_order": access.can(_me(request), Perm.SUPERVISE, unit),
    }
    return render(request, "obligations/stale.html", context)


@login_required
def orders(request: AuthedHttpRequest) -> HttpResponse:
    visible = OversightOrder.objects.filter(
        unit__in=access.units(_me(request), Perm.USE_BACKOFFICE)
    ).select_related("unit", "item", "answer_publication")
    context = {
        "open_orders": visible.open(),
        "closed_orders": visible.closed().order_by("-closed_at"),
        "today": localdate(),
        "answerable": set(
            access.units(_me(request), Perm.ANSWER_ORDERS).values_list("pk", flat=True)
        ),
    }
    return render(request, "obligations/orders.html", context)


@login_required
def issue_order(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    unit = access.get_unit_for_staff(_me(request), org_code, Perm.SUPERVISE)
    obligation = None
    if request.GET.get("obligation"):
        obligation = get_object_or_404(Obligation, pk=request.GET["obligation"], unit=unit)
        item = obligation.item
    else:
        item = get_object_or_404(
            unit.adoptions.select_related("item"), item_id=request.GET.get("item")
        ).item
    form = OrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.issue_order(
                unit,
                by=_me(request),
                item=item,
                obligation=obligation,
                today=localdate(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The oversight order is issued."))
            return redirect("obligations:orders")
    context = {"unit": unit, "item": item, "obligation": obligation, "form": form}
    return render(request, "obligations/issue_order.html", context)


@login_required
def answer_order(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(OversightOrder.objects.select_related("unit", "item"), pk=pk)
    access.require(_me(request), Perm.ANSWER_ORDERS, order.unit)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        publication = None
        if form.cleaned_data["index_no"]:
            publication = Publication.objects.filter(
                unit=order.unit, index_no=form.cleaned_data["index_no"].strip()
            ).first()
            if publication is None:
                form.add_error("index_no", _("This unit has published nothing with this number."))
        if form.is_valid():
            try:
                actions.answer_order(
                    order,
                    by=_me(request),
                    publication=publication,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The order is answered."))
                return redirect("obligations:orders")
    return render(request, "obligations/answer_order.html", {"order": order, "form": form})


@require_POST
@login_required
def read_notifications(request: AuthedHttpRequest) -> HttpResponse:
    _me(request).notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("obligations:todo")
