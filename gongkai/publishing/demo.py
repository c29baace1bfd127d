# ruff: noqa: E501 - the demo's Chinese text reads better unbroken
"""Demo publications: for each demo township and its finance office, a realistic set across the
catalog's groups — a budget with its table, a relief list (names, household size and amount
only), a land requisition notice, a service guide with the six elements, internal hospitality
and travel expenses, a repealed rule, an amended notice with its version list, and a subsidy
policy with its interpretation (政策解读) linked to it.

Written by each unit's clerk and published by its reviewer, through the actions, on dates in
the past (as an import of earlier disclosures would). Running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.models import CatalogItem
from gongkai.core.models import Membership, Role, Unit, UnitKind, User

from . import actions
from .models import Publication, Validity

# (township short name, abbreviation used in its document numbers, villages, surnames)
TOWNSHIPS = {
    "青山镇": ("青政", ["青山村", "柳溪村", "石桥村"], "李王张刘陈杨黄赵"),
    "白水乡": ("白政", ["白水村", "桃源村", "上坪村"], "周吴郑孙胡朱高林"),
    "红石镇": ("红政", ["红石村", "竹园村", "龙口村"], "何罗梁宋唐许韩冯"),
}
GIVEN = [
    "秀英",
    "桂兰",
    "建国",
    "志强",
    "玉梅",
    "德明",
    "海燕",
    "永福",
    "淑珍",
    "国华",
    "春生",
    "冬梅",
]


@dataclass
class Doc:
    key: str  # catalog item key
    title: str
    summary: str
    body: str
    topic: str
    on: dt.date  # written and published on (published a few days later)
    doc_no: str = ""
    period: str = ""
    audience: str = "public"
    approval: str = ""
    tables: list[tuple[str, str]] = field(default_factory=list)  # (caption, CSV text)
    pdf: str = ""  # name of a small PDF attachment
    service: dict[str, str] = field(default_factory=dict)
    amend: dict[str, Any] = field(default_factory=dict)  # a later version: fields and reason
    interprets: str = ""  # 政策解读: the title of the unit's policy it explains


def _people(surnames: str, count: int, seed: int) -> list[str]:
    return [
        surnames[(i + seed) % len(surnames)] + GIVEN[(i * 5 + seed) % len(GIVEN)]
        for i in range(count)
    ]


def township_docs(short: str) -> list[Doc]:
    abbr, villages, surnames = TOWNSHIPS[short]
    v1, v2, v3 = villages
    relief = "\n".join(
        f"{name},{[v1, v2, v3][i % 3]},{(i % 4) + 1},{[420, 630, 840, 1050][i % 4] + (i % 3) * 20}"
        for i, name in enumerate(_people(surnames, 14, len(short)))
    )
    homesteads = "\n".join(
        f"{name},{[v1, v2, v3][i % 3]},{[120, 135, 150][i % 3]},同意"
        for i, name in enumerate(_people(surnames, 6, 3))
    )
    return [
        Doc(
            "T01",
            f"{short}党政领导班子成员及工作分工",
            f"{short}党委、政府领导班子成员姓名、职务及分工。",
            f"<h2>党委书记</h2><p>主持{short}党委全面工作。</p><h2>{short[-1]}长</h2><p>主持政府全面工作，分管财政、审计工作。</p>"
            "<h2>副职</h2><ul><li>党委副书记：负责党建、组织、宣传、统战工作。</li><li>副"
            f"{short[-1]}长：负责农业农村、水利、乡村振兴工作。</li><li>副{short[-1]}长：负责自然资源、城乡建设、安全生产工作。</li></ul>",
            "organisation",
            dt.date(2026, 1, 5),
        ),
        Doc(
            "T04",
            f"{short}2026年财政预算公开",
            f"经{short}第二十届人民代表大会第五次会议审查批准的2026年财政预算。",
            f"<p>根据《中华人民共和国预算法》第十四条，现将{short}2026年财政预算公开如下。预算收支总额见下表，"
            "详细说明见附件。</p><p>“三公”经费预算安排：公务接待费4.2万元，公务用车运行维护费6.8万元，无因公出国（境）费用。</p>",
            "finance",
            dt.date(2026, 1, 12),
            doc_no=f"{abbr}发〔2026〕2号",
            period="2026年度",
            approval=f"2026年1月9日{short}第二十届人民代表大会第五次会议审查批准",
            tables=[
                (
                    "2026年一般公共预算收支表（单位：万元）",
                    "项目,2025年执行数,2026年预算数,增减（%）\n一般公共预算收入,1286.5,1342.0,4.3\n"
                    "上级补助收入,3520.0,3610.0,2.6\n一般公共服务支出,986.2,1002.5,1.7\n"
                    "农林水支出,1875.4,1940.0,3.4\n社会保障和就业支出,1120.8,1168.3,4.2\n"
                    "城乡社区支出,612.3,640.0,4.5\n支出合计,4594.7,4750.8,3.4",
                )
            ],
            pdf="2026年预算说明.pdf",
        ),
        Doc(
            "T04",
            f"{short}2025年财政决算",
            "2025年一般公共预算收支决算及说明。",
            "<p>2025年一般公共预算收入完成1286.5万元，为预算的101.2%；支出完成4594.7万元。</p>",
            "finance",
            dt.date(2026, 8, 20),
            doc_no=f"{abbr}发〔2026〕11号",
            period="2025年度",
            approval=f"2026年8月18日{short}第二十届人民代表大会第六次会议审查批准",
            tables=[
                (
                    "2025年一般公共预算收支决算表（单位：万元）",
                    "项目,预算数,决算数,完成预算（%）\n一般公共预算收入,1270.0,1286.5,101.3\n"
                    "一般公共预算支出,4560.0,4594.7,100.8",
                )
            ],
        ),
        Doc(
            "T03",
            f"{short}2026年政府工作目标",
            "2026年政府工作目标、责任分工和完成时限。",
            "<ol><li>完成高标准农田建设3000亩。</li><li>新建改建农村公路12公里。</li>"
            "<li>完成农村户厕改造400户。</li><li>城乡居民医疗保险参保率保持在95%以上。</li></ol>",
            "general",
            dt.date(2026, 2, 10),
            doc_no=f"{abbr}发〔2026〕4号",
            period="2026年度",
            approval=f"2026年2月6日{short}党委会议集体讨论决定",
        ),
        Doc(
            "A08",
            f"{short}2026年第一季度城乡低保对象名单公示",
            "2026年第一季度城乡最低生活保障对象名单，按规定只公开姓名、家庭人口和保障金额。",
            "<p>根据《最低生活保障审核确认办法》第二十四条，现将本季度低保对象予以公示，公示期7天。"
            f"对公示对象有异议的，请向{short}民政办反映。</p>",
            "civil",
            dt.date(2026, 4, 3),
            period="2026年第一季度",
            tables=[
                (
                    "2026年第一季度城乡低保对象名单",
                    f"姓名,所在村,家庭人口（人）,保障金额（元/月）\n{relief}",
                )
            ],
        ),
        Doc(
            "A05",
            f"关于{v1}部分集体土地征收补偿安置方案的公告",
            f"{v1}第三、四村民小组集体土地征收的范围、补偿标准和安置方式。",
            f"<p>因县道X018改扩建工程建设需要，拟征收{v1}第三、四村民小组集体土地共计3.26公顷。</p>"
            "<h3>一、补偿标准</h3><p>按照省人民政府公布的区片综合地价执行，耕地每亩4.6万元。</p>"
            "<h3>二、安置方式</h3><p>货币安置，并按规定将被征地农民纳入社会保障。</p>"
            "<h3>三、听证权利</h3><p>被征地农村集体经济组织和农户对本方案有异议的，可在公告之日起30日内申请听证。</p>",
            "land",
            dt.date(2026, 5, 15),
            doc_no=f"{abbr}告〔2026〕3号",
            approval=f"2026年5月12日{short}党委、政府联席会议集体讨论决定",
        ),
        Doc(
            "T08",
            f"{v2}至{v3}通村公路硬化工程中标结果公示",
            "通村公路硬化工程的招标方式、中标单位和中标金额。",
            "<p>项目名称：通村公路硬化工程（4.2公里）。招标方式：公开招标。中标单位：示例县路桥建设有限公司。"
            "中标金额：268.4万元。工期：120日历天。</p>",
            "construction",
            dt.date(2026, 6, 8),
            approval=f"2026年5月28日{short}党委会议集体讨论决定",
        ),
        Doc(
            "I03",
            f"{short}机关2026年上半年公务接待费、差旅费开支情况",
            "机关内部公开：上半年公务接待费和差旅费的开支明细。",
            "<p>本表仅向本机关干部职工公开。</p>",
            "finance",
            dt.date(2026, 7, 10),
            period="2026年上半年",
            audience="internal",
            tables=[
                (
                    "2026年上半年公务接待费、差旅费开支（单位：元）",
                    "月份,公务接待费,差旅费,合计\n1月,1260,3420,4680\n2月,480,1860,2340\n3月,1520,4210,5730\n"
                    "4月,960,2980,3940\n5月,1340,3650,4990\n6月,720,2540,3260",
                )
            ],
        ),
        Doc(
            "A01",
            f"{short}2026年耕地地力保护补贴实施方案",
            "2026年耕地地力保护补贴的对象、标准、申报程序和发放方式。",
            "<h2>一、补贴对象</h2><p>拥有耕地承包权的种地农民。已改变用途的耕地、长年抛荒地不予补贴。</p>"
            "<h2>二、补贴标准</h2><p>每亩补贴105元，以二轮承包面积为基础，结合实际种植面积核定。</p>"
            "<h2>三、申报程序</h2><ol><li>农户向所在村委会申报，村级初审并公示7天。</li>"
            "<li>镇农业综合服务中心审核，镇政府审定。</li></ol>"
            "<h2>四、发放方式</h2><p>通过“一卡通”直接发放到农户账户，6月30日前发放到位。</p>",
            "agriculture",
            dt.date(2026, 3, 10),
            doc_no=f"{abbr}发〔2026〕5号",
        ),
        Doc(
            "A01",
            f"《{short}2026年耕地地力保护补贴实施方案》政策解读",
            "用问答解读耕地地力保护补贴：谁能领、领多少、怎么申报、何时到账。",
            "<h2>一、制定背景</h2><p>为落实国家耕地地力保护补贴政策，保护耕地、促进粮食生产，结合本镇实际制定本方案。</p>"
            "<h2>二、谁能领补贴？</h2><p>拥有耕地承包权的种地农民。耕地流转的，补贴仍发给承包户，另有约定的从其约定。</p>"
            "<h2>三、每亩补多少？</h2><p>每亩105元，与上年持平。</p>"
            "<h2>四、怎么申报？</h2><p>4月30日前到所在村委会申报，带身份证和“一卡通”，村里公示7天无异议后报镇审核。</p>"
            "<h2>五、什么时候到账？</h2><p>6月30日前直接打到“一卡通”。有疑问可向镇农业综合服务中心咨询。</p>",
            "agriculture",
            dt.date(2026, 3, 12),
            interprets=f"{short}2026年耕地地力保护补贴实施方案",
        ),
        Doc(
            "T11",
            f"{short}机关工作纪律规定",
            "机关干部上下班、请销假、值班值守等工作纪律。",
            "<ol><li>工作日按时上下班，严格执行签到制度。</li><li>请假一天以内由分管领导批准。</li>"
            "<li>节假日实行领导带班、干部值班制度。</li></ol>",
            "labour",
            dt.date(2026, 2, 20),
            doc_no=f"{abbr}办发〔2026〕1号",
            amend={
                "validity": Validity.REPEALED,
                "validity_changed_on": dt.date(2026, 9, 1),
                "change_reason": f"被《{short}机关管理制度汇编》（{abbr}办发〔2026〕6号）取代，本规定废止",
                "on": dt.date(2026, 9, 1),
            },
        ),
        Doc(
            "V05",
            f"{short}2026年第一批农村宅基地审批结果公示",
            "第一批农村宅基地申请的审批结果。",
            "<p>经村民小组讨论、村委会审查、乡镇审核，现将第一批宅基地审批结果公示如下。</p>",
            "land",
            dt.date(2026, 3, 18),
            period="2026年第一季度",
            tables=[
                (
                    "2026年第一批宅基地审批结果",
                    f"申请人,所在村,批准面积（平方米）,审批结果\n{homesteads}",
                )
            ],
        ),
        Doc(
            "T05",
            f"{short}2026年中央财政衔接推进乡村振兴补助资金使用情况",
            "上级下拨的衔接推进乡村振兴补助资金的项目、金额和进度。",
            "<p>2026年上半年共下达衔接资金420万元，用于产业发展项目5个、基础设施项目3个。</p>",
            "agriculture",
            dt.date(2026, 7, 15),
            period="2026年上半年",
            approval=f"2026年7月13日{short}党委会议集体讨论决定",
            amend={
                "body": "<p>2026年上半年共下达衔接资金432万元，用于产业发展项目5个、基础设施项目3个。</p>",
                "change_reason": "更正资金总额：上级补充下达12万元，合计432万元",
                "approval_reference": f"2026年7月27日{short}党委会议集体讨论决定",
                "on": dt.date(2026, 7, 28),
            },
        ),
    ]


def office_docs(office: Unit) -> list[Doc]:
    short = office.short_name
    return [
        Doc(
            "O01",
            f"{short}惠民惠农财政补贴资金“一卡通”业务办事指南",
            "惠民惠农财政补贴资金“一卡通”的办理依据、条件、程序、期限和监督方式。",
            "<p>本指南适用于耕地地力保护补贴、农机购置补贴等惠民惠农补贴资金通过“一卡通”发放的业务。</p>",
            "finance",
            dt.date(2026, 3, 2),
            service={
                "basis": "《财政部等关于进一步加强惠民惠农财政补贴资金“一卡通”管理的指导意见》（财农〔2022〕42号）",
                "duty": "负责补贴对象信息审核、资金发放、“一卡通”信息维护和政策咨询。",
                "conditions": "本乡户籍或在本乡承包耕地、符合相应补贴政策条件的农户。",
                "procedure": "1. 农户持身份证件到村申报；2. 村委会审核公示；3. 财政所复核；4. 资金经“一卡通”发放至农户社保卡。",
                "discipline": "严禁截留、挤占、挪用补贴资金；严禁代领、冒领；工作人员不得收受农户财物。",
                "result": "补贴资金发放至农户社保卡，发放结果在村务公开栏公示。",
                "time_limit": "材料齐全的，5个工作日内办结复核；资金在上级下达后15个工作日内发放。",
                "supervision": f"监督电话：{office.phone or '0738-8800001'}；也可向县财政局、县纪委监委反映。",
            },
        ),
        Doc(
            "O02",
            f"{short}2026年上半年行政事业性收费情况",
            "上半年代收行政事业性收费项目、标准和收缴金额。",
            "<p>本所代收项目均按县财政局核定标准执行，未设立任何自定收费项目。</p>",
            "finance",
            dt.date(2026, 7, 8),
            period="2026年上半年",
            tables=[
                (
                    "2026年上半年行政事业性收费（单位：元）",
                    "收费项目,收费依据,收费标准,收缴金额\n不动产登记费（代收）,发改价格规〔2019〕2号,80元/件,6480\n"
                    "工本费（代收）,财税〔2016〕79号,10元/本,530",
                )
            ],
        ),
    ]


def _pdf(text: str) -> bytes:
    """A small, valid one-page PDF (ASCII text only), enough to show an attachment."""
    return pdf_page(f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode())


def pdf_page(stream: bytes) -> bytes:
    """A one-page A4 PDF drawing this content stream, with Helvetica as /F1."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    today = timezone.localdate()
    day = min(day, today)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


