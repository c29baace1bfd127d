"""Obligations are created, met, missed, raised by events and waived as the clerks work."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.catalog.models import Adoption
from gongkai.core import actions as core_actions
from gongkai.core.codes import make_credit_code
from gongkai.core.models import AuditEvent, Role, Unit
from gongkai.core.tests.factories import member
from gongkai.core.workdays import WorkdayCalendar
from gongkai.obligations import actions
from gongkai.obligations.models import Obligation
from gongkai.obligations.tests.conftest import NEW_YEAR

D = dt.date


def obligations(unit, key):
    return {
        o.period: o for o in Obligation.objects.filter(unit=unit, item__key=key).order_by("period")
    }


def test_a_year_of_obligations_is_made_once_for_every_regular_item(world):
    calendar = WorkdayCalendar.load()
    created = actions.materialise(world.township, 2026, calendar=calendar)
    assert created > 0
    assert actions.materialise(world.township, 2026, calendar=calendar) == 0
    assert set(obligations(world.township, "T05")) == {"2026-H1", "2026-H2"}
    assert set(obligations(world.township, "A08")) == {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"}
    assert set(obligations(world.township, "T03")) == {"2026"}
    assert len(obligations(world.township, "V02")) == 12  # village money: monthly
    assert len(obligations(world.township, "V03")) == 4  # the rest: quarterly
    assert obligations(world.township, "T01") == {}  # kept current, not by period
    h1 = obligations(world.township, "T05")["2026-H1"]
    assert (h1.due_on, h1.due_on_provisional) == (D(2026, 7, 28), False)
    h2 = obligations(world.township, "T05")["2026-H2"]
    assert h2.due_on_provisional  # counted into 2027, not announced yet
    assert AuditEvent.objects.filter(action="obligation:materialised").count() == 1


def test_an_item_adopted_in_may_owes_from_the_quarter_it_was_adopted_in(world):
    Adoption.objects.filter(unit=world.township, item__key="A08").update(
        adopted_at=timezone.make_aware(dt.datetime(2026, 5, 10, 10))
    )
    actions.materialise(world.township, 2026, calendar=WorkdayCalendar.load())
    assert set(obligations(world.township, "A08")) == {"2026-Q2", "2026-Q3", "2026-Q4"}


def test_a_unit_set_up_in_august_owes_only_the_periods_ending_after_it_started(client, world):
    admin = member(world.township, Role.UNIT_ADMIN)
    client.force_login(admin)
    response = client.post(
        f"/staff/units/{world.township.org_code}/add/",
        {
            "kind": "office",
            "name": "青山镇退役军人服务站",
            "short_name": "退役军人服务站",
            "credit_code": make_credit_code("12", "431399", "55667788X"),
            "started_on": "2026-08-15",
        },
    )
    assert response.status_code == 302
    station = Unit.objects.get(short_name="退役军人服务站")
    assert station.started_on == D(2026, 8, 15)
    # It adopts the whole catalog at once, as if it had been there since New Year.
    for item in Adoption.objects.filter(unit=world.township).values_list("item", flat=True):
        Adoption.objects.get_or_create(unit=station, item_id=item)
    Adoption.objects.filter(unit=station).update(adopted_at=NEW_YEAR)
    actions.materialise(station, 2026, calendar=WorkdayCalendar.load())
    assert set(obligations(station, "A08")) == {"2026-Q3", "2026-Q4"}
    assert set(obligations(station, "T05")) == {"2026-H2"}
    assert set(obligations(station, "T03")) == {"2026"}
    with pytest.raises(ValidationError):
        actions.record_event(
            station,
            world.item("V05"),
            by=member(station, Role.CLERK),
            on=D(2026, 8, 1),
            note="设站前的审批",
            today=D(2026, 9, 1),
            calendar=WorkdayCalendar.load(),
        )


def test_a_publication_for_the_period_meets_its_obligation(world):
    actions.materialise(world.township, 2026, calendar=WorkdayCalendar.load())
    publication = world.draft("T05", topic="finance", period="2026-H1")
    assert publication.current is None
    world.publish(publication, today=D(2026, 7, 15))
    publication.refresh_from_db()
    assert publication.period_code == "2026-H1"
    assert publication.current.period == "2026年上半年"
    h1 = obligations(world.township, "T05")["2026-H1"]
    assert h1.publication == publication
    assert h1.status(D(2026, 12, 1)) == "met"
    assert obligations(world.township, "T05")["2026-H2"].status(D(2026, 12, 1)) == "open"


def test_publishing_after_the_due_date_is_late_and_not_publishing_is_overdue(world):
    actions.materialise(world.township, 2026, calendar=WorkdayCalendar.load())
    late = world.draft("A08", topic="civil", period="2026年第二季度")
    world.publish(late, today=D(2026, 8, 3))
    statuses = {p: o.status(D(2026, 8, 3)) for p, o in obligations(world.township, "A08").items()}
    assert statuses == {
        "2026-Q1": "overdue",
        "2026-Q2": "late",
        "2026-Q3": "open",
        "2026-Q4": "open",
    }
    counted = dict(
        Obligation.objects.filter(unit=world.township, item__key="A08")
        .with_status(D(2026, 8, 3))
        .values_list("period", "state")
    )
    assert counted == statuses


def test_a_budget_falls_due_twenty_days_after_the_congress_approves_it(world):
    actions.materialise(world.township, 2026, calendar=WorkdayCalendar.load())
    budget = world.draft("T04", topic="finance", period="2026年度", title="青山镇2026年财政预算")
    world.submit(budget)
    world.approve(budget)
    world.record_approvals(budget)  # the congress approved it on 2 July
    year = obligations(world.township, "T04")["2026"]
    assert (year.due_on, year.trigger) == (D(2026, 7, 22), "congress")
    assert AuditEvent.objects.filter(action="obligation:due_date_changed").exists()


def test_a_temporary_matter_decided_falls_due_five_working_days_later(world):
    matter = world.draft("T12", topic="other", title="关于青山镇集镇道路临时封闭施工的通告")
    world.submit(matter)
    world.approve(matter)
    world.record_approvals(matter)  # decided on 2 July
    raised = Obligation.objects.get(unit=world.township, item__key="T12")
    assert (raised.trigger, raised.trigger_on, raised.due_on) == (
        "decision",
        D(2026, 7, 2),
        D(2026, 7, 9),
    )
    from gongkai.publishing import actions as publishing_actions

    publishing_actions.publish(matter, by=world.reviewer, version_number=1, today=D(2026, 7, 15))
    raised.refresh_from_db()
    assert raised.publication == matter and raised.status(D(2026, 7, 15)) == "late"


def test_a_recorded_event_is_met_by_the_next_publication_of_its_item(world):
    calendar = WorkdayCalendar.load()
    event = actions.record_event(
        world.township,
        world.item("V05"),
        by=world.clerk,
        on=D(2026, 7, 6),
        note="第三批宅基地审批完成",
        today=D(2026, 7, 15),
        calendar=calendar,
    )
    assert event.due_on == D(2026, 7, 13)
    with pytest.raises(ValidationError):
        actions.record_event(
            world.township,
            world.item("V05"),
            by=world.clerk,
            on=D(2026, 7, 20),
            note="未来",
            today=D(2026, 7, 15),
            calendar=calendar,
        )
    with pytest.raises(PermissionDenied):
        actions.record_event(
            world.township,
            world.item("V05"),
            by=world.other_clerk,
            on=D(2026, 7, 6),
            note="第三批",
            today=D(2026, 7, 15),
            calendar=calendar,
        )
    world.publish(world.draft("V05", topic="land", title="青山镇第三批宅基地审批结果公示"))
    event.refresh_from_db()
    assert event.status(D(2026, 7, 15)) == "late"


def test_a_leader_waives_a_period_with_a_reason_and_it_is_audited(world):
    actions.materialise(world.township, 2026, calendar=WorkdayCalendar.load())
    q1 = obligations(world.township, "A08")["2026-Q1"]
    with pytest.raises(PermissionDenied):
        actions.waive(q1, by=world.clerk, reason="本季度无社会救助事项")
    with pytest.raises(ValidationError):
        actions.waive(q1, by=world.leader, reason="  ")
    actions.waive(q1, by=world.leader, reason="本季度无新增社会救助对象")
    q1.refresh_from_db()
    assert q1.status(D(2026, 12, 1)) == "waived"
    event = AuditEvent.objects.get(action="obligation:waived")
    assert event.actor == world.leader and event.data["reason"] == "本季度无新增社会救助对象"
    with pytest.raises(ValidationError):
        actions.waive(q1, by=world.leader, reason="再次")


def test_announcing_2027_moves_the_provisional_due_dates(world, django_capture_on_commit_callbacks):
    actions.materialise(world.township, 2026, calendar=WorkdayCalendar.load())
    year = obligations(world.township, "T03")["2026"]
    # 元旦 is a statutory holiday even before the 2027 schedule is announced.
    assert (year.due_on, year.due_on_provisional) == (D(2027, 1, 29), True)
    with django_capture_on_commit_callbacks(execute=True):
        # The schedule adds a bridging day.
        core_actions.set_calendar_day(by=None, day=D(2027, 1, 4), is_workday=False, name="元旦")
        core_actions.announce_year(by=None, year=2027, source="国务院办公厅通知")
    year.refresh_from_db()
    assert (year.due_on, year.due_on_provisional) == (D(2027, 2, 1), False)


def test_a_regular_item_must_name_a_period_while_other_items_may_name_a_batch(world):
    with pytest.raises(ValidationError) as refused:
        world.draft("T05", topic="finance", period="2026年第一批")
    assert "2026-H1" in refused.value.message_dict["period"][0]
    batch = world.draft("V05", topic="land", period="2026年第一批")
    assert batch.draft.period == "2026年第一批"
