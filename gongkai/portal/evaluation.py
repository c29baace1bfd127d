"""Public pages of the evaluation: rate a publication or a reply, report an error, follow it.

No account is needed. A rating is counted once per client, target and day; the client's
address is counted in the cache for the hour, and past a threshold the form asks a small sum
before it accepts more (see `gongkai.evaluation.clients`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages as notices
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from gongkai.evaluation import actions, clients, messages, reads
from gongkai.evaluation.forms import ErrorReportForm, RatingForm, TrackReportForm
from gongkai.info_requests.models import InfoRequest
from gongkai.portal.applications import applicant_request
from gongkai.publishing.models import Publication


def remember_client(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Give the browser its random client cookie, so that its ratings are told apart."""
    if not clients.client_key(request).startswith("cookie:"):
        response.set_cookie(
            clients.CLIENT_COOKIE,
            clients.new_client_cookie(),
            max_age=clients.CLIENT_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _publication(org_code: str, number: str) -> Publication:
    publication = reads.ratable_publication(f"{org_code}/{number}")
    if publication is None:
        raise Http404(messages.NO_PUBLICATION)
    return publication


def _gate(request: HttpRequest, form) -> tuple[bool, int]:
    """Count the attempt; refuse past the hourly limit; ask the sum past the threshold."""
    now = timezone.now()
    state = clients.limit(request, now)
    if state == clients.Limit.REFUSED:
        form.add_error(None, str(messages.TOO_MANY))
        return False, 429
    clients.count_attempt(request, now)
    if state == clients.Limit.CHALLENGE and not clients.challenge_solved(
        request.POST.get("challenge_token", ""), request.POST.get("challenge_answer", "")
    ):
        form.add_error(None, str(messages.ANSWER_THE_SUM))
        return False, 400
    return True, 200


def _challenge(request: HttpRequest) -> clients.Challenge | None:
    if clients.limit(request, timezone.now()) == clients.Limit.CHALLENGE:
        return clients.new_challenge()
    return None


def _rate(
    request: HttpRequest, target: Publication | InfoRequest, done: str, context: dict
) -> HttpResponse:
    form = RatingForm(request.POST or None, initial={"rating": request.GET.get("rating")})
    status = 200
    if request.method == "POST":
        allowed, status = _gate(request, form)
        if allowed and form.is_valid():
            label = actions.target_label(target)
            try:
                actions.rate(
                    target,
                    verdict=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                    client_hash=clients.client_hash(
                        clients.client_key(request), label, localdate()
                    ),
                    today=localdate(),
                )
            except ValidationError as error:
                status = 409 if error.code == "duplicate" else 400
                for message in error.messages:
                    form.add_error(None, message)
            else:
                if form.cleaned_data["comment"]:
                    text = _(
                        "Thank you for your rating. Your comment appears once the unit has read it."
                    )
                else:
                    text = _("Thank you for your rating.")
                notices.success(request, text)
                return remember_client(request, redirect(done))
        elif allowed:
            status = 400
    context = {**context, "form": form, "challenge": _challenge(request)}
    response = render(request, "portal/evaluation/rate.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return remember_client(request, response)


def rate_publication(request: HttpRequest, org_code: str, number: str) -> HttpResponse:
    publication = _publication(org_code, number)
    context = {"publication": publication, "unit": publication.unit}
    return _rate(request, publication, publication.get_absolute_url(), context)


def rate_reply(request: HttpRequest, code: str) -> HttpResponse:
    """The applicant rates the reply, through their own secret link."""
    req = applicant_request(request, code)
    if req.replied_on is None:
        raise Http404(messages.NOT_ANSWERED_YET)
    context = {"req": req, "unit": req.unit}
    return _rate(request, req, req.tracking_path(), context)


def report_error(request: HttpRequest, org_code: str, number: str) -> HttpResponse:
    publication = _publication(org_code, number)
    form = ErrorReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        allowed, status = _gate(request, form)
        if allowed and form.is_valid():
            try:
                report = actions.report_error(
                    publication, today=localdate(), now=timezone.now(), **form.cleaned_data
                )
            except ValidationError as error:
                status = 400
                for message in error.messages:
                    form.add_error(None, message)
            else:
                request.session["new_error_report"] = report.tracking_code
                return redirect("portal:error_report", code=report.tracking_code)
        elif allowed:
            status = 400
    context = {
        "publication": publication,
        "unit": publication.unit,
        "form": form,
        "challenge": _challenge(request),
        "days": actions.error_report_days(publication.unit),
    }
    response = render(request, "portal/evaluation/report.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def track_report(request: HttpRequest) -> HttpResponse:
    form = TrackReportForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        return redirect(reverse("portal:error_report", kwargs={"code": code}))
    return render(request, "portal/evaluation/track.html", {"form": form})


def report_status(request: HttpRequest, code: str) -> HttpResponse:
    report = reads.report_by_code(code)
    if report is None:
        raise Http404(messages.NO_REPORT)
    context = {
        "report": report,
        "new": request.session.pop("new_error_report", None) == report.tracking_code,
        "today": localdate(),
    }
    response = render(request, "portal/evaluation/status.html", context)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