_APPROVAL = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日(.+?)(?:集体讨论决定|审查批准)$")


def record_approval(
    publication: Publication, *, leader: User | None, text: str, today: dt.date
) -> None:
    """The decision or congress approval the item needs, as the demo's text describes it."""
    approval = publication.item.approval
    if approval == "review" or leader is None:
        return
    match = _APPROVAL.match(text or "")
    if match:
        year, month, day, meeting = match.groups()
        held_on = min(dt.date(int(year), int(month), int(day)), today)
    else:
        held_on, meeting = today, f"{publication.unit.short_name}党委会议"
    if approval == "congress":
        actions.record_congress_approval(
            publication,
            by=leader,
            today=today,
            session=meeting,
            held_on=held_on,
            resolution=f"审查批准《{publication.draft.title}》",
        )
    else:
        actions.record_decision(
            publication,
            by=leader,
            today=today,
            meeting=meeting,
            held_on=held_on,
            minutes_no=f"{publication.unit.short_name}会议纪要〔{held_on.year}〕{held_on.month}号",
            attendees="党委书记、乡镇长、党委副书记、党委委员、副乡镇长",
            outcome="同意，按程序公开",
        )


def through_review(
    publication: Publication,
    *,
    clerk: User,
    reviewer: User,
    leader: User | None,
    approval: str,
    today: dt.date,
    published_at: dt.datetime | None = None,
) -> None:
    """Submit, approve with the secrecy review, record the decision, publish: the workflow."""
    publication.refresh_from_db()
    actions.submit(publication, by=clerk, today=today)
    actions.approve(
        publication,
        by=reviewer,
        today=today,
        no_state_secret=True,
        no_superior_document=True,
        privacy_lawful=True,
    )
    record_approval(publication, leader=leader, text=approval, today=today)
    actions.publish(
        publication,
        by=reviewer,
        version_number=publication.draft.number,
        today=today,
        published_at=published_at,
    )


