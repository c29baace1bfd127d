"""The demo content: realistic, complete, idempotent, and within the rules it demonstrates.

One test, since loading the demo county takes a while.
"""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.catalog import demo as catalog_demo
from gongkai.core import demo as core_demo
from gongkai.publishing import actions, demo
from gongkai.publishing.models import (
    SERVICE_FIELDS,
    CongressApproval,
    Decision,
    Publication,
    PublicationTable,
    PublicationVersion,
    Review,
    Validity,
)

pytestmark = pytest.mark.django_db


def test_the_demo_publications():
    core_demo.load()
    catalog_demo.load()
    assert demo.load()["publications"] >= 30
    assert demo.load() == {"publications": 0}  # loading again adds nothing

    # Everything published went through the workflow and carries a seal that holds.
    assert not PublicationVersion.objects.filter(published_at__isnull=False, seals__isnull=True)
    assert actions.verify_chain() == []
    assert Decision.objects.exists() and CongressApproval.objects.exists()
    assert Review.objects.filter(stage="published", approved_by__isnull=False).exists()
    # and some drafts wait in each queue
    stages = set(Review.objects.exclude(stage="published").values_list("stage", flat=True))
    assert {"writing", "submitted", "returned", "approved"} <= stages

    units = set(Publication.objects.published().values_list("unit__short_name", flat=True))
    assert {"青山镇", "白水乡", "红石镇", "青山镇财政所"} <= units

    budget = PublicationTable.objects.filter(caption__contains="一般公共预算收支表").first()
    assert budget is not None and budget.rows
    relief = PublicationTable.objects.filter(caption__contains="低保对象名单").first()
    assert relief.columns == ["姓名", "所在村", "家庭人口（人）", "保障金额（元/月）"]
    guide = Publication.objects.filter(item__service_guide=True).select_related("current").first()
    assert all(getattr(guide.current, name) for name in SERVICE_FIELDS)
    repealed = Publication.objects.filter(current__validity=Validity.REPEALED).first()
    assert repealed.current.number == 2 and repealed.current.change_reason
    assert Publication.objects.published().filter(audience="internal").exists()
    assert Publication.objects.filter(current__title__contains="土地征收补偿安置方案").exists()

    # Serials follow the publication dates, as they would have when first published.
    for unit in ("青山镇", "白水乡", "红石镇"):
        dates = list(
            Publication.objects.filter(unit__short_name=unit, index_year=2026)
            .order_by("index_serial")
            .values_list("first_published_at", flat=True)
        )
        assert dates == sorted(dates)

    # A policy with its interpretation (政策解读), linked both ways on the portal.
    reading = (
        Publication.objects.public()
        .filter(current__interprets__isnull=False)
        .select_related("current__interprets")
        .first()
    )
    assert reading is not None and "政策解读" in reading.current.title
    explained = reading.current.interprets
    page = Client().get(explained.get_absolute_url()).content.decode()
    assert f'href="{reading.get_absolute_url()}"' in page
    assert (
        f'href="{explained.get_absolute_url()}"'
        in Client().get(reading.get_absolute_url()).content.decode()
    )
