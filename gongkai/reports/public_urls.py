from __future__ import annotations

from django.urls import path

from . import public_views as views

app_name = "reports_public"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:org_code>/<int:year>/", views.report, name="report"),
    path("<str:org_code>/<int:year>/report.<str:fmt>", views.report_download, name="download"),
]
