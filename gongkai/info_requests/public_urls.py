"""Public pages, included under /applications/."""

from __future__ import annotations

from django.urls import path

from . import public_views

app_name = "info_requests_public"

urlpatterns = [
    path("", public_views.apply, name="apply"),
    path("track/", public_views.track, name="track"),
    path("track/<str:code>/", public_views.status, name="status"),
    path("track/<str:code>/files/<int:pk>/", public_views.document, name="document"),
]
