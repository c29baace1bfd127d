"""Demo assessment: the county's default scheme, last year's results published, this year's
live; rectification orders (one answered and closed, one open, one overdue) and an
accountability record. Everything goes through the actions; running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.timezone import localdate
from django.utils.translation import override

from gongkai.core.models import Membership, Role, Unit, UnitKind, User

from . import actions, reads
from .models import AssessmentResult, RectificationOrder


def _member(unit: Unit, role: str) -> User | None:
    found = Membership.objects.filter(unit=unit, role=role).select_related("user").first()
    return found.user if found else None


def _first_finding(standing: reads.Standing, unit: Unit) -> tuple[str, str, str] | None:
    row = standing.of_unit(unit)
    for point in row.lost if row else []:
        if point.records:
            record = point.records[0]
            return point.indicator, f"{point.label}：{record['label']}"[:300], record["url"]
    return None


def load() -> dict[str, int]:
    # Findings and notices are written in the site's language, as on a request.
    with override(settings.LANGUAGE_CODE):
        return _load()


@transaction.atomic
def _load() -> dict[str, int]:
    created = {"schemes": 0, "results": 0, "rectification_orders": 0, "accountability": 0}
    county = Unit.objects.filter(kind=UnitKind.COUNTY).order_by("pk").first()
    supervisor = _member(county, Role.SUPERVISOR) if county else None
    if county is None or supervisor is None:
        return created
    if reads.latest_scheme(county) is None:
        actions.ensure_scheme(county)
        created["schemes"] += 1
    today = localdate()
    last_year = today.year - 1
    if not AssessmentResult.objects.filter(county=county, year=last_year).exists():
        result = actions.compute(county, last_year, by=supervisor, today=today)
        actions.publish(result, by=supervisor)
        created["results"] += 1
    if RectificationOrder.objects.filter(unit__in=reads.assessed_units(county)).exists():
        return created
    live = reads.compute(county, today.year, actions.ensure_scheme(county), today=today)
    townships = list(Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("position", "pk"))
    plans = [
        # (township, days before today it was issued, days it was given, answered and closed)
        (townships[0], 3, 15, False),
        (townships[1], 40, 20, True),
        (townships[2] if len(townships) > 2 else townships[0], 30, 20, False),
    ]
    for township, issued_ago, given, settled in plans:
        finding = _first_finding(live, township) or (
            "stale_columns",
            "政务公开栏目长期未更新",
            "",
        )
        issued_on = today - dt.timedelta(days=issued_ago)
        order = actions.issue_rectification(
            township,
            by=supervisor,
            year=today.year,
            indicator=finding[0],
            finding=finding[1],
            record_url=finding[2],
            instructions="请对照考核失分项逐条核查，补充或更正公开内容，并完善工作台账和提醒机制。",
            deadline=issued_on + dt.timedelta(days=given),
            today=issued_on,
        )
        created["rectification_orders"] += 1
        if settled:
            clerk = _member(township, Role.CLERK) or supervisor
            actions.answer_rectification(
                order,
                by=clerk,
                answer="已逐项核查并补充公开，建立了栏目更新台账，由党政办每周检查一次。",
            )
            actions.settle_rectification(
                order, by=supervisor, accept=True, remarks="整改到位，予以销号。", today=today
            )
            actions.record_accountability(
                township,
                by=supervisor,
                person="周建华",
                position="党政办工作人员",
                finding="政务公开栏目长期未更新，考核扣分。",
                measure="批评教育，责令作出书面检查",
                decided_on=today - dt.timedelta(days=10),
                order=order,
                today=today,
            )
            created["accountability"] += 1
    return created
