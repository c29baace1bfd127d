"""Public application pages: apply without an account, follow it through its secret link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from gongkai.core.models import Unit
from gongkai.core.signin import source_hash
from gongkai.info_requests import actions, letters, outcomes
from gongkai.info_requests.access import (
    TooManyTries,
    get_request_for_applicant,
    get_status_by_phone,
)
from gongkai.info_requests.forms import ApplicantForm, TrackForm
from gongkai.info_requests.models import InfoRequest, ReplyDocument
from gongkai.info_requests.views import apply_errors

# The applicant's secret tokens, by tracking code, kept in the session: after the first visit
# the token leaves the address, so access logs, the browser's history and the Referer header
# carry only the tracking code.
TOKENS = "application_tokens"


def remember_token(request: HttpRequest, req: InfoRequest, token: str) -> None:
    tokens = dict(request.session.get(TOKENS, {}))
    tokens[req.tracking_code] = token
    request.session[TOKENS] = tokens


def applicant_request(request: HttpRequest, code: str) -> InfoRequest:
    """The applicant's own application: from an old link's ?token=, or from the session."""
    if token := request.GET.get("token", ""):
        req = get_request_for_applicant(code, token)
        remember_token(request, req, token)
        return req
    return get_request_for_applicant(
        code, request.session.get(TOKENS, {}).get((code or "").upper(), "")
    )


def without_token(req: InfoRequest) -> HttpResponse:
    """A redirect to the status page whose address no longer carries the secret."""
    response = redirect(req.tracking_path())
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def apply(request: HttpRequest) -> HttpResponse:
    initial = {}
    if code := request.GET.get("unit"):
        initial["unit"] = Unit.objects.filter(org_code=code.upper()).first()
    form = ApplicantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            req = actions.submit(
                unit=form.cleaned_data["unit"],
                today=localdate(),
                source_hash=source_hash(request),
                **form.details(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your application is submitted. Keep the secret link shown on this page: "
                    "it is your way to follow the application."
                ),
            )
            # The "keep this link" notice shows once, not every time the saved link is opened.
            request.session["new_application"] = req.tracking_code
            remember_token(request, req, req.token)
            return without_token(req)
    # On an error the form comes back filled in, with every message beside its field.
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/applications/apply.html", {"form": form}, status=status)


def track(request: HttpRequest) -> HttpResponse:
    """The tracking form posts, so the secret key and the phone digits stay out of addresses
    (a form bookmarked from the time it was sent by GET still works)."""
    form = TrackForm((request.POST if request.method == "POST" else request.GET) or None)
    found = None
    status = 200
    if form.is_valid():
        code, token = form.cleaned_data["code"].strip().upper(), form.cleaned_data["token"].strip()
        if token:
            try:
                req = get_request_for_applicant(code, token)
            except Http404 as error:
                form.add_error(None, str(error))
                status = 404
            else:
                remember_token(request, req, token)
                return without_token(req)
        else:
            found, status = _by_phone(request, form, code)
    response = render(
        request, "portal/applications/track.html", {"form": form, "found": found}, status=status
    )
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _by_phone(request: HttpRequest, form: TrackForm, code: str):
    """Without the link: the status and the due date only, never personal data."""
    found, status = None, 200
    try:
        found = get_status_by_phone(
            code, form.cleaned_data["phone_last4"], source=source_hash(request)
        )
    except (Http404, TooManyTries) as error:
        form.add_error(None, str(error))
        status = 429 if isinstance(error, TooManyTries) else 404
    return found, status


def status(request: HttpRequest, code: str) -> HttpResponse:
    req = applicant_request(request, code)
    if "token" in request.GET:
        return without_token(req)  # the secret link works once per browser, then leaves
    context = {
        "req": req,
        "events": req.events.filter(public=True),
        "documents": req.documents.all(),
        "new": request.session.pop("new_application", None) == req.tracking_code,
        "link": request.build_absolute_uri(req.status_path()),
        "today": localdate(),
        "review": letters.review_notice(req, req.outcome_info)
        if req.outcome_info and req.outcome_info.key != outcomes.DISCLOSED_KEY
        else [],
    }
    response = render(request, "portal/applications/status.html", context)
    # The page holds personal data behind a secret link: keep it out of shared caches.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def document(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """A released file, only through the applicant's secret link (media is not served publicly)."""
    req = applicant_request(request, code)
    doc = get_object_or_404(ReplyDocument, pk=pk, info_request=req)
    response = FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.name)
    response["Cache-Control"] = "private, no-store"
    return response
