"""Staff pages for open meetings, under /staff/meetings/ (the public pages are the portal's)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import access as core_access
from gongkai.core.access import Perm
from gongkai.core.models import User
from gongkai.core.views import _apply_errors as apply_errors

from . import access, actions, exports
from .forms import CancelForm, DecisionsForm, MeetingForm, PostponeForm
from .models import Meeting, Status


def _me(request: HttpRequest) -> User:
    """The signed-in staff member (every view here requires one)."""
    return cast(User, request.user)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    meetings = access.meetings_for_staff(_me(request)).select_related("unit", "decisions")
    context = {
        "meetings": meetings.order_by("-starts_at", "-pk")[:200],
        "may_draft": bool(access.drafting_units(_me(request))),
        "now": timezone.now(),
    }
    return render(request, "meetings/index.html", context)


@login_required
def new(request: HttpRequest) -> HttpResponse:
    units = access.drafting_units(_me(request))
    if not units:
        raise PermissionDenied(_("Only a clerk may draft a meeting announcement."))
    form = MeetingForm(request.POST or None, units=units)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            meeting = actions.draft(by=_me(request), now=timezone.now(), **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Drafted. A reviewer or leader announces it."))
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(request, "meetings/new.html", {"form": form})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the announcement while it is a draft."""
    found = access.get_meeting_for_staff(_me(request), pk)
    core_access.require(_me(request), Perm.DRAFT_MEETINGS, found.unit)
    if found.status != Status.DRAFT:
        messages.error(
            request,
            _("This meeting has been announced: it can only be postponed or cancelled now."),
        )
        return redirect("meetings:meeting", pk=found.pk)
    form = MeetingForm(
        request.POST or None,
        instance=found,
        units=[found.unit],
        initial={"unit": found.unit, "signup_days": found.signup_days},
    )
    form.fields["unit"].disabled = True
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in actions.EDITABLE}
        try:
            actions.edit_draft(found, by=_me(request), now=timezone.now(), **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The draft is changed. A reviewer or leader announces it."))
            return redirect("meetings:meeting", pk=found.pk)
    return render(request, "meetings/new.html", {"form": form, "meeting": found})


def _context(request: HttpRequest, meeting: Meeting, **forms) -> dict:
    user, unit, now = _me(request), meeting.unit, timezone.now()
    may_announce = core_access.can(user, Perm.ANNOUNCE_MEETINGS, unit)
    to_come = meeting.status == Status.ANNOUNCED and meeting.starts_at > now
    took_place = meeting.status == Status.ANNOUNCED and meeting.starts_at <= now
    may_signups = core_access.can(user, Perm.READ_SIGNUPS, unit)
    context = {
        "meeting": meeting,
        "may_announce": may_announce and meeting.status == Status.DRAFT,
        "may_edit": meeting.status == Status.DRAFT
        and core_access.can(user, Perm.DRAFT_MEETINGS, unit),
        "may_change": may_announce and to_come,
        "may_signups": may_signups,
        "signups": list(meeting.signups.active()) if may_signups else [],
        "may_decide": took_place
        and meeting.decisions_id is None
        and core_access.can(user, Perm.DRAFT, unit),
        "postpone_form": PostponeForm(),
        "cancel_form": CancelForm(),
        "decisions_form": None,
    }
    if context["may_decide"]:
        context["decisions_form"] = DecisionsForm(unit=unit)
    context.update(forms)
    return context


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.get_meeting_for_staff(_me(request), pk)
    return render(request, "meetings/meeting.html", _context(request, found))


@login_required
@require_POST
def announce(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.get_meeting_for_staff(_me(request), pk)
    try:
        actions.announce(found, by=_me(request), now=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Announced: the meeting is on the portal; sign-up is open."))
    return redirect("meetings:meeting", pk=found.pk)


def _change(request: HttpRequest, pk: int, form_class, step, done: str, form_key: str):
    """Postpone or cancel: the same form round, another action and message."""
    found = access.get_meeting_for_staff(_me(request), pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            step(found, by=_me(request), now=timezone.now(), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("meetings:meeting", pk=found.pk)
    return render(
        request, "meetings/meeting.html", _context(request, found, **{form_key: form}), status=400
    )


@login_required
@require_POST
def postpone(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("Postponed; everyone who signed up has been told.")
    return _change(request, pk, PostponeForm, actions.postpone, done, "postpone_form")


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("Cancelled; everyone who signed up has been told.")
    return _change(request, pk, CancelForm, actions.cancel, done, "cancel_form")


@login_required
@require_POST
def decisions(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.get_meeting_for_staff(_me(request), pk)
    form = DecisionsForm(request.POST, unit=found.unit)
    if form.is_valid():
        try:
            publication = actions.draft_decisions(
                found,
                by=_me(request),
                today=localdate(),
                now=timezone.now(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("A draft of the decisions was made: write them, then submit for review.")
            )
            return redirect("publishing:detail", pk=publication.pk)
    return render(
        request, "meetings/meeting.html", _context(request, found, decisions_form=form), status=400
    )


@login_required
def signups_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.get_meeting_for_staff(_me(request), pk)
    rows = actions.export_signups(found, by=_me(request), fmt="xlsx")
    response = HttpResponse(
        exports.signups_xlsx(found, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, _("sign-ups %(title)s.xlsx") % {"title": found.title[:40]}
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def signups_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A sign-in sheet to print for the door: names in full, phones masked."""
    found = access.get_meeting_for_staff(_me(request), pk)
    rows = actions.export_signups(found, by=_me(request), fmt="print")
    return render(request, "meetings/print.html", {"meeting": found, "signups": rows})
