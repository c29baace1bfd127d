"""The applicant answers a correction request (补正) through their secret link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from gongkai.info_requests import actions
from gongkai.info_requests.clock import Stage
from gongkai.info_requests.forms import CorrectionAnswerForm
from gongkai.portal.applications import applicant_request


def correct_application(request: HttpRequest, code: str) -> HttpResponse:
    req = applicant_request(request, code)
    form = CorrectionAnswerForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.answer_correction(
                    req,
                    text=form.cleaned_data["text"],
                    files=form.cleaned_data["files"] or [],
                    today=localdate(),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _(
                        "Your correction is received. The 20 working days for the reply start "
                        "again from today."
                    ),
                )
                return redirect(req.tracking_path())
    context = {
        "req": req,
        "form": form,
        "asked": req.events.filter(type="clarify").order_by("-date", "-id").first(),
        "waiting": req.stage == Stage.AWAITING_CORRECTION,
    }
    response = render(request, "portal/correction.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
