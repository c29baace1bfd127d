"""Demo content: 青山镇's published report on 2025, its draft on 2026, and one review case.

Everything goes through the actions of the apps that own the records (catalog, publishing,
info_requests, reports), so the demo follows the same rules as the pages. `load()` is
idempotent: once 青山镇's 2025 report exists it changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.timezone import localdate

from gongkai.catalog import actions as catalog_actions
from gongkai.catalog.models import CatalogItem
from gongkai.core.models import Unit, User
from gongkai.info_requests import actions as request_actions
from gongkai.info_requests.models import InfoRequest
from gongkai.publishing import actions as publishing_actions
from gongkai.publishing.models import Publication

from . import actions
from .compute import NORMATIVE_BASIS
from .models import AnnualReport

TOWNSHIP = "示例县青山镇人民政府"

NORMATIVE_ITEM = {
    "group": "township",
    "level1": "政策文件",
    "level2": "行政规范性文件",
    "content": "本机关制发的行政规范性文件及其废止、失效情况",
    "basis": f"《中华人民共和国政府信息公开条例》{NORMATIVE_BASIS}",
    "time_limit": "信息形成或者变更之日起20个工作日内",
    "subject": "乡（镇）人民政府",
    "channels": ["website", "board"],
    "audience": "public",
    "mode": "proactive",
    "level": "township",
    "approval": "collective",
    "cadence": "standing",
    "service_guide": False,
}


def normative_item(unit: Unit) -> CatalogItem:
    """The unit's catalog item for normative documents (条例第二十条第（一）项), added once."""
    found = CatalogItem.objects.filter(owner=unit, basis__contains=NORMATIVE_BASIS).first()
    if found is not None:
        return found
    return catalog_actions.create_own_item(unit, by=None, **NORMATIVE_ITEM)


def _publish(
    publication: Publication,
    *,
    clerk: User,
    reviewer: User,
    leader: User,
    version_number: int,
    decided_on: dt.date,
    today: dt.date,
) -> None:
    """Take a draft through the publishing app's workflow to publication."""
    if publication.item.approval == "collective":
        publishing_actions.record_decision(
            publication,
            by=leader,
            today=today,
            meeting="镇党委会议",
            held_on=decided_on,
            minutes_no=f"{decided_on.year}年第{decided_on.month}次",
            attendees="镇党委委员",
            outcome="同意",
        )
    publishing_actions.submit(publication, by=clerk, today=today)
    publishing_actions.approve(
        publication,
        by=reviewer,
        today=today,
        no_state_secret=True,
        no_superior_document=True,
        privacy_lawful=True,
    )
    publishing_actions.publish(publication, by=reviewer, version_number=version_number, today=today)


def normative_document(
    unit: Unit,
    *,
    clerk: User,
    reviewer: User,
    leader: User,
    title: str,
    doc_no: str,
    written_on: dt.date,
    today: dt.date,
    repealed_on: dt.date | None = None,
) -> Publication:
    """A published normative document, and its repeal if `repealed_on` is given."""
    publication = publishing_actions.create(
        unit=unit,
        item=normative_item(unit),
        by=clerk,
        audience="public",
        today=today,
        title=title,
        summary=f"{title}，自印发之日起施行。",
        body=f"<p>{title}全文。</p>",
        topic="general",
        doc_no=doc_no,
        written_on=written_on,
        approval_reference=f"{written_on.year}年{written_on.month}月镇党委会议集体讨论决定",
    )
    people = {"clerk": clerk, "reviewer": reviewer, "leader": leader, "today": today}
    _publish(publication, version_number=1, decided_on=written_on, **people)
    if repealed_on is not None:
        version = publishing_actions.edit(
            publication,
            by=clerk,
            today=today,
            validity="repealed",
            validity_changed_on=repealed_on,
            change_reason="经镇党委会议研究决定废止",
        )
        _publish(publication, version_number=version.number, decided_on=repealed_on, **people)
    return publication


APPLICANT = {
    "id_type": "id_card",
    "contact_phone": "13907381234",
    "delivery": "paper",
}


def answered_application(
    unit: Unit,
    *,
    applicant_type: str,
    name: str,
    description: str,
    received_on: dt.date,
    outcome: str | None,
    replied_on: dt.date | None,
    today: dt.date,
) -> InfoRequest:
    """An application handed in on paper, received on `received_on`, answered if `outcome`."""
    req = request_actions.register(
        by=None,
        unit=unit,
        channel="in_person",
        today=today,
        received_on=received_on,
        applicant_type=applicant_type,
        applicant_name=name,
        id_number="431399198001010012" if applicant_type == "natural_person" else "",
        description=description,
        **APPLICANT,
    )
    if outcome is not None and replied_on is not None:
        request_actions.reply(
            req,
            by=None,
            date=replied_on,
            today=today,
            outcome=outcome,
            legal_basis="《中华人民共和国政府信息公开条例》第三十六条",
            reasons="经检索，依法作出答复。",
            where="青山镇人民政府门户网站“政府信息公开”栏目",
        )
        request_actions.sign_off(req, by=None, date=replied_on, today=today)
    return req


