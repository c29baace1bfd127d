from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import column, display, feeds, seals, views
from .conditional import public_page, site_changed
from .sitemaps import SITEMAPS

app_name = "portal"

feed = public_page(last_modified=site_changed)(feeds.PublicationFeed())

urlpatterns = [
    path("", views.home, name="home"),
    path("units/<str:org_code>/", views.unit, name="unit"),
    path("display/", display.set_display, name="display"),
    path("seals/", seals.seals, name="seals"),
    path("disclosure/", column.county_column, name="county_column"),
    path("disclosure/<str:org_code>/", column.column, name="column"),
    path("disclosure/<str:org_code>/guide/", column.guide, name="guide"),
    path("disclosure/<str:org_code>/rules/", column.rules, name="rules"),
    path("disclosure/<str:org_code>/proactive/", column.proactive, name="proactive"),
    path("disclosure/<str:org_code>/annual-reports/", column.annual_reports, name="annual_reports"),
    path("disclosure/<str:org_code>/on-application/", column.on_application, name="on_application"),
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
