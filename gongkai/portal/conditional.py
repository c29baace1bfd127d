"""Conditional GET for public pages: ETag and Last-Modified, and 304 when nothing changed.

Two ways, one validator scheme:

- `public_page(last_modified=...)` wraps a view whose freshness is one cheap read (the
  publication page: its current version's publication time). Django's `condition` answers
  a matching `If-None-Match` or `If-Modified-Since` with 304 before the view runs.
- `PublicPageETagMiddleware` gives every other public HTML or XML page an ETag made from
  its content, like Django's ConditionalGetMiddleware, and answers a match with 304.

Every page carries a CSRF token (the language and display forms), masked afresh on every
response, so a plain content hash would never match twice: the hash leaves the token's
value out. What a page looks like also depends on who asks (the language, the display mode,
the signed-in user, the CSRF secret the page's forms belong to), so that goes into every
ETag too, and the response already varies on Cookie.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from django.views.decorators.http import condition

from .display import DISPLAY_COOKIE

CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Pages that are not the public portal's: staff pages, the admin, the JSON API.
SKIPPED_PREFIXES = ("/staff/", "/django-admin/", "/api/", "/static/", "/media/", "/i18n/")
CONDITIONAL_TYPES = ("text/html", "application/xml", "application/atom+xml")


def reader_variant(request: HttpRequest) -> str:
    """What, besides the data, changes the page: language, display mode, user, CSRF secret."""
    user = getattr(request, "user", None)
    # The CSRF secret the page's forms are made for; set by `get_token`, or the cookie's.
    csrf = request.META.get("CSRF_COOKIE") or ""
    return "|".join(
        (
            get_language() or "",
            request.COOKIES.get(DISPLAY_COOKIE, ""),
            str(user.pk) if user is not None and user.is_authenticated else "-",
            hashlib.sha256(csrf.encode()).hexdigest()[:12] if csrf else "",
        )
    )


def _etag(request: HttpRequest, token: str) -> str:
    digest = hashlib.sha256(f"{token}|{reader_variant(request)}".encode()).hexdigest()
    return f'"{digest[:32]}"'


def public_page(
    last_modified: Callable[..., dt.datetime | None],
) -> Callable:
    """Decorate a view with ETag and Last-Modified from `last_modified(request, **kwargs)`.

    `last_modified` returns None when the object does not exist (or is not visible to this
    reader): then no validator is sent and the view runs (and answers 404).
    """

    def changed(request: HttpRequest, *args, **kwargs) -> dt.datetime | None:
        # Django asks for Last-Modified, then for the ETag: read the time once.
        if not hasattr(request, "_portal_last_modified"):
            # The page will carry a CSRF token: fix its secret now, so the ETag names it.
            get_token(request)
            request._portal_last_modified = last_modified(request, *args, **kwargs)
        return request._portal_last_modified

    def etag(request: HttpRequest, *args, **kwargs) -> str | None:
        moment = changed(request, *args, **kwargs)
        return None if moment is None else _etag(request, moment.isoformat())

    return condition(etag_func=etag, last_modified_func=changed)


class PublicPageETagMiddleware:
    """An ETag from the content (less the CSRF token) on public pages; 304 on a match."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not self._applies(request, response):
            return response
        content = CSRF_VALUE.sub(rb"\1\2", response.content)
        response["ETag"] = _etag(request, hashlib.sha256(content).hexdigest())
        conditional = get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=None,
            response=response,
        )
        if isinstance(conditional, HttpResponseNotModified):
            return conditional
        return response

    @staticmethod
    def _applies(request: HttpRequest, response: HttpResponse) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.streaming
            and not response.has_header("ETag")
            and not request.path.startswith(SKIPPED_PREFIXES)
            and response.get("Content-Type", "").startswith(CONDITIONAL_TYPES)
        )


def publication_changed(
    request: HttpRequest, org_code: str, number: str, version: int | None = None
) -> dt.datetime | None:
    """When the publication page last changed: its current (or the asked) version's time."""
    from gongkai.publishing import access
    from gongkai.publishing.models import PublicationVersion

    visible = access.visible(request.user).filter(index_no=f"{org_code.upper()}/{number}")
    if version is None:
        return visible.values_list("current__published_at", flat=True).first()
    return (
        PublicationVersion.objects.filter(
            publication__in=visible, number=version, published_at__isnull=False
        )
        .values_list("published_at", flat=True)
        .first()
    )