def _publish_doc(
    unit: Unit, doc: Doc, clerk: User, reviewer: User, leader: User | None = None
) -> bool:
    if Publication.objects.filter(
        unit=unit, versions__number=1, versions__title=doc.title
    ).exists():
        return False
    item = CatalogItem.objects.adopted_by(unit).filter(key=doc.key).first()
    if item is None:
        return False
    if item.approval != "review" and leader is None:
        return False
    written = min(doc.on, timezone.localdate())
    policy = (
        Publication.objects.filter(unit=unit, current__title=doc.interprets).first()
        if doc.interprets
        else None
    )
    files = actions.Uploads(
        attachments=[SimpleUploadedFile(doc.pdf, _pdf("Budget 2026"), "application/pdf")]
        if doc.pdf
        else [],
        attachment_titles=[doc.pdf.rsplit(".", 1)[0]] if doc.pdf else [],
        tables=[
            (caption, SimpleUploadedFile("table.csv", csv.encode(), "text/csv"))
            for caption, csv in doc.tables
        ],
    )
    publication = actions.create(
        unit=unit,
        item=item,
        by=clerk,
        audience=doc.audience,
        today=written,
        files=files,
        title=doc.title,
        summary=doc.summary,
        body=doc.body,
        topic=doc.topic,
        doc_no=doc.doc_no,
        written_on=written,
        period=doc.period,
        approval_reference=doc.approval,
        publisher_name=unit.name,
        interprets=policy.index_no if policy else None,
        **doc.service,
    )
    published = _moment(doc.on + dt.timedelta(days=2))
    through_review(
        publication,
        clerk=clerk,
        reviewer=reviewer,
        leader=leader,
        approval=doc.approval,
        today=published.date(),
        published_at=published,
    )
    if doc.amend:
        amend = dict(doc.amend)
        on = _moment(amend.pop("on"), hour=15)
        actions.edit(publication, by=clerk, today=on.date(), **amend)
        through_review(
            publication,
            clerk=clerk,
            reviewer=reviewer,
            leader=leader,
            approval=amend.get("approval_reference", doc.approval),
            today=on.date(),
            published_at=on,
        )
    return True


