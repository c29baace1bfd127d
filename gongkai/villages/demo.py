# ruff: noqa: E501 - the demo's Chinese text reads better unbroken
"""Demo village affairs: every demo village's finance statements for three months, its 低保
list, a homestead approval, and the township's own records of the same money — with exactly
one deliberate difference per village, for the cross-check (村务对应) to find.

Written by each village's clerk and signed off by its supervision committee through the
actions, on dates in the past. Running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from gongkai.core import periods
from gongkai.core.models import Membership, Role, Unit, UnitKind, User
from gongkai.publishing import actions as publishing
from gongkai.publishing.demo import _moment, through_review
from gongkai.publishing.models import Publication

from . import actions, catalog, reads
from .imports import Line
from .models import LineKind, Matter, TownshipRecord, VillageStatement

PERIODS = ("2026-M08", "2026-M09", "2026-M10")
# The month of the homestead approvals each village publishes (and the township records).
HOMESTEAD_PERIOD = "2026-M09"
SURNAMES = "陈李张王刘杨黄吴周徐孙马朱胡郭何高林罗郑"
GIVEN = ["秀英", "建国", "桂兰", "志强", "玉梅", "德明", "海燕", "春生", "淑珍", "国华"]


@dataclass(frozen=True)
class Planted:
    """The one difference planted for a village: which kind, in which period, of what."""

    status: str
    period: str
    matter: str


def planted(index: int) -> Planted:
    """The planted difference of the village with this index (0, 1, 2 …) in the county."""
    kind = (
        reads.Status.AMOUNT_DIFFERS,
        reads.Status.MISSING_IN_VILLAGE,
        reads.Status.MISSING_IN_TOWNSHIP,
    )[index % 3]
    period = PERIODS[index % len(PERIODS)]
    matter = {
        reads.Status.AMOUNT_DIFFERS: Matter.MANAGED_FUNDS,
        reads.Status.MISSING_IN_VILLAGE: Matter.RELIEF,
        reads.Status.MISSING_IN_TOWNSHIP: Matter.LAND_COMPENSATION,
    }[kind]
    return Planted(kind, period, matter)


def _member(unit: Unit, role: str) -> User | None:
    membership = Membership.objects.filter(unit=unit, role=role).select_related("user").first()
    return membership.user if membership else None


def _amount(base: int, seed: int) -> Decimal:
    return Decimal(base + (seed * 137) % 900) + Decimal("0.50") * (seed % 2)


def month_lines(village: Unit, index: int, period: periods.Period) -> list[Line]:
    """A month of a village's accounts, as its 报账员 would enter them."""
    seed = index * 7 + period.number
    day = period.start
    short = village.parent.short_name if village.parent else ""
    lines = [
        Line(
            day.replace(day=5),
            "上级补助收入",
            LineKind.INCOME,
            _amount(18000, seed),
            f"{short}财政所",
            f"记-{period.number:02d}-01",
            Matter.MANAGED_FUNDS,
        ),
        Line(
            day.replace(day=9),
            "村干部报酬",
            LineKind.EXPENSE,
            _amount(6200, seed + 1),
            "村两委干部",
            f"记-{period.number:02d}-02",
        ),
        Line(
            day.replace(day=12),
            "办公费",
            LineKind.EXPENSE,
            _amount(380, seed + 2),
            "示例县新华书店",
            f"记-{period.number:02d}-03",
        ),
        Line(
            day.replace(day=15),
            "集体资产租赁收入",
            LineKind.INCOME,
            _amount(2400, seed + 3),
            f"{village.short_name}种养专业合作社",
            f"记-{period.number:02d}-04",
        ),
        Line(
            day.replace(day=18),
            "水电费",
            LineKind.EXPENSE,
            _amount(520, seed + 4),
            "国网示例县供电公司",
            f"记-{period.number:02d}-05",
        ),
        Line(
            day.replace(day=20),
            "惠农补贴代发",
            LineKind.INCOME,
            _amount(3000, seed + 5),
            f"{short}农业综合服务中心",
            f"记-{period.number:02d}-06",
            Matter.SUBSIDY,
        ),
        Line(
            day.replace(day=21),
            "惠农补贴发放",
            LineKind.EXPENSE,
            _amount(3000, seed + 5),
            "本村农户（见花名册）",
            f"记-{period.number:02d}-07",
        ),
        Line(
            day.replace(day=25),
            "道路维修",
            LineKind.EXPENSE,
            _amount(4200, seed + 6),
            "示例县路桥建设有限公司",
            f"记-{period.number:02d}-08",
        ),
    ]
    if period.number == 9:
        # A lump "other" line large enough to be flagged for the committee.
        lines.append(
            Line(
                day.replace(day=27),
                "其他支出",
                LineKind.EXPENSE,
                Decimal("3600.00"),
                "村委会",
                "记-09-09",
            )
        )
    plant = planted(index)
    if plant.period == period.code and plant.status == reads.Status.MISSING_IN_TOWNSHIP:
        lines.append(
            Line(
                day.replace(day=26),
                "征地补偿款",
                LineKind.INCOME,
                Decimal("46000.00"),
                f"{short}人民政府",
                f"记-{period.number:02d}-10",
                Matter.LAND_COMPENSATION,
            )
        )
    if plant.period == period.code and plant.status == reads.Status.AMOUNT_DIFFERS:
        # The village entered the managed funds it received 1,200 yuan short of the township's.
        first = lines[0]
        lines[0] = Line(
            first.date,
            first.subject,
            first.kind,
            first.amount - Decimal("1200.00"),
            first.counterparty,
            first.voucher,
            first.matter,
        )
    return lines


