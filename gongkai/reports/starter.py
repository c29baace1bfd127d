"""A starting paragraph for 一、总体情况, from what the platform knows of the unit's year.

The clerk edits it; it is offered only while the section is empty.
"""

from __future__ import annotations

from gongkai.core.models import Unit
from gongkai.publishing.models import Publication

from . import layout
from .layout import t3
from .models import AnnualReport


def overview(report: AnnualReport) -> str:
    unit: Unit = report.unit
    published = (
        Publication.objects.published()
        .filter(unit=unit, first_published_at__year=report.year)
        .count()
    )
    received = report.value(t3(layout.T3_NEW, layout.T3_TOTAL_COLUMN))
    answered = report.value(t3(layout.T3_RESULTS_TOTAL, layout.T3_TOTAL_COLUMN))
    return (
        f"{report.year}年，{unit.name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        f"全年通过政务公开平台主动公开政府信息{published}条，"
        f"新收政府信息公开申请{received}件，办结{answered}件。"
    )
