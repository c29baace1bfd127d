"""HTTP caching for public pages: ETag and Last-Modified, 304, and a rendered-page cache.

Two ways, one validator scheme:

- `public_page(last_modified=...)` wraps a view whose freshness is one cheap read (the
  publication page: its current version's publication time). Django's `condition` answers
  a matching `If-None-Match` or `If-Modified-Since` with 304 before the view runs, and an
  anonymous reader gets the rendered page from a cache while nothing has changed.
- `PublicPageETagMiddleware` gives every other public HTML or XML page an ETag made from
  its content, like Django's ConditionalGetMiddleware, and answers a match with 304.

The shared layout carries no CSRF token (its language and display forms do without), so a
public page is the same for every anonymous reader. A page with a form of its own (the
application form) carries a token masked afresh on every response: its content hash
leaves the token's value out and names the reader's CSRF secret instead. What a page looks
like also depends on who asks (the language, the display mode, the signed-in user), so
that goes into every ETag too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.views.decorators.http import condition

from .models import AuditEvent

# The larger-text display mode's cookie: it changes the page, so it is part of every ETag.
DISPLAY_COOKIE = "gongkai_display"
CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Pages that are not the public portal's: staff pages, the admin, the JSON API.
SKIPPED_PREFIXES = ("/staff/", "/django-admin/", "/api/", "/static/", "/media/", "/i18n/")
PAGE_CACHE = "pages"
CONDITIONAL_TYPES = ("text/html", "application/xml", "application/atom+xml")


def reader_variant(request: HttpRequest, *, csrf: bool = False) -> str:
    """What, besides the data, changes the page: the address it was asked at (pages and the
    sitemap print absolute URLs), language, display mode, user (CSRF secret)."""
    user = getattr(request, "user", None)
    parts = [
        f"{request.scheme}://{request.get_host()}",
        get_language() or "",
        request.COOKIES.get(DISPLAY_COOKIE, ""),
        str(user.pk) if user is not None and user.is_authenticated else "-",
    ]
    if csrf:
        # A page with a form of its own carries a token made from the reader's CSRF secret.
        secret = request.META.get("CSRF_COOKIE") or ""
        parts.append(hashlib.sha256(secret.encode()).hexdigest()[:12] if secret else "")
    return "|".join(parts)


def _etag(request: HttpRequest, token: str, *, csrf: bool = False) -> str:
    digest = hashlib.sha256(f"{token}|{reader_variant(request, csrf=csrf)}".encode()).hexdigest()
    return f'"{digest[:32]}"'


def generation() -> int:
    """A number that grows with every change: the newest audit event.

    Every write goes through an action that records an audit event (DESIGN.md), so a page
    rendered at one generation is still right while the generation is the same; reading
    it is one lookup of the largest primary key.
    """
    # Raw SQL: on the hot path of every cached page, the ORM's query building costs more
    # than the lookup itself.
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {table}")
        return cursor.fetchone()[0] or 0


EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def site_changed(request: HttpRequest, *args, **kwargs) -> dt.datetime:
    """When anything last changed: the newest audit event's time (lists, the column, feeds).

    With the generation in the validator and the cache key, a list page is rendered again
    after any audited change, and served from the cache until then.
    """
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, occurred_at FROM {table} ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    # The generation comes with it: `public_page` need not ask again.
    request._portal_generation = row[0] if row else 0
    return aware(row[1]) if row else EPOCH


def aware(moment: dt.datetime | str) -> dt.datetime:
    if isinstance(moment, str):  # SQLite hands back the stored text
        moment = parse_datetime(moment)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return moment


def _cacheable(request: HttpRequest) -> bool:
    """Anonymous readers with nothing of their own on the page (no session, no messages)."""
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and not (user is not None and user.is_authenticated)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def public_page(
    last_modified: Callable[..., dt.datetime | None],
) -> Callable:
    """ETag, Last-Modified and a rendered-page cache for a view whose freshness is one read.

    `last_modified(request, **kwargs)` returns when the object last changed, or None when it
    does not exist (or is not visible to this reader): then no validator is sent and the
    view runs (and answers 404). Matching conditional requests get 304 without rendering;
    anonymous readers get the page from the cache ("pages") while neither the object's time
    nor the generation has moved.
    """

    def changed(request: HttpRequest, *args, **kwargs) -> dt.datetime | None:
        # Django asks for Last-Modified, then for the ETag: read the time once.
        if not hasattr(request, "_portal_last_modified"):
            moment = last_modified(request, *args, **kwargs)
            request._portal_last_modified = moment
            request._portal_token = None
            if moment is not None:
                made = getattr(request, "_portal_generation", None)
                request._portal_token = f"{moment.isoformat()}|{made or generation()}"
        return request._portal_last_modified

    def etag(request: HttpRequest, *args, **kwargs) -> str | None:
        changed(request, *args, **kwargs)
        token = request._portal_token
        return None if token is None else _etag(request, token)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def cached(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            token = getattr(request, "_portal_token", None)
            key = None
            if token is not None and _cacheable(request):
                raw = f"{request.get_full_path()}|{token}|{reader_variant(request)}"
                key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
                hit = caches[PAGE_CACHE].get(key)
                if hit is not None:
                    content, content_type = hit
                    return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if getattr(response, "is_rendered", True) is False:
                response.render()  # a TemplateResponse (the sitemaps)
            if (
                key is not None
                and response.status_code == 200
                and not response.streaming
                and b"csrfmiddlewaretoken" not in response.content
            ):
                caches[PAGE_CACHE].set(key, (response.content, response["Content-Type"]))
            return response

        return condition(etag_func=etag, last_modified_func=changed)(cached)

    return decorator


class PublicPageETagMiddleware:
    """An ETag from the content (less the CSRF token) on public pages; 304 on a match."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not self._applies(request, response):
            return response
        content, tokens = CSRF_VALUE.subn(rb"\1\2", response.content)
        response["ETag"] = _etag(request, hashlib.sha256(content).hexdigest(), csrf=bool(tokens))
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
