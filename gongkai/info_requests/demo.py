# ruff: noqa: E501 - demo text in Chinese, kept one sentence to a line
"""Demo applications in every state, dated back from the day the demo is loaded.

Each is built through the actions, step by step, so the demo follows the same rules as real
use. Running `load` again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.timezone import localdate

from gongkai.core.models import Unit, User
from gongkai.core.workdays import WorkdayCalendar

from . import actions
from .clock import EventType
from .models import CONFIRMED_CHANNELS, Channel, InfoRequest


@dataclass
class DemoApplication:
    unit: str  # the unit's short name
    channel: str
    applicant: dict
    age: int  # working days since it arrived
    steps: list[tuple[str, int, dict]] = field(default_factory=list)  # type, working days ago, data
    handler: str = ""


def person(name: str, id_number: str, phone: str, description: str, **extra: str) -> dict:
    return {
        "applicant_type": "natural_person",
        "applicant_name": name,
        "id_type": "id_card",
        "id_number": id_number,
        "contact_phone": phone,
        "description": description,
        "delivery": extra.pop("delivery", "paper"),
        "contact_address": extra.pop("contact_address", "示例县青山镇青山村3组"),
        **extra,
    }


APPLICATIONS = [
    DemoApplication(
        "青山镇",
        Channel.ONLINE,
        person(
            "张桂芳",
            "431399196803121526",
            "13907381234",
            "请求公开2025年度青山村城乡居民最低生活保障对象名单及保障金额。",
        ),
        age=0,
    ),
    DemoApplication(
        "青山镇",
        Channel.ONLINE,
        person(
            "刘德明",
            "431399197511024113",
            "13807385678",
            "申请公开青山镇2025年农村公路（柳溪村至石桥村段）硬化工程的招标结果及验收报告。",
            delivery="electronic",
            contact_email="liudeming@example.com",
        ),
        age=3,
    ),
    DemoApplication(
        "青山镇",
        Channel.IN_PERSON,
        person(
            "王春花",
            "431399198207153329",
            "15973801122",
            "申请查阅本人所在柳溪村2024年度集体土地征收补偿款发放明细。",
            accessibility_need="视力不好，请将答复材料用大号字打印",
        ),
        age=5,
        steps=[(EventType.RECEIVE, 5, {})],
        handler="qingshan_clerk",
    ),
    DemoApplication(
        "青山镇",
        Channel.REGISTERED_POST,
        person("陈志远", "431399199001204418", "18674321098", "要求公开镇里那个关于修路的文件。"),
        age=4,
        steps=[
            (EventType.RECEIVE, 4, {}),
            (
                EventType.CLARIFY,
                2,
                {
                    "corrections": "请写明所需文件的名称、文号或形成时间，以及涉及的道路路段，以便我们检索。",
                    "deadline_in": 10,
                },
            ),
        ],
    ),
    DemoApplication(
        "青山镇",
        Channel.IN_PERSON,
        {
            "applicant_type": "commercial_enterprise",
            "applicant_name": "示例县青山建材有限公司",
            "id_type": "credit_code",
            "id_number": "91431399MA4L0XXX8K",
            "contact_person": "周建军",
            "contact_phone": "0738-8812345",
            "description": "申请公开2025年青山镇政府采购建材项目中其他投标人的报价明细。",
            "delivery": "pickup",
        },
        age=8,
        steps=[
            (EventType.RECEIVE, 8, {}),
            (
                EventType.CONSULT_START,
                3,
                {"party": "示例县石桥建材经营部", "party_kind": "third_party"},
            ),
        ],
    ),
    DemoApplication(
        "青山镇",
        Channel.EMAIL,
        person(
            "李明辉",
            "431399198512306611",
            "13617384455",
            "申请公开青山镇2021年至2025年历年防汛物资采购、储备及使用台账。",
            delivery="electronic",
            contact_email="limh@example.com",
        ),
        age=18,
        steps=[
            (EventType.RECEIVE, 17, {"note": "电话确认"}),
            (
                EventType.EXTEND,
                1,
                {
                    "days": 15,
                    "approved_by": "张志强",
                    "reason": "涉及五个年度的台账，需要调档查阅整理。",
                },
            ),
        ],
    ),
    DemoApplication(
        "青山镇民政办",
        Channel.IN_PERSON,
        person(
            "赵秀兰",
            "431399195909092227",
            "13974381010",
            "申请公开2025年青山镇高龄津贴发放标准及申领程序。",
        ),
        age=12,
        steps=[
            (EventType.RECEIVE, 12, {}),
            (
                EventType.REPLY,
                6,
                {
                    "outcome": "disclosed",
                    "legal_basis": "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
                    "reasons": "已将高龄津贴发放标准及申领程序纸质材料一份邮寄给您。",
                },
            ),
        ],
    ),
    DemoApplication(
        "青山镇",
        Channel.ORDINARY_POST,
        person(
            "孙立新",
            "431399197806134515",
            "13787380011",
            "申请公开青山村2025年宅基地审批名单及审批依据，包括申请人身份证号码。",
        ),
        age=15,
        steps=[
            (EventType.RECEIVE, 14, {"note": "电话联系申请人确认"}),
            (
                EventType.REPLY,
                2,
                {
                    "outcome": "partly_disclosed",
                    "legal_basis": "《中华人民共和国政府信息公开条例》第十五条、第三十七条",
                    "reasons": "审批名单和审批依据予以公开；申请人身份证号码属于个人隐私，公开会对第三方合法权益造成损害，不予公开。",
                },
            ),
        ],
    ),
    DemoApplication(
        "青山镇自然资源所",
        Channel.IN_PERSON,
        person(
            "黄卫国", "431399196601018830", "13508381234", "申请公开1998年石桥村土地详查原始图件。"
        ),
        age=10,
        steps=[
            (EventType.RECEIVE, 10, {}),
            (
                EventType.REPLY,
                3,
                {
                    "outcome": "not_held",
                    "reasons": "经检索，本机关未制作或保存该信息。建议向示例县自然资源局咨询。",
                },
            ),
        ],
    ),
    DemoApplication(
        "青山镇",
        Channel.IN_PERSON,
        person(
            "吴海燕",
            "431399198803037725",
            "15080381133",
            "申请公开镇政府对某企业安全生产检查的内部讨论记录。",
        ),
        age=16,
        steps=[
            (EventType.RECEIVE, 16, {}),
            (
                EventType.REPLY,
                4,
                {
                    "outcome": "process_information",
                    "legal_basis": "《中华人民共和国政府信息公开条例》第十六条第二款",
                    "reasons": "所申请信息属于行政机关在履行行政管理职能过程中形成的讨论记录，属于过程性信息，不予公开。",
                },
            ),
        ],
    ),
    DemoApplication(
        "白水乡",
        Channel.IN_PERSON,
        person(
            "郑国强",
            "431399197204052219",
            "13307389988",
            "申请公开白水乡2025年度财政预算执行情况及“三公”经费支出明细。",
            contact_address="示例县白水乡桃源村5组",
        ),
        age=23,
        steps=[(EventType.RECEIVE, 23, {})],
    ),
    DemoApplication(
        "红石镇",
        Channel.ONLINE,
        person(
            "罗小梅",
            "431399199507213346",
            "18907382266",
            "申请公开红石镇龙口村2025年度村级公益事业建设一事一议财政奖补项目清单。",
            contact_address="示例县红石镇龙口村2组",
        ),
        age=2,
        steps=[(EventType.RECEIVE, 1, {"note": "电话确认"})],
    ),
]


def working_days_ago(n: int, today: dt.date, calendar: WorkdayCalendar) -> dt.date:
    """The working day from which `today` is n working days on (today itself for 0)."""
    day = today
    if n == 0:
        return day
    while calendar.working_days_between(day, today) < n or not calendar.is_workday(day):
        day -= dt.timedelta(days=1)
    return day


@transaction.atomic
def load() -> dict[str, int]:
    today = localdate()
    calendar = WorkdayCalendar.load()
    created = 0
    units = {unit.short_name: unit for unit in Unit.objects.all()}
    for spec in APPLICATIONS:
        details = dict(spec.applicant)
        unit = units.get(spec.unit)
        if (
            unit is None
            or InfoRequest.objects.filter(
                applicant_name=details["applicant_name"], description=details["description"]
            ).exists()
        ):
            continue
        arrived = working_days_ago(spec.age, today, calendar)
        steps = list(spec.steps)
        if spec.channel == Channel.ONLINE:
            at = timezone.make_aware(dt.datetime.combine(arrived, dt.time(9, 30)))
            req = actions.submit(unit=unit, today=arrived, submitted_at=at, **details)
        elif spec.channel not in CONFIRMED_CHANNELS:
            # Handed in or signed for: received the day it arrived (Art. 31).
            kind, ago, _data = steps.pop(0)
            received = working_days_ago(ago, today, calendar)
            req = actions.register(
                by=None,
                unit=unit,
                channel=spec.channel,
                today=today,
                arrived_on=arrived,
                received_on=received,
                **details,
            )
        else:
            req = actions.register(
                by=None, unit=unit, channel=spec.channel, today=today, arrived_on=arrived, **details
            )
        for kind, ago, data in steps:
            data = dict(data)
            day = working_days_ago(ago, today, calendar)
            if "deadline_in" in data:
                data["deadline"] = calendar.add_working_days(day, data.pop("deadline_in"))
            actions.advance(
                req,
                by=None,
                type=kind,
                date=max(day, arrived),
                today=today,
                calendar=calendar,
                **data,
            )
            if kind == EventType.REPLY:
                # The past replies were signed off and sent the day they were drafted.
                actions.advance(
                    req,
                    by=None,
                    type=EventType.SIGN_OFF,
                    date=max(day, arrived),
                    today=today,
                    calendar=calendar,
                )
        if spec.handler:
            handler = User.objects.filter(username=spec.handler).first()
            if handler is not None:
                actions.assign(req, by=None, to=handler, today=today)
        created += 1
    return {"applications": created}
