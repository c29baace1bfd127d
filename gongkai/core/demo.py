"""The demo county: units with their disclosure-guide details, and an account for every role.

One description serves `load_demo` (which builds it, idempotently, through the actions) and
`demo_accounts` (which lists the accounts for the README, tests and scripts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from . import actions
from .codes import make_credit_code
from .models import Membership, Role, Unit, UnitKind, User

DEMO_PASSWORD = "Gongkai-demo-2026"
DIVISION = "431399"  # a fictional county-level division code


def organisation_body(serial: int) -> str:
    """A 9-character organisation code (GB 11714): eight digits and their check character."""
    digits = f"{serial:08d}"
    total = sum(int(d) * w for d, w in zip(digits, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    return digits + {10: "X", 11: "0"}.get(check, str(check))


@dataclass
class DemoUnit:
    key: str
    kind: str
    name: str
    short_name: str
    serial: int
    contact: dict = field(default_factory=dict)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # username, name, role
    children: list[DemoUnit] = field(default_factory=list)

    @property
    def credit_code(self) -> str:
        prefix = "54" if self.kind == UnitKind.VILLAGE else "11"
        return make_credit_code(prefix, DIVISION, organisation_body(self.serial))


HOURS = "周一至周五 上午8:30—12:00，下午14:30—17:30（法定节假日除外）"

OFFICES = [
    ("dzb", "党政办公室", "党政办"),
    ("czs", "财政所", "财政所"),
    ("mzb", "民政办", "民政办"),
    ("zrzys", "自然资源所", "自然资源所"),
    ("nyzx", "农业综合服务中心", "农业服务中心"),
]

TOWNSHIPS = [
    # key, name, short name, villages, account names (clerk, reviewer, leader, admin, internal)
    (
        "qingshan",
        "示例县青山镇人民政府",
        "青山镇",
        ["青山村", "柳溪村", "石桥村", "枫林村", "新塘村"],
        ["李秀英", "王建国", "张志强", "刘丽华", "陈晓明"],
    ),
    (
        "baishui",
        "示例县白水乡人民政府",
        "白水乡",
        ["白水村", "桃源村", "上坪村", "下湾村"],
        ["赵玉梅", "孙国庆", "周海涛", "吴淑芬", "郑文杰"],
    ),
    (
        "hongshi",
        "示例县红石镇人民政府",
        "红石镇",
        ["红石村", "竹园村", "龙口村", "梨树村", "杨家村"],
        ["黄丽娟", "何永胜", "罗建平", "高桂兰", "林志伟"],
    ),
]


# The county website's identifiers, shown in the portal footer (fictional numbers).
COUNTY_SITE = {
    "site_sponsor": "示例县人民政府办公室",
    "site_code": "4313990001",
    "icp_number": "湘ICP备20260001号",
    "police_number": "湘公网安备43139902000001号",
    "police_link": "https://beian.mps.gov.cn/#/query/webSearch?code=43139902000001",
    "party_mark_link": "https://bszs.conac.cn/sitename?method=show&id=4313990001",
}

# (village clerk, chair of the village supervision committee), handed out in turn.
VILLAGE_PEOPLE = [
    ("钱永福", "邹德顺"),
    ("谢春梅", "蒋茂林"),
    ("唐国富", "石秀兰"),
    ("彭小军", "廖学文"),
    ("曾凤英", "段光明"),
    ("江海波", "袁桂芝"),
    ("汤建华", "葛长生"),
]


def build_county() -> DemoUnit:
    county = DemoUnit(
        "county",
        UnitKind.COUNTY,
        "示例县人民政府",
        "示例县",
        10000001,
        contact={
            "address": "示例县人民路1号县政府大楼",
            "postcode": "417000",
            "office_hours": HOURS,
            "phone": "0738-8800001",
            "fax": "0738-8800002",
            "email": "gkb@shilixian.gov.cn",
            "website": "https://www.shilixian.gov.cn/",
            "supervision_phone": "0738-12345",
            "disclosure_office": "示例县人民政府办公室（县政务公开办）",
            **COUNTY_SITE,
        },
        accounts=[
            ("county_supervisor", "马卫东", Role.SUPERVISOR),
            ("county_admin", "邓淑华", Role.UNIT_ADMIN),
            # 县人大代表: fills the county's yearly evaluation form for each unit.
            ("county_deputy", "龙桂兰", Role.EVALUATOR),
        ],
    )
    serial = 10000100
    for t_index, (key, name, short, villages, people) in enumerate(TOWNSHIPS, start=1):
        serial += 100
        phone = f"0738-88{t_index:02d}"
        township = DemoUnit(
            key,
            UnitKind.TOWNSHIP,
            name,
            short,
            serial,
            contact={
                "address": f"示例县{short}政府大院",
                "postcode": f"41710{t_index}",
                "office_hours": HOURS,
                "phone": f"{phone}001",
                "fax": f"{phone}002",
                "supervision_phone": f"{phone}009",
                "email": f"{key}@shilixian.gov.cn",
                "disclosure_office": f"{short}党政办公室",
            },
            accounts=[
                (f"{key}_clerk", people[0], Role.CLERK),
                (f"{key}_reviewer", people[1], Role.REVIEWER),
                (f"{key}_leader", people[2], Role.LEADER),
                (f"{key}_admin", people[3], Role.UNIT_ADMIN),
                (f"{key}_staff", people[4], Role.INTERNAL_STAFF),
            ],
        )
        for o_index, (o_key, o_name, o_short) in enumerate(OFFICES, start=1):
            office = DemoUnit(
                f"{key}_{o_key}",
                UnitKind.OFFICE,
                f"{short}{o_name}",
                f"{short}{o_short}",
                serial + o_index,
                contact={
                    "address": f"示例县{short}政府大院{o_index}号楼",
                    "office_hours": HOURS,
                    "phone": f"{phone}{o_index + 10:03d}",
                },
            )
            township.children.append(office)
        for v_index, v_name in enumerate(villages, start=1):
            clerk, member = VILLAGE_PEOPLE[((t_index - 1) * 5 + v_index - 1) % len(VILLAGE_PEOPLE)]
            township.children.append(
                DemoUnit(
                    f"{key}_v{v_index}",
                    UnitKind.VILLAGE,
                    f"{short}{v_name}村民委员会",
                    v_name,
                    serial + 50 + v_index,
                    contact={
                        "address": f"示例县{short}{v_name}村部",
                        "phone": f"{phone}{v_index + 60:03d}",
                    },
                    # The village's clerk (报账员) and the chair of its supervision committee.
                    accounts=[
                        (f"{key}_v{v_index}_clerk", clerk, Role.CLERK),
                        (f"{key}_v{v_index}_supervision", member, Role.VILLAGE_SUPERVISION),
                    ],
                )
            )
        # A station with its own clerk and reviewer, as the seed plan asks of every station.
        finance = township.children[1]
        finance.accounts = [
            (f"{key}_czs_clerk", f"{people[0][0]}会计", Role.CLERK),
            (f"{key}_czs_reviewer", f"{people[1][0]}所长", Role.REVIEWER),
        ]
        county.children.append(township)
    return county


def walk(unit: DemoUnit, parent: DemoUnit | None = None):
    yield unit, parent
    for child in unit.children:
        yield from walk(child, unit)


def accounts() -> list[dict]:
    """Every demo account and its role, as `gongkai demo_accounts --json` prints them."""
    rows = []
    for unit, _parent in walk(build_county()):
        org_code = unit.credit_code[8:17]
        for username, _name, role in unit.accounts:
            rows.append(
                {
                    "username": username,
                    "password": DEMO_PASSWORD,
                    "name": _name,
                    "unit_code": org_code,
                    "unit_name": unit.name,
                    "unit_kind": str(unit.kind),
                    "role": str(role),
                }
            )
    return rows


@transaction.atomic
def load() -> dict[str, int]:
    """Create what is missing of the demo county; running it again changes nothing."""
    created = {"units": 0, "users": 0, "memberships": 0}
    saved: dict[str, Unit] = {}
    # Every demo account has the same password: hashed once (Argon2 takes a fifth of a
    # second on purpose, which fifty accounts would make ten seconds of every demo load).
    password_hash = ""
    for spec, parent in walk(build_county()):
        unit = Unit.objects.filter(credit_code=spec.credit_code).first()
        if unit is None:
            unit = actions.create_unit(
                by=None,
                kind=spec.kind,
                parent=saved[parent.key] if parent else None,
                credit_code=spec.credit_code,
                name=spec.name,
                short_name=spec.short_name,
                position=spec.serial,
                **spec.contact,
            )
            created["units"] += 1
        elif spec.kind == UnitKind.COUNTY and not unit.site_code:
            # A demo county loaded before the footer identifiers existed gets them now.
            actions.update_unit(unit, by=None, **COUNTY_SITE)
        saved[spec.key] = unit
        for username, full_name, role in spec.accounts:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = actions.create_user(
                    by=None,
                    unit=unit,
                    username=username,
                    full_name=full_name,
                    password=None,
                    email=f"{username}@example.org",
                )
                password_hash = password_hash or make_password(DEMO_PASSWORD)
                user.password = password_hash
                user.save(update_fields=["password"])
                created["users"] += 1
            if not Membership.objects.filter(user=user, unit=unit, role=role).exists():
                actions.add_membership(by=None, user=user, unit=unit, role=role)
                created["memberships"] += 1
    return created
