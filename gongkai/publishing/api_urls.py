"""The public read API, included under /api/v1/."""

from __future__ import annotations

from django.urls import path

from . import api

app_name = "publishing_api"

urlpatterns = [
    path("openapi.json", api.schema, name="schema"),
    path("units", api.units, name="units"),
    path("catalog", api.catalog, name="catalog"),
    path("publications", api.publications, name="publications"),
    path("publications/<path:index_no>/verify", api.verify, name="verify"),
    # <path:> takes the index number's "/" as is; a %2F arrives decoded, so both forms work.
    path("publications/<path:index_no>", api.publication, name="publication"),
]
