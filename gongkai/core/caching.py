"""HTTP caching for public pages: ETag and Last-Modified, 304, and a rendered-page cache.

Two ways, one validator scheme:

- `public_page(last_modified=...)` wraps a view whose freshness is one cheap read (the
  publication page: its current version's publication time; a list: its scopes'
  generations). Django's `condition` answers a matching `If-None-Match` or
  `If-Modified-Since` with 304 before the view runs, and an anonymous reader gets the
  rendered page from a cache while nothing it shows has changed.
- `PublicPageETagMiddleware` gives every other public HTML or XML page an ETag made from
  its content, like Django's ConditionalGetMiddleware, and answers a match with 304.

Scopes keep a page cached while other parts of the site change: every audited event moves
the scopes its declaration names (`events.declare(..., invalidates=...)`): a publication
published moves its page, its unit's and their parents' lists and the county-wide lists;
a draft saved or an application answered moves none; anything not declared otherwise
moves the whole site. So one township's staff at work leave the rest of the county cached.

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
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.exceptions import DisallowedHost
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, get_resolver
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.views.decorators.http import condition

from . import events
from .db_router import read_connection
from .middleware import refused
from .models import AuditEvent, CacheGeneration, Unit

# The larger-text display mode's cookie: it changes the page, so it is part of every ETag.
DISPLAY_COOKIE = "gongkai_display"
CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Pages that are not the public portal's: staff pages, the admin, the JSON API.
SKIPPED_PREFIXES = ("/staff/", "/django-admin/", "/api/", "/static/", "/media/", "/i18n/")
PAGE_CACHE = "pages"
# Parts of public pages kept per generation of what they show (`fragment`).
FRAGMENT_CACHE = "fragments"
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
    """A number that grows with every audited change anywhere: the newest audit event.

    For keys that must follow everything; public pages follow their scopes instead.
    """
    # Raw SQL: on the hot path, the ORM's query building costs more than the lookup itself.
    connection = read_connection()  # the database the page itself is read from
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {table}")
        return cursor.fetchone()[0] or 0


EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

# Scopes: what a set of public pages shows. Every cached page follows SITE and its own.
SITE_SCOPE = "site"
# The county-wide lists: the home page, feeds, sitemaps.
LISTS_SCOPE = "lists"


def unit_scope(org_code: str) -> str:
    """A unit's public pages: its lists and its disclosure column (newest of its subtree)."""
    return f"unit:{org_code.upper()}"


def object_scope(label: str, pk: object) -> str:
    """One object's own page, e.g. `object_scope("publishing.publication", 42)`."""
    return f"{label}:{pk}"


def scopes_of(declared: events.Event, unit: Unit | None, target: models.Model | None) -> list[str]:
    """The scopes an audited change makes stale, by its declaration (`events.declare`)."""
    if declared.invalidates == events.STAFF_ONLY:
        return []
    if declared.invalidates == events.UNIT and unit is not None:
        # A unit's column shows the newest of the units under it: their pages move too.
        codes = Unit.objects.filter(pk__in=unit.ancestor_ids()).values_list("org_code", flat=True)
        scopes = [LISTS_SCOPE, *(unit_scope(code) for code in codes if code)]
        if target is not None:
            scopes.append(object_scope(target._meta.label_lower, target.pk))
        return scopes
    return [SITE_SCOPE]


def bump(scopes: list[str], *, value: int, at: dt.datetime) -> None:
    """Move `scopes` to the generation `value` (an audit event's id: never used twice).

    Called inside the change's transaction, so a page rendered before the change commits
    is filed under the old generation, never under the new one.
    """
    if not scopes:
        return
    CacheGeneration.objects.bulk_create(
        [CacheGeneration(scope=scope, value=value, changed_at=at) for scope in set(scopes)],
        update_conflicts=True,
        unique_fields=["scope"],
        update_fields=["value", "changed_at"],
    )


def invalidate(event: AuditEvent, unit: Unit | None, target: models.Model | None) -> None:
    """What `audit.record` calls for every event: move the scopes it makes stale."""
    bump(
        scopes_of(events.require(event.action), unit, target),
        value=event.pk,
        at=event.occurred_at,
    )


def scoped_changed(request: HttpRequest, scopes: list[str]) -> dt.datetime:
    """When the newest of `scopes` changed; their generations are kept for `public_page`."""
    connection = read_connection()  # the database the page itself is read from
    table = connection.ops.quote_name(CacheGeneration._meta.db_table)
    marks = ", ".join(["%s"] * len(scopes))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT scope, value, changed_at FROM {table} WHERE scope IN ({marks})", scopes
        )
        rows = {scope: (value, aware(at)) for scope, value, at in cursor.fetchall()}
    request._portal_generation = ".".join(str(rows.get(s, (0,))[0]) for s in scopes)
    # Read by `fragment`: the parts of the page kept per generation of these scopes.
    setattr(request, "_portal_scopes", {s: rows.get(s, (0,))[0] for s in scopes})  # noqa: B010
    return max((at for _value, at in rows.values()), default=EPOCH)


