"""The public search page: the same search as the JSON API, for the same user."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongkai.core.models import Audience
from gongkai.search import reads


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    form, results = reads.run(request.GET, request.user)
    return render(
        request,
        "portal/search/search.html",
        {"form": form, "results": results, "hide_search_box": True, "Audience": Audience},
    )
