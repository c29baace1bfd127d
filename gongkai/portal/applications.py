"""Public application pages: apply without an account, follow it through its secret link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from gongkai.core.models import Unit
from gongkai.core.signin import source_hash
from gongkai.info_requests import actions, letters
from gongkai.info_requests.access import (
    TooManyTries,
    get_request_for_applicant,
    get_status_by_phone,
)
from gongkai.info_requests.forms import ApplicantForm, TrackForm
from gongkai.info_requests.models import ReplyDocument
from gongkai.info_requests.views import apply_errors


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
                    "Your application is submitted. Keep this page's address: "
                    "it is your secret link to "
                    "follow the application."
                ),
            )
            # The "keep this link" notice shows once, not every time the saved link is opened.
            request.session["new_application"] = req.tracking_code
            return redirect(req.status_path())
    # On an error the form comes back filled in, with every message beside its field.
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/applications/apply.html", {"form": form}, status=status)


def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    found = None
    status = 200
    if form.is_valid():
        code, token = form.cleaned_data["code"].strip().upper(), form.cleaned_data["token"].strip()
        if token:
            return redirect(
                reverse("info_requests_public:status", kwargs={"code": code}) + f"?token={token}"
            )
        # Without the link: the status and the due date only, never personal data.
        try:
            found = get_status_by_phone(
                code, form.cleaned_data["phone_last4"], source=source_hash(request)
            )
        except (Http404, TooManyTries) as error:
            form.add_error(None, str(error))
            status = 429 if isinstance(error, TooManyTries) else 404
    response = render(
        request, "portal/applications/track.html", {"form": form, "found": found}, status=status
    )
    response["Cache-Control"] = "private, no-store"
    return response


def status(request: HttpRequest, code: str) -> HttpResponse:
    req = get_request_for_applicant(code, request.GET.get("token", ""))
    context = {
        "req": req,
        "events": req.events.filter(public=True),
        "documents": req.documents.all(),
        "new": request.session.pop("new_application", None) == req.tracking_code,
        "link": request.build_absolute_uri(req.status_path()),
        "today": localdate(),
        "review": letters.review_notice(req, req.outcome_info)
        if req.outcome_info and req.outcome_info.key != "disclosed"
        else [],
    }
    response = render(request, "portal/applications/status.html", context)
    # The page holds personal data behind a secret link: keep it out of shared caches.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def document(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """A released file, only through the applicant's secret link (media is not served publicly)."""
    req = get_request_for_applicant(code, request.GET.get("token", ""))
    doc = get_object_or_404(ReplyDocument, pk=pk, info_request=req)
    response = FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.name)
    response["Cache-Control"] = "private, no-store"
    return response
