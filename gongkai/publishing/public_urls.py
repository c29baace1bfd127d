"""Public pages. The index number 000014349/2026-00001 is the path /info/000014349/2026-00001/."""

from __future__ import annotations

from django.urls import path, re_path

from . import public_views as views

app_name = "publishing_public"

NUMBER = r"(?P<org_code>[0-9A-Za-z]{9})/(?P<number>\d{4}-\d{5})"

urlpatterns = [
    path("catalog/", views.catalog_index, name="catalog_index"),
    path("catalog/<str:org_code>/", views.unit_catalog, name="unit_catalog"),
    path("info/<str:org_code>/", views.unit_publications, name="unit_publications"),
    re_path(rf"^info/{NUMBER}/$", views.publication, name="publication"),
    re_path(rf"^info/{NUMBER}/v(?P<version>\d+)/$", views.publication, name="version"),
    re_path(rf"^info/{NUMBER}/verify/$", views.verify, name="verify"),
    re_path(
        rf"^info/{NUMBER}/v(?P<version>\d+)/files/(?P<part>\d+)/$",
        views.attachment,
        name="attachment",
    ),
    re_path(
        rf"^info/{NUMBER}/v(?P<version>\d+)/tables/(?P<part>\d+)\.(?P<fmt>csv|xlsx)$",
        views.table_download,
        name="table",
    ),
]
