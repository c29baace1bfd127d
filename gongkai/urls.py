from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from gongkai.api import errors as api_errors
from gongkai.api.main import api_urls
from gongkai.bulletins import urls as bulletins_urls
from gongkai.core.urls import health_patterns
from gongkai.guides import urls as guides_urls
from gongkai.portal import urls as portal

# Every include has a literal prefix of its own (or, at the root, lists whose patterns each
# start with one), so their order matters only where a comment says so.
urlpatterns = [
    # No CSRF token on the language form, so public pages are the same for every reader
    # (cacheable, no cookie set): a forged post could only switch someone's language.
    # The health check a load balancer polls (core/health.py).
    path("", include((health_patterns, "health"))),
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # Staff pages.
    path("staff/applications/", include("gongkai.info_requests.urls")),
    path("staff/publications/", include("gongkai.publishing.urls")),
    path("staff/catalog/", include("gongkai.catalog.urls")),
    path("staff/annual-reports/", include("gongkai.reports.urls")),
    path("staff/evaluation/", include("gongkai.evaluation.urls")),
    path("staff/assessment/", include("gongkai.assessment.urls")),
    path("staff/villages/", include("gongkai.villages.urls")),
    path("staff/meetings/", include("gongkai.meetings.urls")),
    # The to-do page is the staff home: before the core pages that share the prefix.
    path("staff/", include("gongkai.obligations.urls")),
    path("staff/", include("gongkai.core.urls")),
    path("django-admin/", admin.site.urls),
    # The JSON API; any other path under /api/v1/ is a JSON 404, never the portal's HTML page.
    path("api/v1/", api_urls()),
    re_path(r"^api/v1/", api_errors.unknown_path),
    # Public pages: all of them the portal's, each under the namespace it has always had.
    path("applications/", include((portal.application_patterns, "info_requests_public"))),
    path("annual-reports/", include((portal.report_patterns, "reports_public"))),
    path("search/", include((portal.search_patterns, "search"))),
    path("meetings/", include((portal.meeting_patterns, "meetings_public"))),
    path("topics/", include((portal.topic_patterns, "topics"))),
    path("", include((portal.publication_patterns, "publishing_public"))),  # catalog/, info/
    # Staff bulletin and guide pages (staff/bulletins/, staff/guides/) with their public PDFs.
    path("", include(([*bulletins_urls.urlpatterns, *portal.bulletin_patterns], "bulletins"))),
    path("", include(([*guides_urls.urlpatterns, *portal.guide_patterns], "guides"))),
    path("", include("gongkai.portal.urls")),
]