APPLICATIONS_2025 = [
    # applicant type, name, what was asked, received, outcome, replied
    (
        "natural_person",
        "张桂芳",
        "青山村2025年度低保对象名单及保障金额",
        dt.date(2025, 3, 4),
        "disclosed",
        dt.date(2025, 3, 18),
    ),
    (
        "natural_person",
        "李国华",
        "柳溪村土地征收补偿标准及安置方案",
        dt.date(2025, 5, 12),
        "partly_disclosed",
        dt.date(2025, 6, 3),
    ),
    (
        "natural_person",
        "王德明",
        "石桥村2019年宅基地审批原始档案",
        dt.date(2025, 7, 8),
        "not_held",
        dt.date(2025, 7, 22),
    ),
    (
        "commercial_enterprise",
        "示例县青山农业开发有限公司",
        "2025年农田水利工程招投标结果",
        dt.date(2025, 9, 15),
        "disclosed",
        dt.date(2025, 9, 26),
    ),
    (
        "natural_person",
        "陈小红",
        "新塘村2025年筹资筹劳项目资金使用明细",
        dt.date(2025, 12, 22),
        "disclosed",
        dt.date(2026, 1, 9),
    ),
]

TEXT_2025 = {
    "overview": (
        "2025年，青山镇深入贯彻落实《中华人民共和国政府信息公开条例》，围绕乡村振兴、"
        "民生保障和基层治理，依托县政府门户网站、镇村公开栏和便民服务站，"
        "主动公开政府信息，依法办理政府信息公开申请，全年未发生因政府信息公开引发的重大舆情。\n"
        "全镇建立了由镇长任组长的政务公开领导小组，党政办公室具体承办，各站所明确一名信息员。"
    ),
    "proactive": (
        "全年制发并公开行政规范性文件2件，废止1件；公开惠农补贴发放、低保对象、"
        "农田水利项目等信息，各村公开栏按季度更新。"
    ),
    "applications": (
        "全年新收政府信息公开申请5件，办结4件，均在法定期限内答复，其中予以公开2件、"
        "部分公开1件、本机关不掌握相关政府信息1件；结转下年度继续办理1件。"
    ),
    "review_litigation": "全年发生政府信息公开行政复议案件1件，经县人民政府复议维持。",
    "problems": (
        "一是部分站所信息更新不够及时；二是村级公开栏内容与网上公开不完全同步。"
        "下一步将落实季度检查制度，推动镇村公开同步更新。"
    ),
    "other": "本年度未收取信息处理费。",
}

TEXT_2026 = {
    "overview": (
        "2026年，青山镇持续推进基层政务公开标准化规范化建设，"
        "政务公开平台上线运行，镇村两级公开信息实现网上可查、栏上可看。"
    ),
}


def _person(username: str) -> User:
    return User.objects.get(username=username)


@transaction.atomic
def load() -> dict[str, Any]:
    unit = Unit.objects.filter(name=TOWNSHIP).first()
    if unit is None:
        return {"reports": 0}
    if AnnualReport.objects.filter(unit=unit, year=2025).exists():
        return {"reports": 0}
    today = localdate()
    clerk, reviewer = _person("qingshan_clerk"), _person("qingshan_reviewer")
    leader = _person("qingshan_leader")

    normative_document(
        unit,
        clerk=clerk,
        reviewer=reviewer,
        leader=leader,
        title="青山镇村级公益事业建设一事一议筹资筹劳管理办法",
        doc_no="青政发〔2025〕3号",
        written_on=dt.date(2025, 3, 20),
        today=today,
    )
    normative_document(
        unit,
        clerk=clerk,
        reviewer=reviewer,
        leader=leader,
        title="青山镇农村人居环境整治奖补办法",
        doc_no="青政发〔2025〕7号",
        written_on=dt.date(2025, 6, 16),
        today=today,
    )
    normative_document(
        unit,
        clerk=clerk,
        reviewer=reviewer,
        leader=leader,
        title="青山镇集镇摊点管理暂行规定",
        doc_no="青政发〔2021〕5号",
        written_on=dt.date(2021, 4, 2),
        today=today,
        repealed_on=dt.date(2025, 11, 20),
    )
    for applicant_type, name, description, received, outcome, replied in APPLICATIONS_2025:
        answered_application(
            unit,
            applicant_type=applicant_type,
            name=name,
            description=description,
            received_on=received,
            outcome=outcome,
            replied_on=replied,
            today=today,
        )
    actions.record_case(
        unit,
        by=clerk,
        kind="review",
        reference="示府复〔2025〕12号",
        subject="对柳溪村土地征收补偿方案部分公开答复不服申请行政复议",
        filed_on=dt.date(2025, 7, 10),
        result="upheld",
        decided_on=dt.date(2025, 9, 5),
    )

    report = actions.open_report(unit, 2025, by=clerk, today=today)
    hand = {key: report.value(key) for key in report.values}
    hand.update({"t2_1_0_0": 12, "t2_2_0_0": 3, "t2_2_1_0": 0})  # 许可 / 处罚 / 强制
    actions.save_values(report, by=clerk, values=hand)
    actions.save_text(report, by=clerk, **TEXT_2025)
    published_at = timezone.make_aware(dt.datetime(2026, 2, 10, 10, 0))
    actions.publish(report, by=reviewer, secrecy=actions.CONFIRMED, published_at=published_at)

    draft = actions.open_report(unit, max(today.year, 2026), by=clerk, today=today)
    actions.save_text(draft, by=clerk, **TEXT_2026)
    return {"reports": 2, "review_cases": 1}
