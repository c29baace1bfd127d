"""Every public page. `urlpatterns` are the portal's own (namespace "portal").

The other lists keep the names that pages, tests and `reverse()` have always used: the
project's URLs include each under its namespace and prefix (see `gongkai/urls.py`). Every
pattern starts with a literal prefix of its own, so no list shadows another.
"""

from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from gongkai.core.caching import public_page, site_changed

from . import (
    applications,
    column,
    corrections,
    display,
    evaluation,
    feeds,
    meetings,
    pictures,
    printed,
    publications,
    reports,
    seals,
    search,
    topics,
    views,
    village,
)
from .sitemaps import SITEMAPS

app_name = "portal"

# An index number 000014349/2026-00001 is the path /info/000014349/2026-00001/.
NUMBER = r"(?P<org_code>[0-9A-Za-z]{9})/(?P<number>\d{4}-\d{5})"

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
    path(
        "applications/track/<str:code>/correct/",
        corrections.correct_application,
        name="correct_application",
    ),
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

# Namespace "publishing_public", at the root: /catalog/… and /info/….
publication_patterns = [
    path("catalog/", publications.catalog_index, name="catalog_index"),
    # A unit's catalog tree is its column's proactive part, under its older address too.
    path("catalog/<str:org_code>/", column.proactive, name="unit_catalog"),
    path("info/<str:org_code>/", publications.unit_publications, name="unit_publications"),
    # A picture in a publication's text, under one address from the draft onwards.
    path("info/pictures/<int:part>/", pictures.picture, name="picture"),
    re_path(rf"^info/{NUMBER}/$", publications.publication, name="publication"),
    re_path(rf"^info/{NUMBER}/v(?P<version>\d+)/$", publications.publication, name="version"),
    re_path(rf"^info/{NUMBER}/verify/$", publications.verify, name="verify"),
    re_path(
        rf"^info/{NUMBER}/v(?P<version>\d+)/files/(?P<part>\d+)/$",
        publications.attachment,
        name="attachment",
    ),
    re_path(
        rf"^info/{NUMBER}/v(?P<version>\d+)/tables/(?P<part>\d+)\.(?P<fmt>csv|xlsx)$",
        publications.table_download,
        name="table",
    ),
]

# Namespace "bulletins" (beside its staff pages): the sheet beside the publication page.
bulletin_patterns = [
    re_path(rf"^info/{NUMBER}/sheet\.pdf$", printed.public_sheet, name="public_sheet"),
]

# Namespace "guides" (beside its staff pages): a service matter's guide and desk card.
guide_patterns = [
    re_path(rf"^guides/{NUMBER}/guide\.pdf$", printed.guide, name="guide"),
    re_path(rf"^guides/{NUMBER}/card\.pdf$", printed.card, name="card"),
]

# Namespace "info_requests_public", under /applications/.
application_patterns = [
    path("", applications.apply, name="apply"),
    path("track/", applications.track, name="track"),
    path("track/<str:code>/", applications.status, name="status"),
    path("track/<str:code>/files/<int:pk>/", applications.document, name="document"),
]

# Namespace "reports_public", under /annual-reports/: every unit's reports is the county's
# column part.
report_patterns = [
    path("", column.annual_report_index, name="index"),
    path("<str:org_code>/<int:year>/", reports.report, name="report"),
    path("<str:org_code>/<int:year>/report.<str:fmt>", reports.report_download, name="download"),
]

# Namespace "search", under /search/.
search_patterns = [
    path("", search.search_page, name="page"),
]

# Namespace "meetings_public", under /meetings/: open meetings (会议公开) and sign-up.
meeting_patterns = [
    path("", meetings.index, name="index"),
    path("my-sign-ups/", meetings.my_signups, name="my_signups"),
    path("<str:org_code>/", meetings.unit_meetings, name="unit"),
    path("<str:org_code>/<int:pk>/", meetings.meeting, name="meeting"),
]

# Namespace "topics", under /topics/: public publications by subject classification (主题分类).
topic_patterns = [
    path("", topics.index, name="index"),
    path("<str:topic>/", topics.topic, name="topic"),
]
