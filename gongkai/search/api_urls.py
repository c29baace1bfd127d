"""GET /api/v1/search, included under api/v1/ ahead of the other API endpoints."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "search_api"

urlpatterns = [
    path("search", views.search_api, name="search"),
]