def _pending(unit: Unit, clerk: User, reviewer: User, leader: User | None) -> int:
    """Drafts waiting in each queue: being written, submitted, returned, approved."""
    short = unit.short_name
    today = timezone.localdate()
    item = CatalogItem.objects.adopted_by(unit).filter(key="T01").first()
    collective = CatalogItem.objects.adopted_by(unit).filter(key="T03").first()
    if item is None:
        return 0
    base = {
        "summary": "按程序报审的政府信息。",
        "topic": "general",
        "written_on": today,
        "period": "2026年度",
        "publisher_name": unit.name,
    }
    drafts = [
        (
            "writing",
            item,
            f"{short}2026年第三季度重点工作安排",
            "<p>一、抓好秋收秋种。二、推进人居环境整治。</p>",
        ),
        (
            "submitted",
            item,
            f"{short}关于调整领导班子成员分工的通知",
            "<p>根据工作需要，对领导班子成员分工作如下调整。</p>",
        ),
        (
            "returned",
            item,
            f"{short}防汛抗旱工作责任人名单",
            "<p>各村防汛责任人：青山村李建国，电话13807381234。</p>",
        ),
        (
            "approved",
            collective or item,
            f"{short}2026年村级公益事业“一事一议”项目计划",
            "<p>计划实施村内道路硬化项目3个。</p>",
        ),
    ]
    created = 0
    for stage, draft_item, title, body in drafts:
        if Publication.objects.filter(unit=unit, versions__title=title).exists():
            continue
        publication = actions.create(
            unit=unit,
            item=draft_item,
            by=clerk,
            audience="public",
            today=today,
            title=title,
            body=body,
            **base,
        )
        created += 1
        if stage == "writing":
            continue
        actions.submit(publication, by=clerk, today=today)
        if stage == "returned":
            actions.return_draft(
                publication,
                by=reviewer,
                comments="名单中含有个人手机号码，请删除后公布单位值班电话；核对责任人姓名。",
            )
        elif stage == "approved":
            actions.approve(
                publication,
                by=reviewer,
                today=today,
                no_state_secret=True,
                no_superior_document=True,
                privacy_lawful=True,
            )
    return created


