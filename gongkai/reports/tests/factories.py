"""A county with a township and an office, their people, and a year of records to count."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.core.models import Role, Unit, User
from gongkai.core.tests.factories import county, member, office, township
from gongkai.reports import actions
from gongkai.reports.demo import answered_application, normative_document
from gongkai.reports.models import AnnualReport

TODAY = dt.date(2026, 11, 20)


@dataclass
class World:
    county: Unit
    township: Unit
    office: Unit
    other: Unit
    clerk: User
    reviewer: User
    leader: User
    office_clerk: User
    other_clerk: User
    other_reviewer: User
    supervisor: User


def world() -> World:
    root = county(name="测试县人民政府")
    town = township(root, name="测试县青山镇人民政府")
    other = township(root, name="测试县白水乡人民政府")
    return World(
        county=root,
        township=town,
        office=office(town, name="青山镇财政所"),
        other=other,
        clerk=member(town, Role.CLERK),
        reviewer=member(town, Role.REVIEWER),
        leader=member(town, Role.LEADER),
        office_clerk=member(town.children.first(), Role.CLERK),
        other_clerk=member(other, Role.CLERK),
        other_reviewer=member(other, Role.REVIEWER),
        supervisor=member(root, Role.SUPERVISOR),
    )


def application(
    unit: Unit,
    received_on: dt.date,
    outcome: str | None = None,
    replied_on: dt.date | None = None,
    applicant_type: str = "natural_person",
):
    return answered_application(
        unit,
        applicant_type=applicant_type,
        name="张桂芳" if applicant_type == "natural_person" else "示例县青山农业开发有限公司",
        description="请求公开2025年度青山村低保对象名单。",
        received_on=received_on,
        outcome=outcome,
        replied_on=replied_on,
        today=TODAY,
    )


def document(w: World, written_on: dt.date, repealed_on: dt.date | None = None, n: int = 1):
    return normative_document(
        w.township,
        clerk=w.clerk,
        reviewer=w.reviewer,
        leader=w.leader,
        title=f"青山镇管理办法（第{n}号）",
        doc_no=f"青政发〔{written_on.year}〕{n}号",
        written_on=written_on,
        today=TODAY,
        repealed_on=repealed_on,
    )


def opened(w: World, year: int = 2025, unit: Unit | None = None) -> AnnualReport:
    return actions.open_report(unit or w.township, year, by=w.clerk, today=TODAY)


LONG_TEXT = (
    "2025年，青山镇深入贯彻落实《中华人民共和国政府信息公开条例》，围绕乡村振兴、民生保障和"
    "基层治理，依托县政府门户网站、镇村公开栏和便民服务站主动公开政府信息，依法办理政府信息"
    "公开申请，全年未发生因政府信息公开引发的重大舆情。"
)
