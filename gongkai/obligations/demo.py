"""The demo county's obligations: most met, some late, a few overdue, one waived.

青山镇 has used the platform since New Year; 白水乡, 红石镇 and the stations and offices
joined on 1 July, so they owe only the periods ending after it. The regular disclosures
of the periods already due are published through the ordinary workflow, on time for most
items and a few days late for some; a few are left overdue, and 青山镇's leader waives one
quarter of family-planning information (本期无此事项). The county supervisor has ordered
白水乡 and 红石镇 to catch up on an overdue item (红石镇 has answered), and 青山镇's clerk has
recorded a matter that arose this week. Idempotent.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.catalog.models import Adoption
from gongkai.core.models import Membership, Role, Unit, UnitKind, User
from gongkai.core.workdays import WorkdayCalendar
from gongkai.publishing import actions as publishing_actions
from gongkai.publishing.demo import through_review
from gongkai.publishing.models import Publication

from . import actions, reads
from .models import Obligation, OversightOrder

TOWNSHIPS = ("青山镇", "白水乡", "红石镇")
TOPICS = {"village": "civil", "internal": "finance", "office": "finance"}
FINANCE_WORDS = ("财政", "经费", "债权", "收支", "费", "资金")


def _member(unit: Unit, role: str) -> User | None:
    membership = Membership.objects.filter(unit=unit, role=role).select_related("user").first()
    return membership.user if membership else None


def _topic(obligation: Obligation) -> str:
    if any(word in obligation.item.level2 for word in FINANCE_WORDS):
        return "finance"
    if "救助" in obligation.item.level2:
        return "civil"
    return TOPICS.get(obligation.item.group, "general")


def _publish(obligation: Obligation, on: dt.date, people: tuple[User, User, User | None]) -> None:
    clerk, reviewer, leader = people
    unit, item = obligation.unit, obligation.item
    short = unit.short_name or unit.name
    label = obligation.period_label
    publication = publishing_actions.create(
        unit=unit,
        item=item,
        by=clerk,
        audience="internal" if item.is_internal else "public",
        today=on,
        title=f"{short}{label}{item.level2}",
        summary=f"{short}{label}{item.level2}，按政务公开目录定期公开。",
        body=f"<p>现将{short}{label}{item.level2}公开如下，欢迎群众监督。</p><p>{item.content}</p>",
        topic=_topic(obligation),
        written_on=on,
        period=obligation.period,
        publisher_name=unit.name,
    )
    through_review(
        publication,
        clerk=clerk,
        reviewer=reviewer,
        leader=leader,
        approval="",
        today=on,
        published_at=timezone.make_aware(dt.datetime.combine(on, dt.time(10, 0))),
    )


@transaction.atomic
def load() -> dict[str, int]:
    today = timezone.localdate()
    calendar = WorkdayCalendar.load()
    townships = list(Unit.objects.filter(kind=UnitKind.TOWNSHIP, short_name__in=TOWNSHIPS))
    if not townships:
        return {"obligations": 0}
    units = [
        unit
        for township in townships
        for unit in Unit.objects.subtree(township).filter(
            kind__in=[UnitKind.TOWNSHIP, UnitKind.OFFICE]
        )
    ]
    first = timezone.make_aware(dt.datetime(today.year, 1, 1, 9))
    july = timezone.make_aware(dt.datetime(today.year, 7, 1, 9))
    for unit in units:
        starts = first if unit.short_name == "青山镇" else july
        # Backdate only the demo's own adoptions, once: a later run leaves them as they are.
        Adoption.objects.filter(unit=unit, adopted_at__gt=starts).update(adopted_at=starts)
        actions.materialise(unit, today.year, calendar=calendar)
    # What the publishing demo published before the obligations existed now meets them.
    for publication in (
        Publication.objects.published().filter(unit__in=units).select_related("current", "unit")
    ):
        actions.fulfil(
            publication,
            period_text=publication.current.period,
            published_on=timezone.localtime(publication.current.published_at).date(),
        )
    published = 0
    for unit in units:
        clerk, reviewer = _member(unit, Role.CLERK), _member(unit, Role.REVIEWER)
        leader = _member(unit, Role.LEADER) or _member(unit.township or unit, Role.LEADER)
        if clerk is None or reviewer is None:
            continue
        # Every obligation due so far, met or not, so that each keeps its place (and its fate)
        # when the demo is loaded again.
        due = list(
            Obligation.objects.filter(unit=unit, source="period", due_on__lt=today)
            .select_related("unit", "item")
            .order_by("due_on", "item__position", "pk")
        )
        for n, obligation in enumerate(due):
            if obligation.published_on is not None or obligation.waived_at is not None:
                continue
            if unit.short_name == "青山镇" and obligation.item.key == "V03" and leader:
                if not Obligation.objects.filter(unit=unit, waived_at__isnull=False).exists():
                    actions.waive(
                        obligation, by=leader, reason="本季度无计划生育奖励扶助新增对象，无需公开。"
                    )
                    continue
            if n % 9 == 4:
                continue  # left overdue
            if n % 5 == 2:
                on = min(obligation.due_on + dt.timedelta(days=6), today)  # published late
            else:
                on = calendar.add_working_days(obligation.period_end, 8)  # in time
            if obligation.item.approval != "review" and leader is None:
                continue
            _publish(obligation, min(on, today), (clerk, reviewer, leader))
            published += 1
    orders = _oversight(townships, today=today)
    events = _events(townships, today=today, calendar=calendar)
    return {
        "obligations": Obligation.objects.filter(unit__in=units).count(),
        "published": published,
        "orders": orders,
        "events": events,
    }


def _oversight(townships: list[Unit], *, today: dt.date) -> int:
    """The county orders 白水乡 to catch up on an overdue item; 红石镇 has answered its order."""
    if OversightOrder.objects.exists():
        return 0
    county = townships[0].county
    supervisor = _member(county, Role.SUPERVISOR)
    if supervisor is None:
        return 0
    created = 0
    for township in townships:
        if township.short_name not in ("白水乡", "红石镇"):
            continue
        overdue = (
            Obligation.objects.filter(unit=township).overdue(today).select_related("item").first()
        )
        if overdue is None:
            continue
        order = actions.issue_order(
            township,
            by=supervisor,
            item=overdue.item,
            obligation=overdue,
            instructions=(
                f"{township.short_name}“{overdue.item.level2}”（{overdue.period_label}）"
                "已超过公开时限，请于期限内补充公开，并书面说明逾期原因。"
            ),
            deadline=today + dt.timedelta(days=10),
            today=today,
        )
        created += 1
        leader = _member(township, Role.LEADER)
        if township.short_name == "红石镇" and leader is not None:
            actions.answer_order(
                order,
                by=leader,
                reason="该事项已于公开栏张贴，网站因栏目调整未同步，现已安排专人补录并完善审核流程。",
            )
    return created


def _events(townships: list[Unit], *, today: dt.date, calendar: WorkdayCalendar) -> int:
    """青山镇's clerk records a matter that arose this week; its disclosure falls due."""
    qingshan = next((t for t in townships if t.short_name == "青山镇"), None)
    clerk = _member(qingshan, Role.CLERK) if qingshan else None
    if qingshan is None or clerk is None:
        return 0
    if Obligation.objects.filter(unit=qingshan, trigger="event").exists():
        return 0
    item = reads.event_items(qingshan).first()
    if item is None:
        return 0
    actions.record_event(
        qingshan,
        item,
        by=clerk,
        on=today - dt.timedelta(days=1),
        note="柳溪村第三批农村村民住宅建设审批完成",
        today=today,
        calendar=calendar,
    )
    return 1
