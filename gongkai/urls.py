from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from gongkai.api import errors as api_errors
from gongkai.api.main import api_urls

urlpatterns = [
    # No CSRF token on the language form, so public pages are the same for every reader
    # (cacheable, no cookie set): a forged post could only switch someone's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("staff/applications/", include("gongkai.info_requests.urls")),
    path("applications/", include("gongkai.info_requests.public_urls")),
    path("search/", include("gongkai.search.urls")),
    path("api/v1/", api_urls()),
    # Any other path under /api/v1/ is a JSON 404, never the portal's HTML page.
    re_path(r"^api/v1/", api_errors.unknown_path),
    path("staff/publications/", include("gongkai.publishing.urls")),
    path("staff/catalog/", include("gongkai.catalog.urls")),
    path("staff/annual-reports/", include("gongkai.reports.urls")),
    path("staff/evaluation/", include("gongkai.evaluation.urls")),
    path("staff/villages/", include("gongkai.villages.urls")),
    path("annual-reports/", include("gongkai.reports.public_urls")),
    path("", include("gongkai.bulletins.urls")),
    path("", include("gongkai.guides.urls")),
    path("", include("gongkai.publishing.public_urls")),
    # The to-do page is the staff home: before the core pages that share the prefix.
    path("staff/", include("gongkai.obligations.urls")),
    path("staff/", include("gongkai.core.urls")),
    path("django-admin/", admin.site.urls),
    path("", include("gongkai.portal.urls")),
]
