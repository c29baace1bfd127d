from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from . import column, display, evaluation, feeds, seals, views, village
from .conditional import public_page, site_changed
from .sitemaps import SITEMAPS

app_name = "portal"

feed = public_page(last_modified=site_changed)(feeds.PublicationFeed())

urlpatterns = [
    path("", views.home, name="home"),
    path("units/<str:org_code>/", views.unit, name="unit"),
    path("display/", display.set_display, name="display"),
    path("my-village/", village.my_village, name="my_village"),
    path("seals/", seals.seals, name="seals"),
    path("disclosure/", column.county_column, name="county_column"),
    path("disclosure/<str:org_code>/", column.column, name="column"),
    path("disclosure/<str:org_code>/guide/", column.guide, name="guide"),
    path("disclosure/<str:org_code>/rules/", column.rules, name="rules"),
    path("disclosure/<str:org_code>/proactive/", column.proactive, name="proactive"),
    path("disclosure/<str:org_code>/annual-reports/", column.annual_reports, name="annual_reports"),
    path("disclosure/<str:org_code>/on-application/", column.on_application, name="on_application"),
    re_path(
        r"^info/(?P<org_code>[0-9A-Za-z]{9})/(?P<number>\d{4}-\d{5})/rate/$",
        evaluation.rate_publication,
        name="rate_publication",
    ),
    re_path(
        r"^info/(?P<org_code>[0-9A-Za-z]{9})/(?P<number>\d{4}-\d{5})/report-error/$",
        evaluation.report_error,
        name="report_error",
    ),
    path("applications/track/<str:code>/rate/", evaluation.rate_reply, name="rate_reply"),
    path("error-reports/", evaluation.track_report, name="track_error_report"),
    path("error-reports/<str:code>/", evaluation.report_status, name="error_report"),
    path("feeds/", feed, name="feed"),
    path("feeds/items/<int:item>/", feed, name="item_feed"),
    path("feeds/<str:org_code>/", feed, name="unit_feed"),
    path("feeds/<str:org_code>/items/<int:item>/", feed, name="unit_item_feed"),
    path(
        "sitemap.xml",
        public_page(last_modified=site_changed)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(last_modified=site_changed)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
