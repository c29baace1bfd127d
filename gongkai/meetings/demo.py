"""The demo's open meetings: each township has one coming up, with a few sign-ups, and one
held three weeks ago whose decisions went through review and were published."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.catalog.models import CatalogItem
from gongkai.core.models import Membership, Role, Unit, UnitKind, User
from gongkai.publishing.demo import TOWNSHIPS, through_review

from . import actions
from .models import Kind, Meeting


def _member(unit: Unit, role: str) -> User | None:
    membership = Membership.objects.filter(unit=unit, role=role).select_related("user").first()
    return membership.user if membership else None


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _past(short: str, villages: list[str]) -> dict:
    return {
        "kind": Kind.CONSULTATION,
        "title": f"{short}2027年民生实事项目征求意见座谈会",
        "about": (
            "听取群众对2027年度民生实事候选项目（农村道路、饮水安全、养老服务等）的意见和建议。"
        ),
        "place": f"{short}人民政府三楼会议室",
        "how_to_attend": (
            "本镇（乡）居民均可报名参加，请携带身份证。可在本网站报名，或拨打党政办电话报名。"
        ),
        "seats": 30,
        "signup_days": 2,
        "decisions": (
            f"<p>{short}于座谈会上听取了{villages[0]}、{villages[1]}等村群众代表的意见，"
            "经党委会议研究，确定2027年度民生实事项目如下：</p>"
            f"<ol><li>{villages[0]}至{villages[2]}通村公路安全防护工程。</li>"
            f"<li>{villages[1]}饮水安全巩固提升工程。</li>"
            "<li>新建村级互助养老服务点2个。</li></ol>"
            "<p>群众提出的其他意见已逐条登记，由相关站所在30日内答复。</p>"
        ),
    }


def _upcoming(short: str, villages: list[str]) -> dict:
    return {
        "kind": Kind.BRIEFING,
        "title": f"{short}农村生活垃圾收运处置费标准说明会",
        "about": (
            "说明拟定的农村生活垃圾收运处置费收费标准、减免对象和资金使用方式，现场解答群众疑问。"
        ),
        "place": f"{villages[0]}村民委员会会议室",
        "how_to_attend": "请在本网站报名，或到村委会登记；会议当天请提前15分钟签到。",
        "seats": 40,
        "signup_days": 2,
    }


SIGNUPS = [("王秀英", "13907310001"), ("李建国", "13807310002"), ("陈桂兰", "15107310003")]


@transaction.atomic
def load() -> dict[str, int]:
    counts = {"meetings": 0, "decisions": 0, "sign_ups": 0}
    now = timezone.now()
    today = timezone.localdate()
    for township in Unit.objects.filter(kind=UnitKind.TOWNSHIP, short_name__in=TOWNSHIPS):
        clerk, reviewer = _member(township, Role.CLERK), _member(township, Role.REVIEWER)
        leader = _member(township, Role.LEADER)
        if not (clerk and reviewer and leader):
            continue
        villages = TOWNSHIPS[township.short_name][1]

        past = _past(township.short_name, villages)
        body = past.pop("decisions")
        if not Meeting.objects.filter(unit=township, title=past["title"]).exists():
            held = _at(today - dt.timedelta(days=21), 9, 30)
            announced = held - dt.timedelta(days=10)
            meeting = actions.draft(unit=township, by=clerk, now=announced, starts_at=held, **past)
            actions.announce(meeting, by=reviewer, now=announced)
            counts["meetings"] += 1
            item = CatalogItem.objects.adopted_by(township).filter(key="T12").first()
            if item is not None:
                decided = held.date() + dt.timedelta(days=3)
                approval = (
                    f"{decided.year}年{decided.month}月{decided.day}日"
                    f"{township.short_name}党委会议集体讨论决定"
                )
                publication = actions.draft_decisions(
                    meeting,
                    by=clerk,
                    item=item,
                    topic="general",
                    today=decided,
                    now=now,
                    body=body,
                    approval_reference=approval,
                )
                published = _at(decided + dt.timedelta(days=2), 10)
                through_review(
                    publication,
                    clerk=clerk,
                    reviewer=reviewer,
                    leader=leader,
                    approval=approval,
                    today=published.date(),
                    published_at=published,
                )
                counts["decisions"] += 1

        coming = _upcoming(township.short_name, villages)
        if not Meeting.objects.filter(unit=township, title=coming["title"]).exists():
            starts = _at(today + dt.timedelta(days=12), 9, 30)
            meeting = actions.draft(unit=township, by=clerk, now=now, starts_at=starts, **coming)
            actions.announce(meeting, by=reviewer, now=now)
            counts["meetings"] += 1
            for name, phone in SIGNUPS:
                actions.sign_up(meeting, name=name, phone=phone, now=now, today=today)
                counts["sign_ups"] += 1
    return counts