def _member(unit: Unit, role: str) -> User | None:
    membership = Membership.objects.filter(unit=unit, role=role).select_related("user").first()
    return membership.user if membership else None


@transaction.atomic
def load() -> dict[str, int]:
    created = pending = 0
    for township in Unit.objects.filter(kind=UnitKind.TOWNSHIP, short_name__in=TOWNSHIPS):
        clerk, reviewer = _member(township, Role.CLERK), _member(township, Role.REVIEWER)
        leader = _member(township, Role.LEADER)
        if clerk and reviewer:
            for doc in sorted(township_docs(township.short_name), key=lambda d: d.on):
                created += _publish_doc(township, doc, clerk, reviewer, leader)
            pending += _pending(township, clerk, reviewer, leader)
        finance = township.children.filter(
            kind=UnitKind.OFFICE, short_name__endswith="财政所"
        ).first()
        if finance is None:
            continue
        clerk, reviewer = _member(finance, Role.CLERK), _member(finance, Role.REVIEWER)
        leader = _member(finance, Role.LEADER)
        if clerk and reviewer:
            for doc in sorted(office_docs(finance), key=lambda d: d.on):
                created += _publish_doc(finance, doc, clerk, reviewer, leader)
    result = {"publications": created}
    if pending:
        result["drafts"] = pending
    return result
