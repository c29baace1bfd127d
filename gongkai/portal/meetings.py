"""Open meetings (会议公开) on the portal: the lists, a meeting's page with its sign-up form,
and a person's own sign-ups.

    /meetings/                       every unit's upcoming and past meetings
    /meetings/<org code>/            one unit's (and its offices')
    /meetings/<org code>/<pk>/       the announcement; sign up without an account
    /meetings/my-sign-ups/           the sign-ups this browser made, with any notices

Sign-up tokens stay in the session, never in an address. The lists are not kept in the page
cache: a meeting moves from "upcoming" to "past" when its time comes, with no change to record.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gongkai.core.models import Unit
from gongkai.core.signin import source_hash
from gongkai.core.views import _apply_errors as apply_errors
from gongkai.meetings import actions, reads, schedule
from gongkai.meetings.access import MEETING_KINDS
from gongkai.meetings.forms import SignupForm
from gongkai.meetings.models import Status

TOKENS = "meeting_signups"
PAST_PER_PAGE = 20


def _unit(org_code: str) -> Unit:
    return get_object_or_404(
        Unit.objects.select_related("parent"), org_code=org_code.upper(), kind__in=MEETING_KINDS
    )


def _list(request: HttpRequest, unit: Unit | None) -> HttpResponse:
    now = timezone.now()
    rows = reads.public_meetings(unit)
    past = Paginator(rows.past(now), PAST_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "upcoming": list(rows.upcoming(now)),
        "past": past,
    }
    return render(request, "portal/meetings/index.html", context)


def index(request: HttpRequest) -> HttpResponse:
    return _list(request, None)


def unit_meetings(request: HttpRequest, org_code: str) -> HttpResponse:
    return _list(request, _unit(org_code))


def meeting(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    found = get_object_or_404(reads.public_meetings(_unit(org_code)), pk=pk)
    now, today = timezone.now(), localdate()
    is_open = found.status == Status.ANNOUNCED and schedule.signup_open(
        closes_on=found.signup_closes_on, starts_at=found.starts_at, now=now, today=today
    )
    form = SignupForm(request.POST or None)
    if request.method == "POST" and is_open and not found.is_full and form.is_valid():
        try:
            _signup, token = actions.sign_up(
                found, now=now, today=today, source_hash=source_hash(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
            found.refresh_from_db()
        else:
            request.session[TOKENS] = [token, *request.session.get(TOKENS, [])][:50]
            request.session["new_meeting_signup"] = found.pk
            response = redirect("meetings_public:my_signups")
            response["Cache-Control"] = "private, no-store"
            return response
    context = {
        "meeting": found,
        "unit": found.unit,
        "is_open": is_open,
        "is_past": found.starts_at <= now,
        "decisions": found.decisions_public(),
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/meetings/meeting.html", context, status=status)


@never_cache
def my_signups(request: HttpRequest) -> HttpResponse:
    signups = reads.signups_by_tokens(request.session.get(TOKENS, []))
    context = {
        "signups": signups,
        "new": request.session.pop("new_meeting_signup", None),
        "title": _("My meeting sign-ups"),
    }
    return render(request, "portal/meetings/my_signups.html", context)
