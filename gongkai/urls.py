from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from ninja import NinjaAPI

from gongkai.api.evaluation import router as evaluation_router
from gongkai.api.obligations import router as obligations_router
from gongkai.reports import public_views as reports_public

obligations_api = NinjaAPI(urls_namespace="obligations_api", docs_url=None, openapi_url=None)
obligations_api.add_router("", obligations_router)

# Until the API's own NinjaAPI lands, the evaluation router is mounted on its own; it comes
# before the other api/v1/ routes, whose publications/<path:index_no> would take its paths.
evaluation_api = NinjaAPI(urls_namespace="evaluation_api", docs_url=None, openapi_url=None)
evaluation_api.add_router("", evaluation_router)

urlpatterns = [
    # No CSRF token on the language form, so public pages are the same for every reader
    # (cacheable, no cookie set): a forged post could only switch someone's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("staff/applications/", include("gongkai.info_requests.urls")),
    path("applications/", include("gongkai.info_requests.public_urls")),
    path("search/", include("gongkai.search.urls")),
    path(
        "api/v1/annual-reports/<str:org_code>/<int:year>",
        reports_public.api_report,
        name="annual_report_api",
    ),
    # Until the JSON API has one NinjaAPI, the obligations router is mounted on its own.
    path("api/v1/", obligations_api.urls),
    path("api/v1/", evaluation_api.urls),
    path("api/v1/", include("gongkai.search.api_urls")),
    path("api/v1/", include("gongkai.info_requests.api_urls")),
    path("api/v1/", include("gongkai.publishing.api_urls")),
    path("staff/publications/", include("gongkai.publishing.urls")),
    path("staff/catalog/", include("gongkai.catalog.urls")),
    path("staff/annual-reports/", include("gongkai.reports.urls")),
    path("staff/evaluation/", include("gongkai.evaluation.urls")),
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
