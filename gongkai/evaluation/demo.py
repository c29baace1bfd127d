"""Demo evaluation: villagers' ratings and comments (moderated, with the township's answers),
two error reports (one answered, one open), a rated reply, and the county's closed round of
the deputies' evaluation. Everything goes through the actions; running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.core.models import Membership, Role, Unit, UnitKind, User
from gongkai.info_requests.models import InfoRequest

from . import actions, clients, reads
from .models import ErrorReport, EvaluationRound, Finding

YEAR = 2026

# (verdict, comment, the township's answer or None to leave it waiting, approve)
COMMENTS = [
    (
        "satisfied",
        "公示内容很详细，在手机上也能看清楚，点赞。",
        "感谢您的肯定，我们将继续做好公开工作。",
        True,
    ),
    (
        "basically_satisfied",
        "希望公示期能再长一些，外出务工的人回来就过期了。",
        "感谢建议。今后涉及群众切身利益的公示，公示期不少于7天，并同步在村务公开栏张贴。",
        True,
    ),
    (
        "dissatisfied",
        "附件表格打不开，请换个格式。",
        "已核实，现已同时提供PDF和Excel格式下载，请再试一次。",
        True,
    ),
    ("satisfied", "有没有办事电话？想问一下申请材料。", None, False),
]
VERDICTS = ["satisfied"] * 9 + ["basically_satisfied"] * 4 + ["dissatisfied"] * 2

REPORTS: list[tuple[str, str, str | None, str | None]] = [
    (
        "公告中的咨询电话0738-1234567打不通，是不是少了一位数字？",
        "13907385566",
        Finding.INVALID,
        "经核实，咨询电话0738-1234567正确，工作日8:30—17:30有人接听，节假日请拨打值班电话。",
    ),
    ("名单中第3户的家庭人口数与实际不符，应为4人。", "", None, None),
]

DEPUTY_FORMS = {
    UnitKind.TOWNSHIP: (5, 4, 5, 4, 4, "公开栏和网上公开同步更新，建议增加政策解读。"),
    UnitKind.OFFICE: (4, 4, 5, 3, 4, "办事指南齐全，建议在便民服务中心放置二维码。"),
}


def _member(unit: Unit, role: str) -> User | None:
    found = Membership.objects.filter(unit=unit, role=role).select_related("user").first()
    return found.user if found else None


def _day(n: int) -> dt.date:
    return dt.date(YEAR, 3, 2) + dt.timedelta(days=11 * n)


@transaction.atomic
def load() -> dict[str, int]:
    created = {"ratings": 0, "error_reports": 0, "evaluations": 0}
    if ErrorReport.objects.filter(description=REPORTS[0][0]).exists():
        return created
    townships = Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("position", "pk")
    for t_index, township in enumerate(townships[:2]):
        clerk = _member(township, Role.CLERK)
        publications = list(
            reads.ratable_publications()
            .filter(unit=township, first_published_at__year=YEAR)
            .select_related("current")
            .order_by("first_published_at", "pk")[:6]
        )
        if clerk is None or not publications:
            continue
        for n, verdict in enumerate(VERDICTS):
            publication = publications[n % len(publications)]
            actions.rate(
                publication,
                verdict=verdict,
                comment="",
                client_hash=_hash(f"demo-{t_index}-{n}", publication, _day(n % 25)),
                today=_day(n % 25),
            )
            created["ratings"] += 1
        for n, (verdict, text, answer, approve) in enumerate(COMMENTS):
            publication = publications[n % len(publications)]
            rating = actions.rate(
                publication,
                verdict=verdict,
                comment=text,
                client_hash=_hash(f"demo-comment-{t_index}-{n}", publication, _day(n + 3)),
                today=_day(n + 3),
            )
            created["ratings"] += 1
            if answer is not None:
                actions.moderate(rating, by=clerk, approve=approve, answer=answer)
        if t_index == 0:
            created["error_reports"] += _reports(publications, clerk)
            created["ratings"] += _rate_a_reply(township)
    created["evaluations"] += _round()
    return created


def _hash(key: str, target, day: dt.date) -> str:
    return clients.client_hash(key, actions.target_label(target), day)


def _reports(publications: list, clerk: User) -> int:
    count = 0
    for n, (text, contact, finding, answer) in enumerate(REPORTS):
        received = dt.date(YEAR, 11, 23) if finding else timezone.localdate()
        report = actions.report_error(
            publications[-1 - n],
            description=text,
            contact=contact,
            today=received,
            now=timezone.now(),
        )
        count += 1
        if finding and answer:
            actions.answer_report(
                report,
                by=clerk,
                finding=finding,
                answer=answer,
                today=received + dt.timedelta(days=1),
            )
    return count


def _rate_a_reply(township: Unit) -> int:
    req = (
        InfoRequest.objects.filter(unit__path__startswith=township.path, replied_on__isnull=False)
        .order_by("pk")
        .first()
    )
    if req is None or req.replied_on is None:
        return 0
    day = req.replied_on + dt.timedelta(days=2)
    actions.rate(
        req,
        verdict="basically_satisfied",
        comment="答复及时，但邮寄的材料晚到了几天。",
        client_hash=_hash("demo-applicant", req, day),
        today=day,
    )
    return 1


def _round() -> int:
    county = Unit.objects.filter(kind=UnitKind.COUNTY).order_by("position", "pk").first()
    if county is None or EvaluationRound.objects.filter(county=county, year=YEAR).exists():
        return 0
    supervisor = _member(county, Role.SUPERVISOR)
    deputy = _member(county, Role.EVALUATOR)
    if supervisor is None or deputy is None:
        return 0
    round_ = actions.open_round(
        county, by=supervisor, year=YEAR, title=f"{YEAR}年度政务公开工作评议", scale="5"
    )
    count = 0
    units = Unit.objects.subtree(county).filter(kind__in=[UnitKind.TOWNSHIP, UnitKind.OFFICE])
    for unit in units.order_by("path"):
        *scores, remarks = DEPUTY_FORMS[unit.kind]
        actions.submit_evaluation(
            round_,
            unit,
            by=deputy,
            scores=dict(zip(actions.ASPECTS, scores, strict=True)),
            remarks=remarks,
        )
        count += 1
    actions.close_round(round_, by=supervisor)
    return count
