"""Pieces every router shares: the error shape, the list shape, paging and enums from choices.

A router answers a list as `Page[ItemSchema]` built with `page_of(...)`, documents its errors
with `errors(400, 404, ...)`, and turns a model's TextChoices into a listed enum with
`choice(Model.Kind)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Annotated, Any, Generic, Literal, TypeVar

from django.db.models import Choices
from django.http import HttpRequest
from django.utils.http import urlencode
from ninja import Field, Schema

PER_PAGE = 20
# Far past any real list; a bigger page number is refused before any query runs.
MAX_PAGE = 10_000

PageNumber = Annotated[int, Field(ge=1, le=MAX_PAGE, description="From 1.")]
# Database ids fit a signed 64-bit integer; anything larger is refused, never a server error.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

T = TypeVar("T")


class Error(Schema):
    """Every error of the API: a message in the request's language, and the fields at fault."""

    error: str = Field(description="What went wrong, in the request's language.")
    fields: dict[str, str] = Field(
        default_factory=dict, description="Each field at fault with its message."
    )


class Page(Schema, Generic[T]):
    """Every list of the API."""

    items: list[T]
    next: str | None = Field(description="The next page's URL, or null on the last page.")


def choice(choices: type[Choices] | Iterable[str]) -> Any:
    """A `Literal` of a TextChoices' values (or of the given strings), listed in the schema."""
    values = tuple(choices.values if isinstance(choices, type) else choices)
    return Literal[values]  # type: ignore[valid-type]


def errors(*codes: int) -> dict[int, type[Error]]:
    """The error responses an operation documents, all in the one error shape."""
    return {code: Error for code in codes}


def next_page_url(request: HttpRequest, page: int) -> str:
    query: dict[str, Any] = {k: v for k, v in request.GET.items() if k != "page"}
    query["page"] = page
    return request.build_absolute_uri(f"{request.path}?{urlencode(query)}")


def page_of(
    request: HttpRequest,
    rows: Any,
    page: int,
    serialize: Callable[[Any], Any],
    per_page: int = PER_PAGE,
) -> dict[str, Any]:
    """One page of `rows` (a queryset is sliced, never read whole) in the list shape."""
    start = (page - 1) * per_page
    found = list(rows[start : start + per_page + 1])
    more = len(found) > per_page
    return {
        "items": [serialize(row) for row in found[:per_page]],
        "next": next_page_url(request, page + 1) if more else None,
    }


def whole_list(items: Iterable[Any]) -> dict[str, Any]:
    """A list that is never paged, in the same shape."""
    return {"items": list(items), "next": None}
