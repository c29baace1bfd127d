"""Response headers every page gets, and text input refused when it holds control characters."""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (a file shown inline
    gets `sandbox` instead), and
    `Cache-Control: private` on anything served to a signed-in user, so no shared cache
    (a proxy, a CDN) keeps a page made for one person.

    Comes after AuthenticationMiddleware and before (above) the caching middleware, so it
    has the last word on the response's Cache-Control.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Disposition" in response.headers or response.streaming:
            # A file (an attachment, a reply file, a photo): never sniffed, and when shown in
            # the browser (a PDF, an image) sandboxed, so nothing in it runs on our origin.
            response.headers["X-Content-Type-Options"] = "nosniff"
            if not response.headers.get("Content-Disposition", "").startswith("attachment"):
                response.headers["Content-Security-Policy"] = "sandbox"
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response


# C0 controls and DEL, except tab, line feed and carriage return.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _has_control(value) -> bool:
    if isinstance(value, str):
        return CONTROL.search(value) is not None
    if isinstance(value, dict):
        return any(_has_control(k) or _has_control(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_control(item) for item in value)
    return False


class ControlCharacterMiddleware:
    """Refuse, with a clear 400, any request whose query string, form fields or JSON body
    hold a control character (NUL among them) other than tab, line feed and carriage return.

    Text with them is never what a person typed; PostgreSQL cannot even store NUL. The JSON
    API (`/api/`) is left to its own layer, which answers only what its schema documents.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/") and refused(request):
            message = _(
                "The request holds a control character (such as NUL) that no text may "
                "contain. Remove it and send it again."
            )
            if request.content_type == "application/json":
                return HttpResponse(
                    json.dumps({"error": message}, ensure_ascii=False),
                    status=400,
                    content_type="application/json",
                )
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def refused(request: HttpRequest) -> bool:
    """Whether a text input of the request holds a control character (see
    `ControlCharacterMiddleware`)."""
    for values in (request.GET, *((request.POST,) if request.method == "POST" else ())):
        for key, items in values.lists():
            if _has_control(key) or any(_has_control(item) for item in items):
                return True
    if request.content_type == "application/json" and request.body:
        try:
            data = json.loads(request.body)
        except ValueError:
            return False  # the view answers a body that is not JSON
        return _has_control(data)
    return False
