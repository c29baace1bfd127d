"""Atom feeds of what is published: the county's, each unit's and each catalog item's.

Feeds are read by programs that never sign in, so they carry public publications only,
whoever asks: an internal publication never appears, not even for its own staff.

    /feeds/                                 everything the county's units publish
    /feeds/<org code>/                      a unit, with the units under it
    /feeds/items/<item>/                    one catalog item, across the county
    /feeds/<org code>/items/<item>/         one catalog item of one unit
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from gongkai.catalog import reads as catalog_reads
from gongkai.catalog.models import CatalogItem
from gongkai.core.models import Unit, UnitKind
from gongkai.publishing.models import Publication, Topic

from .column import COLUMN_KINDS

ENTRIES = 50


@dataclass
class Scope:
    unit: Unit
    item: CatalogItem | None = None


class PublicationFeed(Feed):
    feed_type = Atom1Feed

    def get_object(
        self, request: HttpRequest, org_code: str | None = None, item: int | None = None
    ) -> Scope:
        if org_code is None:
            unit = get_object_or_404(Unit.objects.counties().order_by("position", "pk")[:1])
        else:
            unit = get_object_or_404(Unit, org_code=org_code.upper(), kind__in=COLUMN_KINDS)
        found = None
        if item is not None:
            # A merged duplicate's feed is the feed of the item it became.
            if (kept := catalog_reads.merged_into(item)) is not None:
                item = kept.pk
            items = CatalogItem.objects.all()
            if unit.kind != UnitKind.COUNTY:
                items = items.adopted_by(unit)
            found = get_object_or_404(items, pk=item)
        return Scope(unit, found)

    def title(self, scope: Scope) -> str:
        if scope.item is not None:
            return f"{scope.unit.name} · {scope.item.level2}"
        return _("%(unit)s: government information disclosure") % {"unit": scope.unit.name}

    def subtitle(self, scope: Scope) -> str:
        return _("The newest publications, public ones only.")

    def link(self, scope: Scope) -> str:
        if scope.item is not None and scope.unit.kind != UnitKind.COUNTY:
            return (
                reverse("publishing_public:unit_publications", args=[scope.unit.org_code])
                + f"?item={scope.item.pk}"
            )
        return reverse("portal:column", args=[scope.unit.org_code])

    def feed_url(self, scope: Scope) -> str:
        return feed_url(scope.unit, scope.item)

    def items(self, scope: Scope) -> list[Publication]:
        publications = Publication.objects.public().filter(
            unit__in=Unit.objects.subtree(scope.unit).values("pk")
        )
        if scope.item is not None:
            publications = publications.filter(item=scope.item)
        return list(publications.select_related("current", "item", "unit").newest_first()[:ENTRIES])

    def item_title(self, publication: Publication) -> str:
        if publication.status == "withdrawn":
            return f"[{_('Withdrawn')}] {publication.current.title}"
        return publication.current.title

    def item_description(self, publication: Publication) -> str:
        if publication.status == "withdrawn":  # the reason, never the withdrawn content
            return publication.withdrawal_reason
        return publication.current.summary or publication.current.title

    def item_link(self, publication: Publication) -> str:
        return publication.get_absolute_url()

    def item_pubdate(self, publication: Publication) -> dt.datetime:
        return publication.first_published_at

    def item_updateddate(self, publication: Publication) -> dt.datetime:
        return publication.current.published_at

    def item_author_name(self, publication: Publication) -> str:
        return publication.current.publisher_name or publication.unit.name

    def item_categories(self, publication: Publication) -> list[str]:
        categories = [publication.item.level1, publication.item.level2]
        if publication.current.topic in Topic.values:
            categories.append(Topic(publication.current.topic).label)
        return categories


def feed_url(unit: Unit, item: CatalogItem | None = None) -> str:
    if unit.kind == UnitKind.COUNTY:
        if item is None:
            return reverse("portal:feed")
        return reverse("portal:item_feed", kwargs={"item": item.pk})
    if item is None:
        return reverse("portal:unit_feed", kwargs={"org_code": unit.org_code})
    return reverse("portal:unit_item_feed", kwargs={"org_code": unit.org_code, "item": item.pk})