def township_records(
    village: Unit, index: int, period: periods.Period
) -> list[tuple[str, Decimal, str]]:  # (matter, amount or households, reference)
    """What the township recorded for the village: (matter, amount, reference)."""
    seed = index * 7 + period.number
    records = [
        (
            Matter.MANAGED_FUNDS,
            _amount(18000, seed),
            f"代管资金拨付单{period.year}-{period.number:02d}",
        ),
        (
            Matter.SUBSIDY,
            _amount(3000, seed + 5),
            f"惠农补贴发放清册{period.year}-{period.number:02d}",
        ),
    ]
    if period.code == HOMESTEAD_PERIOD:
        # The two applications the village's homestead list shows as approved.
        records.append(
            (Matter.HOMESTEAD, Decimal(2), f"宅基地审批批复{period.year}-{period.number:02d}")
        )
    plant = planted(index)
    if plant.period == period.code and plant.status == reads.Status.MISSING_IN_VILLAGE:
        records.append(
            (Matter.RELIEF, Decimal("3600.00"), f"临时救助拨款{period.year}-{period.number:02d}")
        )
    return records


def _name(seed: int) -> str:
    return SURNAMES[seed % len(SURNAMES)] + GIVEN[(seed * 3) % len(GIVEN)]


def _statement(
    village: Unit, index: int, code: str, clerk: User, committee: User, opening: Decimal
) -> Decimal:
    period = periods.parse(code)
    lines = month_lines(village, index, period)
    figures_after = (
        opening
        + sum((x.amount for x in lines if x.kind == LineKind.INCOME), Decimal(0))
        - sum((x.amount for x in lines if x.kind == LineKind.EXPENSE), Decimal(0))
    )
    if VillageStatement.objects.filter(village=village, period=code).exists():
        return figures_after
    published = _moment(period.end + dt.timedelta(days=6))
    today = published.date()
    statement = actions.create_statement(
        village, by=clerk, period=code, opening_balance=opening, today=today
    )
    actions.import_lines(statement, by=clerk, lines=lines, source="村级财务收支.xlsx")
    statement = actions.submit(statement, by=clerk, today=today)
    publication = Publication.objects.get(pk=statement.publication_id)
    publishing.approve(
        publication,
        by=committee,
        today=today,
        no_state_secret=True,
        no_superior_document=True,
        privacy_lawful=True,
    )
    publication.refresh_from_db()
    publishing.publish(
        publication,
        by=committee,
        version_number=publication.draft.number,
        today=today,
        published_at=published,
    )
    return figures_after


