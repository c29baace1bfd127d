from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, actions, workdays
from .access import Perm
from .forms import (
    AnnounceYearForm,
    CalendarDayForm,
    ChildUnitForm,
    MembershipForm,
    UnitContactForm,
)
from .models import CalendarDay, CalendarYear, Membership, Role
from .signin import SignInForm, client_ip
from .staff_request import AuthedHttpRequest


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "core/sign_in.html"
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:
        response = super().form_valid(form)
        actions.record_sign_in(form.get_user(), ip=client_ip(self.request))
        return response


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        actions.record_sign_out(request.user, ip=client_ip(request))
    return auth_views.LogoutView.as_view()(request)


def _apply_errors(form, error: ValidationError) -> None:
    """Show an action's validation errors on the form, on fields it has or at its top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def dashboard(request: AuthedHttpRequest) -> HttpResponse:
    memberships = Membership.objects.of_user(request.user).order_by("unit__path", "role")
    by_unit = [
        (unit, [m.get_role_display() for m in group])
        for unit, group in groupby(memberships, key=lambda m: m.unit)
    ]
    return render(request, "core/dashboard.html", {"by_unit": by_unit})


@login_required
def unit_detail(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    unit = access.get_unit_for_staff(request.user, org_code)
    manages = access.can(request.user, Perm.MANAGE_UNIT, unit)
    members = (
        Membership.objects.filter(unit=unit)
        .select_related("user")
        .order_by("role", "user__username")
        if manages
        else Membership.objects.none()
    )
    context = {
        "unit": unit,
        "roles": sorted(Role(role).label for role in access.roles_in(request.user, unit)),
        "children": unit.children.order_by("kind", "position", "name"),
        "manages": manages,
        "members": members,
        "membership_form": MembershipForm(),
    }
    return render(request, "core/unit_detail.html", context)


@login_required
def unit_edit(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    unit = access.get_unit_for_staff(request.user, org_code, Perm.MANAGE_UNIT)
    form = UnitContactForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        actions.update_unit(unit, by=request.user, **form.cleaned_data)
        messages.success(request, _("The unit's details are saved."))
        return redirect("core:unit", org_code=unit.org_code)
    return render(request, "core/unit_edit.html", {"unit": unit, "form": form})


@login_required
def unit_add_child(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    parent = access.get_unit_for_staff(request.user, org_code, Perm.MANAGE_UNIT)
    form = ChildUnitForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            child = actions.create_unit(by=request.user, parent=parent, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": child.name})
            return redirect("core:unit", org_code=child.org_code)
    return render(request, "core/unit_add_child.html", {"unit": parent, "form": form})


@login_required
@require_POST
def membership_add(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    unit = access.get_unit_for_staff(request.user, org_code, Perm.MANAGE_UNIT)
    form = MembershipForm(request.POST)
    if form.is_valid():
        try:
            actions.add_membership(
                by=request.user,
                user=form.cleaned_data["username"],
                unit=unit,
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The role has been given."))
            return redirect("core:unit", org_code=unit.org_code)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("core:unit", org_code=unit.org_code)


@login_required
@require_POST
def membership_remove(request: AuthedHttpRequest, org_code: str, pk: int) -> HttpResponse:
    unit = access.get_unit_for_staff(request.user, org_code, Perm.MANAGE_UNIT)
    membership = get_object_or_404(Membership, pk=pk, unit=unit)
    actions.remove_membership(membership, by=request.user)
    messages.success(request, _("The role has been taken away."))
    return redirect("core:unit", org_code=unit.org_code)


@login_required
def calendar(request: AuthedHttpRequest) -> HttpResponse:
    today = localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2004), 2100)
    may_edit = bool(
        request.user.is_superuser or access.units(request.user, Perm.EDIT_CALENDAR).exists()
    )
    day_form = CalendarDayForm(request.POST or None) if may_edit else None
    year_form = AnnounceYearForm(initial={"year": year}) if may_edit else None
    if day_form is not None and request.method == "POST" and day_form.is_valid():
        actions.set_calendar_day(by=request.user, **day_form.cleaned_data)
        messages.success(request, _("The calendar is saved."))
        return redirect(f"{request.path}?year={day_form.cleaned_data['day'].year}")
    cal = workdays.WorkdayCalendar.load()
    months = [(dt.date(year, month, 1), cal.month(year, month)) for month in range(1, 13)]
    context = {
        "year": year,
        "months": months,
        "known": cal.knows_year(year),
        "announced": CalendarYear.objects.filter(year=year).first(),
        "entries": CalendarDay.objects.filter(day__year=year),
        "day_form": day_form,
        "year_form": year_form,
        "may_edit": may_edit,
    }
    return render(request, "core/calendar.html", context)


@login_required
@require_POST
def calendar_remove(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(CalendarDay, pk=pk)
    year = entry.day.year
    actions.remove_calendar_day(entry, by=request.user)
    messages.success(request, _("The entry is removed."))
    return redirect(f"{reverse('core:calendar')}?year={year}")


@login_required
@require_POST
def calendar_announce(request: AuthedHttpRequest) -> HttpResponse:
    form = AnnounceYearForm(request.POST)
    if form.is_valid():
        try:
            actions.announce_year(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The year's schedule is recorded as announced."))
        year = form.cleaned_data["year"]
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        year = localdate().year
    return redirect(f"{reverse('core:calendar')}?year={year}")
