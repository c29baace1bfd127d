"""sitemap.xml: an index of sections, so 200,000 publications stay within the 50,000 limit."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.core.models import Unit, UnitKind
from gongkai.publishing.models import Publication, Status
from gongkai.reports.models import AnnualReport

from .column import COLUMN_KINDS, PARTS


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "portal:home",
            "portal:county_column",
            "publishing_public:catalog_index",
            "reports_public:index",
            "info_requests_public:apply",
        ]

    def location(self, name: str) -> str:
        return reverse(name)


class ColumnSitemap(Sitemap):
    """Each unit's disclosure column and its parts."""

    changefreq = "weekly"

    def items(self) -> list[tuple[str, str]]:
        codes = Unit.objects.filter(kind__in=COLUMN_KINDS).order_by("path")
        names = ["portal:column", *(part.url_name for part in PARTS)]
        return [(name, code) for code in codes.values_list("org_code", flat=True) for name in names]

    def location(self, entry: tuple[str, str]) -> str:
        name, code = entry
        return reverse(name, kwargs={"org_code": code})


class CatalogSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Unit.objects.filter(kind__in=(UnitKind.TOWNSHIP, UnitKind.OFFICE)).order_by("path")

    def location(self, unit: Unit) -> str:
        return reverse("publishing_public:unit_catalog", args=[unit.org_code])


class PublicationSitemap(Sitemap):
    """Public publications only, with the time their current version was published."""

    changefreq = "monthly"

    def items(self):
        return (
            Publication.objects.public()
            .exclude(status=Status.WITHDRAWN)
            .select_related("current")
            .only("index_no", "current__published_at")
            .order_by("pk")
        )

    def location(self, publication: Publication) -> str:
        return publication.get_absolute_url()

    def lastmod(self, publication: Publication):
        return publication.current.published_at


class ReportSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return (
            AnnualReport.objects.published().select_related("unit").order_by("unit__path", "year")
        )

    def location(self, report: AnnualReport) -> str:
        return report.get_public_url()

    def lastmod(self, report: AnnualReport):
        return report.published_at


SITEMAPS = {
    "pages": PagesSitemap,
    "columns": ColumnSitemap,
    "catalogs": CatalogSitemap,
    "publications": PublicationSitemap,
    "reports": ReportSitemap,
}
