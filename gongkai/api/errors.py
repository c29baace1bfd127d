"""One error shape for the whole API: `{"error": "...", "fields": {"<field>": "..."}}`.

Every error under /api/v1 answers JSON in that shape, in the request's language: a request
that does not fit the schema (422, naming each field and, for a choice, the accepted values),
a domain rule (400), no or a bad key (401), a refusal (403), not found (404, also for a path
that does not exist), an unknown method (405), a step someone else took first (409) and a
server error (500).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

logger = logging.getLogger("django.request")


def body(message: Any, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": str(message), "fields": {k: str(v) for k, v in (fields or {}).items()}}


def respond(status: int, message: Any, fields: dict[str, Any] | None = None) -> JsonResponse:
    return JsonResponse(
        body(message, fields), status=status, json_dumps_params={"ensure_ascii": False}
    )


def _values(ctx: dict[str, Any]) -> str:
    expected = str(ctx.get("expected", ""))
    # pydantic lists literals as "'a', 'b' or 'c'"; the reader gets them plain, comma-separated.
    return expected.replace("'", "").replace(" or ", ", ")


def field_message(error: dict[str, Any]) -> str:
    """A pydantic error as a sentence in the request's language."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is missing.")
    if kind in ("literal_error", "enum"):
        return _("Choose one of: %(values)s.") % {"values": _values(ctx)}
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind.startswith("int_") or kind == "int_type":
        return _("Give a whole number.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Give a number of at least %(limit)s.") % {
            "limit": ctx.get("ge", ctx.get("gt", ""))
        }
    if kind in ("less_than_equal", "less_than"):
        return _("Give a number of at most %(limit)s.") % {
            "limit": ctx.get("le", ctx.get("lt", ""))
        }
    if kind.startswith("date_") and not kind.startswith("datetime"):
        return _("Give a date as YYYY-MM-DD.")
    if kind.startswith("datetime"):
        return _("Give a date and time as ISO 8601, e.g. 2026-07-01T09:00:00+08:00.")
    if kind.startswith("bool"):
        return _("Give true or false.")
    if kind in ("string_too_long",):
        return _("Use at most %(limit)s characters.") % {"limit": ctx.get("max_length", "")}
    if kind in ("string_too_short",):
        return _("This field may not be empty.")
    if kind.startswith("string") or kind == "str_type":
        return _("Give text.")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _("Give a JSON object.")
    if kind in ("list_type",):
        return _("Give a list.")
    if kind.startswith("float") or kind.startswith("decimal"):
        return _("Give a number.")
    return _("This value is not valid.")


def field_name(loc: Iterable[Any]) -> str:
    """The field a pydantic location points at, as the client named it."""
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body":
        # ("body", <the body parameter's name>, field…): the client never sent that name.
        parts = parts[2:]
    elif parts:
        parts = parts[1:]  # ("query" | "path" | "header" | "form" | "file", name…)
    return ".".join(parts) or "body"


def schema_error(request: HttpRequest, exc: Any) -> JsonResponse:
    fields: dict[str, str] = {}
    for error in exc.errors:
        fields.setdefault(field_name(error.get("loc", ())), field_message(error))
    if list(fields) == ["body"]:
        message = _("The body must be a JSON object.")
    else:
        message = _("The request does not fit the API: see the fields.")
    return respond(422, message, fields)


_NINJA_MESSAGES = {
    "Cannot parse request body": lambda: _("The body is not valid JSON."),
    "Unauthorized": lambda: _("Send an API key: Authorization: Token <key>."),
    "Forbidden": lambda: _("Not allowed."),
    "Too many requests.": lambda: _("Too many requests: try again later."),
}


def http_error(request: HttpRequest, exc: Any) -> JsonResponse:
    message = str(exc)
    for english, translated in _NINJA_MESSAGES.items():
        if message.startswith(english):
            message = translated()
    return respond(exc.status_code, message)


def not_found(request: HttpRequest, exc: Any = None) -> JsonResponse:
    message = str(exc or "")
    if not message or "matches the given query" in message:
        message = _("Not found.")
    return respond(404, message)


def refused(request: HttpRequest, exc: Any) -> JsonResponse:
    return respond(403, str(exc) or _("Not allowed."))


def invalid(request: HttpRequest, exc: Any, status: int = 400) -> JsonResponse:
    fields: dict[str, str] = {}
    if hasattr(exc, "error_dict"):
        fields = {
            ("body" if name == "__all__" else name): " ".join(str(m) for m in messages)
            for name, messages in exc.message_dict.items()
        }
    return respond(status, " ".join(str(m) for m in exc.messages), fields)


def server_error(request: HttpRequest, exc: Any) -> JsonResponse:
    logger.error(
        "API error: %s %s",
        request.method,
        request.path,
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"status_code": 500, "request": request},
    )
    return respond(500, _("Something went wrong on our side; it has been logged."))


def install(api: NinjaAPI, *, conflicts: Iterable[type[ValidationError]] = ()) -> None:
    """Answer every error of `api` in the one shape; `conflicts` are 409s (a step taken first)."""
    api.add_exception_handler(Exception, server_error)
    api.add_exception_handler(SchemaError, schema_error)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(AuthenticationError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, refused)
    api.add_exception_handler(ValidationError, invalid)
    for conflict in conflicts:
        api.add_exception_handler(conflict, lambda request, exc: invalid(request, exc, 409))


def without_nul(value: Any) -> Any:
    """`value` with every NUL character a space: no database text column can hold one
    (PostgreSQL refuses it), and no code, number or word of ours contains one."""
    if isinstance(value, str):
        return value.replace("\x00", " ")
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    return value


def json_method_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A 405 (a method the path does not take) answered in the error shape, not plain text;
    NUL characters in the path and the query string never reach the database."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get(
            "QUERY_STRING", ""
        ):
            query = request.GET.copy()
            for key in list(query):
                query.setlist(without_nul(key), without_nul(query.getlist(key)))
                if "\x00" in key:
                    del query[key]
            request.GET = query  # type: ignore[assignment]  # a copy, as Django makes it
        kwargs = without_nul(kwargs)
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            answer = respond(
                405,
                _("This path does not take %(method)s; it takes %(allowed)s.")
                % {"method": request.method, "allowed": allowed},
            )
            answer["Allow"] = allowed
            return answer
        return response

    return csrf_exempt(wrapper)


@csrf_exempt
def unknown_path(request: HttpRequest) -> JsonResponse:
    """Any path under /api/v1 that no operation has: a JSON 404, whatever the method."""
    return respond(404, _("The API has no such path: see /api/v1/docs."))