def _document(
    village: Unit,
    key: str,
    title: str,
    summary: str,
    body: str,
    topic: str,
    on: dt.date,
    table: tuple[str, str],
    clerk: User,
    committee: User,
) -> bool:
    if Publication.objects.filter(unit=village, versions__number=1, versions__title=title).exists():
        return False
    caption, text = table
    files = publishing.Uploads(
        tables=[(caption, SimpleUploadedFile("table.csv", text.encode(), "text/csv"))]
    )
    publication = publishing.create(
        unit=village,
        item=catalog.item(village, key),
        by=clerk,
        audience="public",
        today=on,
        files=files,
        title=title,
        summary=summary,
        body=body,
        topic=topic,
        written_on=on,
        publisher_name=village.name,
    )
    published = _moment(on + dt.timedelta(days=1))
    through_review(
        publication,
        clerk=clerk,
        reviewer=committee,
        leader=None,
        approval="",
        today=published.date(),
        published_at=published,
    )
    return True


@transaction.atomic
def load() -> dict[str, int]:
    created = {"statements": 0, "village_publications": 0, "township_records": 0}
    villages = list(
        Unit.objects.filter(kind=UnitKind.VILLAGE, parent__kind=UnitKind.TOWNSHIP)
        .select_related("parent")
        .order_by("path")
    )
    for index, village in enumerate(villages):
        catalog.adopt_items(village)
        clerk, committee = _member(village, Role.CLERK), _member(village, Role.VILLAGE_SUPERVISION)
        if clerk is None or committee is None:
            continue
        township = village.parent
        opening = Decimal("52000.00") + index * 1000
        for code in PERIODS:
            before = VillageStatement.objects.filter(village=village, period=code).exists()
            opening = _statement(village, index, code, clerk, committee, opening)
            created["statements"] += not before
            if not TownshipRecord.objects.filter(village=village, period=code).exists():
                for matter, amount, reference in township_records(
                    village, index, periods.parse(code)
                ):
                    actions.record_township_payment(
                        township,
                        by=None,
                        village=village,
                        period=code,
                        matter=matter,
                        amount=amount,
                        reference=reference,
                    )
                    created["township_records"] += 1
        relief = "\n".join(
            f"{reads.mask_name(_name(index * 5 + n))},{n % 3 + 1},第{n % 4 + 1}村民小组,{[420, 630, 840][n % 3]}"
            for n in range(5)
        )
        created["village_publications"] += _document(
            village,
            catalog.RELIEF,
            f"{village.short_name}2026年第三季度最低生活保障对象公示",
            "本季度新增和续保的低保对象，按规定只公开姓名（部分隐去）、家庭人口、所在组和保障金额。",
            "<p>经村民代表会议民主评议、乡镇人民政府审核确认，现将本村2026年第三季度低保对象予以公示，公示期7天。对公示对象有异议的，请向村务监督委员会或乡镇民政办反映。</p>",
            "civil",
            dt.date(2026, 10, 9),
            (
                "2026年第三季度最低生活保障对象公示名单",
                f"姓名,家庭人口（人）,村民小组,保障金额（元/月）\n{relief}",
            ),
            clerk,
            committee,
        )
        applicant = reads.mask_name(_name(index * 3 + 11))
        created["village_publications"] += _document(
            village,
            catalog.HOMESTEAD,
            f"{village.short_name}2026年农村宅基地申请审批结果公示",
            f"{applicant}等2户宅基地申请经村民小组讨论、村委会审查和乡镇人民政府审批。",
            "<p>根据《中华人民共和国土地管理法》第六十二条，现将本村2026年宅基地申请审批结果公示如下。公示期内如有异议，请向村务监督委员会或乡镇自然资源所反映。</p>",
            "land",
            dt.date(2026, 9, 16),
            (
                "宅基地审批结果",
                f"申请人,村民小组,申请面积（平方米）,审批结果\n{applicant},第二村民小组,120,同意\n{reads.mask_name(_name(index * 3 + 12))},第四村民小组,135,同意",
            ),
            clerk,
            committee,
        )
    return created
