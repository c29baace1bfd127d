from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/applications/", include("gongkai.info_requests.urls")),
    path("applications/", include("gongkai.info_requests.public_urls")),
    path("search/", include("gongkai.search.urls")),
    path("api/v1/", include("gongkai.search.api_urls")),
    path("api/v1/", include("gongkai.info_requests.api_urls")),
    path("staff/publications/", include("gongkai.publishing.urls")),
    path("staff/catalog/", include("gongkai.catalog.urls")),
    path("", include("gongkai.publishing.public_urls")),
    path("staff/", include("gongkai.core.urls")),
    path("django-admin/", admin.site.urls),
    path("", include("gongkai.portal.urls")),
]
