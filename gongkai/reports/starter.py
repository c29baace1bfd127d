"""Starting paragraphs for the sections, from what the platform knows of the unit's year.

Offered on the text page while a section is empty; the clerk checks and completes them.
The public evaluation (评议) and assessment (考核) results that LAW.md wants in the report
are not on the platform yet, so no paragraph is drawn from them.
"""

from __future__ import annotations

from gongkai.publishing.models import Publication

from . import layout
from .layout import t3, t4
from .models import AnnualReport


def _total(report: AnnualReport, row: int) -> int:
    return report.value(t3(row, layout.T3_TOTAL_COLUMN))


def overview(report: AnnualReport) -> str:
    published = (
        Publication.objects.published()
        .filter(unit=report.unit, first_published_at__year=report.year)
        .count()
    )
    return (
        f"{report.year}年，{report.unit.name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        f"全年通过政务公开平台主动公开政府信息{published}条，"
        f"新收政府信息公开申请{_total(report, layout.T3_NEW)}件，"
        f"办结{_total(report, layout.T3_RESULTS_TOTAL)}件。"
    )


def _short(label: str) -> str:
    """A row's words without numbering or note: （二）部分公开（区分…） → 部分公开."""
    if "." in label[:3]:
        label = label.split(".", 1)[1]
    if label.startswith("（"):
        label = label.split("）", 1)[1]
    return label.split("（", 1)[0]


def applications(report: AnnualReport) -> str:
    parts = [
        f"{_short(row.label)}{_total(report, row.index)}件"
        for row in layout.TABLE3_ROWS
        if row.index in layout.T3_OUTCOME_ROWS and _total(report, row.index)
    ]
    text = (
        f"{report.year}年，新收政府信息公开申请{_total(report, layout.T3_NEW)}件，"
        f"上年结转{_total(report, layout.T3_CARRIED_IN)}件，"
        f"办结{_total(report, layout.T3_RESULTS_TOTAL)}件"
    )
    if parts:
        text += f"，其中{'、'.join(parts)}"
    return text + f"；结转下年度继续办理{_total(report, layout.T3_CARRIED_OUT)}件。"


def review_litigation(report: AnnualReport) -> str:
    total = layout.T4_TOTAL_COLUMN
    reviews = report.value(t4(0, total))
    suits = report.value(t4(1, total)) + report.value(t4(2, total))
    if not reviews and not suits:
        return f"{report.year}年，未发生政府信息公开行政复议、行政诉讼案件。"
    return f"{report.year}年，发生政府信息公开行政复议案件{reviews}件，行政诉讼案件{suits}件。"


OFFERS = {
    "overview": overview,
    "applications": applications,
    "review_litigation": review_litigation,
}


def offers(report: AnnualReport) -> dict[str, str]:
    """A starting paragraph for each section that is still empty and has one."""
    return {name: make(report) for name, make in OFFERS.items() if not getattr(report, name)}