def fragment(
    request: HttpRequest | None,
    name: str,
    render: Callable[[], str],
    *,
    scopes: tuple[str, ...] = (SITE_SCOPE,),
    vary: tuple[object, ...] = (),
    per_reader: bool = False,
) -> str:
    """A part of a public page, rendered once per generation of `scopes` and kept.

    The generations are those the page's `last_modified` read (`scoped_changed`), so a
    change that moves one of them shows on the next request, as the page cache's does; a
    page that read none of them (a staff page, an error page) renders the part every time.
    The key holds the language and `vary`; with `per_reader`, also what changes the page
    for this reader (`reader_variant`: host, display mode, the signed-in user).
    """
    read = getattr(request, "_portal_scopes", None)
    if request is None or read is None or any(scope not in read for scope in scopes):
        return render()
    parts = [name, *(f"{scope}={read[scope]}" for scope in scopes), get_language() or ""]
    parts.extend(str(v) for v in vary)
    if per_reader:
        parts.append(reader_variant(request))
    key = "fragment:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    store = caches[FRAGMENT_CACHE]
    kept = store.get(key)
    if kept is None:
        kept = render()
        store.set(key, kept)
    return kept


def site_changed(request: HttpRequest, *args, **kwargs) -> dt.datetime:
    """County-wide pages (the home page, feeds, sitemaps, the catalog index): rendered again
    when anything is published or withdrawn anywhere, or the site changes."""
    return scoped_changed(request, [SITE_SCOPE, LISTS_SCOPE])


def unit_changed(request: HttpRequest, org_code: str, *args, **kwargs) -> dt.datetime:
    """A unit's pages (its lists, its column): rendered again when something is published or
    withdrawn in it or under it, or the site changes; a write in another township leaves
    them in the cache."""
    return scoped_changed(request, [SITE_SCOPE, unit_scope(org_code)])


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
    nor the generations of its scopes (set by `last_modified` through `scoped_changed`;
    otherwise the newest audit event) have moved.
    """

    def changed(request: HttpRequest, *args, **kwargs) -> dt.datetime | None:
        # Django asks for Last-Modified, then for the ETag: read the time once.
        if not hasattr(request, "_portal_last_modified"):
            # A page carrying a notice for this reader ("thank you for your rating") is
            # never answered 304 nor taken from the cache: the notice is not in either.
            carries_notice = "messages" in request.COOKIES
            moment = None if carries_notice else last_modified(request, *args, **kwargs)
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

    def page_key(request: HttpRequest, *args, **kwargs) -> str | None:
        """The page cache's key for this request, or None when it is not to be kept."""
        changed(request, *args, **kwargs)
        token = getattr(request, "_portal_token", None)
        if token is None or not _cacheable(request):
            return None
        raw = f"{request.get_full_path()}|{token}|{reader_variant(request)}"
        return "page:" + hashlib.sha256(raw.encode()).hexdigest()

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def cached(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            token = getattr(request, "_portal_token", None)
            key = None
            if token is not None and _cacheable(request):
                key = page_key(request, *args, **kwargs)
                hit = caches[PAGE_CACHE].get(key)
                if hit is not None:
                    # A kept page: `CachedPageMiddleware` may keep the response as sent.
                    setattr(request, "_portal_page_key", key)  # noqa: B010
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
                setattr(request, "_portal_page_key", key)  # noqa: B010
            return response

        conditional = condition(etag_func=etag, last_modified_func=changed)(cached)
        # How `CachedPageMiddleware` finds the key of a request for this view.
        conditional.public_page_key = page_key  # type: ignore[attr-defined]
        return conditional

    return decorator


# Requests a kept page is never answered to from `CachedPageMiddleware`: conditional ones
# (their 304 is the view's), and any with credentials of some kind.
_NOT_SHORTCUT = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_AUTHORIZATION",
)
SENT = "sent:"


class CachedPageMiddleware:
    """An anonymous reader's page-cache hit answered before the layers below run.

    A kept public page (`public_page`) is the same bytes for every anonymous reader with the
    same language, display mode and address, yet a hit went through the session, locale,
    CSRF, authentication, two-factor, security-header and message layers, the URL
    resolver's second pass and `condition`, most of a hit's time. This layer keeps, beside
    the page, the response exactly as those layers sent it (every header: CSP,
    X-Frame-Options, Vary, ETag, Last-Modified, Content-Language...), under the page's own
    key: the view's freshness read (the same generations and version time) is made here,
    so a write shows on the next request as before. Everything else goes down the stack:
    conditional requests (304s stay the view's), signed-in users, a session or a notice
    of one's own, a response that sets a cookie, a page not kept, text refused for control
    characters, and anything while the page cache is off.

    Sits below SecurityMiddleware and WhiteNoise (HTTPS redirect, HSTS, static files
    unchanged) and above SessionMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        store = caches[PAGE_CACHE]
        kept = store.get(SENT + key)
        if kept is not None:
            content, headers = kept
            return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and getattr(request, "_portal_page_key", None) == key
            and not getattr(getattr(request, "user", None), "is_authenticated", False)
        ):
            store.set(SENT + key, (response.content, list(response.headers.items())))
        return response

    @staticmethod
    def _key(request: HttpRequest) -> str | None:
        if (
            request.method != "GET"
            or isinstance(caches[PAGE_CACHE], DummyCache)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "messages" in request.COOKIES
            or any(name in request.META for name in _NOT_SHORTCUT)
            or request.path.startswith(SKIPPED_PREFIXES)
        ):
            return None
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        i18n_patterns_used, _prefixed = is_language_prefix_patterns_used(urlconf)
        if i18n_patterns_used:
            return None  # the language would come from the path: leave it to the layers
        try:
            request.get_host()
            match = get_resolver(urlconf).resolve(request.path_info)
        except (DisallowedHost, Resolver404):
            return None
        page_key = getattr(match.func, "public_page_key", None)
        if page_key is None or refused(request):
            return None
        # The language LocaleMiddleware would choose (cookie, Accept-Language, default).
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        return page_key(request, *match.args, **match.kwargs)


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
