"""The search as a reader runs it: the form, the reader's scope, the results."""

from __future__ import annotations

from django.http import HttpRequest

from gongkai.core import access
from gongkai.core.access import Perm

from . import index
from .forms import SearchForm
from .index import Results


def reader_scope(user) -> list[int]:
    """The units whose internal documents this user may find (none for the public)."""
    return list(access.units(user, Perm.READ_INTERNAL).values_list("pk", flat=True))


def run(request: HttpRequest) -> tuple[SearchForm, Results | None]:
    """The search form bound to the query string, and its results when it is valid."""
    form = SearchForm(request.GET or None)
    if not form.is_bound or not form.is_valid():
        return form, None
    data = form.cleaned_data
    results = index.search(
        data["q"],
        filters=form.filters(),
        user_scope=reader_scope(request.user),
        page=data["page"],
    )
    return form, results
