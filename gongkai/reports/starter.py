"""Starting paragraphs for the sections, from what the platform knows of the unit's year.

Offered on the text page while a section is empty; the clerk checks and completes them.
Section 五 starts from the shortcomings the platform measures itself (late publications, late
replies, withdrawals) and from the public's evaluation of the year (ratings, error reports,
the evaluators' scores) and from the county's assessment (考核) of the unit's year.
"""

from __future__ import annotations

from django.db.models import F

from gongkai.evaluation import reads as evaluation
from gongkai.info_requests import outcomes
from gongkai.info_requests.models import InfoRequest
from gongkai.publishing.models import Publication, Review
from gongkai.publishing.models import Status as PublicationStatus

from . import hooks, layout
from .compute import fees
from .layout import t3, t4
from .models import AnnualReport, counted_units


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


def problems(report: AnnualReport) -> str:
    """What the records show went wrong in the year; the clerk adds causes and remedies."""
    unit, year = report.unit, report.year
    late = Review.objects.filter(
        published_late=True,
        version__publication__unit=unit,
        version__published_at__year=year,
    ).count()
    late_replies = (
        InfoRequest.objects.filter(
            unit__in=counted_units(unit),
            replied_on__year=year,
            due_on__isnull=False,
            replied_on__gt=F("due_on"),
        )
        .exclude(outcome=outcomes.FEE_UNPAID_KEY)
        .count()
    )
    withdrawn = Publication.objects.filter(
        unit=unit, status=PublicationStatus.WITHDRAWN, withdrawn_at__year=year
    ).count()
    found = []
    if late:
        found.append(f"{late}条政府信息未在形成或者变更之日起20个工作日内公开")
    if late_replies:
        found.append(f"{late_replies}件政府信息公开申请超过法定期限答复")
    if withdrawn:
        found.append(f"{withdrawn}条已公开信息因内容有误等原因撤回")
    if not found:
        text = (
            f"{year}年，平台记录显示本单位主动公开的政府信息均在形成或者变更之日起"
            f"20个工作日内公开，政府信息公开申请均在法定期限内答复。"
        )
    else:
        text = f"{year}年，平台记录显示：{'；'.join(found)}。"
    return text + public_evaluation(report) + assessment_result(report)


def public_evaluation(report: AnnualReport) -> str:
    """The public's verdict on the unit's publications and replies, and the evaluators'."""
    found = evaluation.results(report.unit, report.year, details=False)
    parts = []
    if found.ratings:
        parts.append(
            f"群众评价{found.ratings}次，其中满意{found.satisfied}次、"
            f"基本满意{found.basically_satisfied}次、不满意{found.dissatisfied}次，"
            f"满意率{found.satisfaction_rate}%"
        )
    if found.error_reports:
        parts.append(
            f"收到信息纠错{found.error_reports}件，已答复{found.answered}件，"
            f"其中按时答复{found.answered_on_time}件"
        )
    if found.evaluations:
        parts.append(
            f"人大代表、政协委员等评议{found.evaluations}人次，平均得分{found.average_score}"
        )
    if not parts:
        return ""
    return f"公众评议方面，{'；'.join(parts)}。"


def other(report: AnnualReport) -> str:
    """Section 六 starts from the year's processing fees (国办函〔2020〕109号), as recorded."""
    found = fees(report.unit, report.year)
    if not found.notices and not found.paid:
        return f"{report.year}年，本机关未发出信息处理费收费通知，未收取信息处理费。"
    return (
        f"{report.year}年，本机关依据《政府信息公开信息处理费管理办法》"
        f"发出收费通知{found.notices}件，总金额{found.notice_amount}元；"
        f"实际收取信息处理费{found.paid}件，总金额{found.paid_amount}元。"
    )


def assessment_result(report: AnnualReport) -> str:
    """The county's assessment of the unit's year, as the assessment app words it."""
    return hooks.assessment_sentence(report.unit, report.year)


OFFERS = {
    "overview": overview,
    "applications": applications,
    "review_litigation": review_litigation,
    "problems": problems,
    "other": other,
}


def offers(report: AnnualReport) -> dict[str, str]:
    """A starting paragraph for each section that is still empty and has one."""
    return {name: make(report) for name, make in OFFERS.items() if not getattr(report, name)}
