"""The demo county has postings on its boards: some still up, one taken down."""

from __future__ import annotations

from gongkai.bulletins import demo as bulletins_demo
from gongkai.bulletins.models import Posting
from gongkai.catalog import demo as catalog_demo
from gongkai.core.models import UnitKind
from gongkai.publishing import demo as publishing_demo


def test_the_demo_county_has_postings(demo, client):
    catalog_demo.load()
    publishing_demo.load()
    assert bulletins_demo.load() == {"postings": 4}
    assert bulletins_demo.load() == {}  # running it again adds nothing
    assert Posting.objects.count() == 4
    assert Posting.objects.still_up().count() == 3
    village = Posting.objects.filter(unit__kind=UnitKind.VILLAGE)
    assert village.count() == 2
    assert village.filter(photo_kind="png").count() == 1
    taken_down = Posting.objects.get(taken_down_on__isnull=False)
    publication = taken_down.versions.get().publication
    page = client.get(publication.get_absolute_url()).content.decode()
    assert "2026年1月20日至2026年3月2日在青山镇人民政府大院政务公开栏张贴公开。" in page
