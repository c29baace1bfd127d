"""The applications' JSON API, included under /api/v1/."""

from __future__ import annotations

from django.urls import path

from . import api

app_name = "info_requests_api"

urlpatterns = [
    path("info-requests", api.submit, name="submit"),
    path("info-requests/openapi.json", api.schema, name="schema"),
    path("info-requests/<str:code>", api.status, name="status"),
    path("staff/info-requests", api.staff_register, name="staff_register"),
    path("staff/info-requests/<str:code>/events", api.staff_event, name="staff_event"),
]
