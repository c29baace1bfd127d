"""The public search page; the JSON API runs the same search (`reads.run`) for the same user."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .reads import run


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    form, results = run(request.GET, request.user)
    return render(
        request,
        "search/search.html",
        {"form": form, "results": results, "hide_search_box": True},
    )
