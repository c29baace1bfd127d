"""The search as the page and the API run it: the same form, the same scope for the same user."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gongkai.core import access
from gongkai.core.access import Perm

from . import index
from .forms import SearchForm
from .index import Results


def reader_scope(user) -> list[int]:
    """The units whose internal documents this user may find (none for the public)."""
    return list(access.units(user, Perm.READ_INTERNAL).values_list("pk", flat=True))


def run(params: Mapping[str, Any] | None, user) -> tuple[SearchForm, Results | None]:
    """The bound form and its results; no results when nothing was asked or the form is bad."""
    form = SearchForm(params or None)
    if not form.is_bound or not form.is_valid():
        return form, None
    data = form.cleaned_data
    results = index.search(
        data["q"],
        filters=form.filters(),
        user_scope=reader_scope(user),
        page=data["page"],
    )
    return form, results
