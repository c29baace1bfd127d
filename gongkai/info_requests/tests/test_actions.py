from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from gongkai.core import actions as core_actions
from gongkai.core.models import AuditEvent, Role
from gongkai.core.tests.factories import member
from gongkai.info_requests import access, actions
from gongkai.info_requests.clock import Stage
from gongkai.info_requests.models import Filing, InfoRequest, InfoRequestEvent

from .factories import details, people, received, submitted, tree

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _english():
    """The reasons are matched in English here; test_views checks the Chinese ones."""
    with translation.override("en"):
        yield


@pytest.fixture
def units():
    return tree()


@pytest.fixture
def staff(units):
    return people(units)


def test_an_online_application_waits_unreceived_until_confirmed(units, staff):
    req = submitted(units["township"], D(2026, 2, 13))
    assert (req.stage, req.received_on, req.due_on) == (Stage.SUBMITTED, None, None)
    # Confirmed on the next working day (a Saturday worked before Spring Festival).
    actions.receive(req, by=staff["clerk"], date=D(2026, 2, 14), today=D(2026, 2, 14))
    req.refresh_from_db()
    assert (req.stage, req.received_on, req.due_on) == (
        Stage.RECEIVED,
        D(2026, 2, 14),
        D(2026, 3, 20),
    )
    assert req.confirmed_at is not None
    assert AuditEvent.objects.for_target(req).filter(action="info_request:receive").count() == 1


@pytest.mark.parametrize(
    ("channel", "received_on", "stage"),
    [
        ("in_person", D(2026, 3, 2), Stage.RECEIVED),
        ("registered_post", D(2026, 3, 3), Stage.RECEIVED),
        ("ordinary_post", None, Stage.SUBMITTED),  # waits for the office to confirm
        ("fax", None, Stage.SUBMITTED),
        ("email", D(2026, 3, 4), Stage.RECEIVED),
    ],
)
def test_staff_register_offline_applications_by_the_channel_rule(
    units, staff, channel, received_on, stage
):
    req = actions.register(
        by=staff["clerk"],
        unit=units["township"],
        channel=channel,
        arrived_on=D(2026, 3, 2),
        received_on=received_on,
        today=D(2026, 3, 5),
        **details(),
    )
    assert (req.stage, req.received_on) == (stage, received_on)


def test_receipt_cannot_be_confirmed_before_the_application_arrived(units, staff):
    req = submitted(units["township"], D(2026, 3, 5))
    with pytest.raises(ValidationError, match="before the previous step"):
        actions.receive(req, by=staff["clerk"], date=D(2026, 3, 4), today=D(2026, 3, 5))
    assert req.events.count() == 1


def test_in_person_registration_needs_the_date_of_receipt(units, staff):
    with pytest.raises(ValidationError, match="handed in"):
        actions.register(
            by=staff["clerk"],
            unit=units["township"],
            channel="in_person",
            today=D(2026, 3, 5),
            **details(),
        )
    assert not InfoRequest.objects.exists()


def test_the_full_clock_is_kept_with_old_and_new_due_dates(units, staff):
    req = received(units["township"], D(2026, 3, 2))
    clerk = staff["clerk"]
    actions.ask_clarification(
        req,
        by=clerk,
        date=D(2026, 3, 4),
        today=D(2026, 3, 4),
        corrections="请写明文号",
        deadline=D(2026, 3, 18),
    )
    actions.advance(req, by=clerk, type="corrected", date=D(2026, 3, 10), today=D(2026, 3, 10))
    actions.advance(
        req,
        by=clerk,
        type="consult_start",
        date=D(2026, 3, 12),
        today=D(2026, 3, 12),
        party="某公司",
    )
    actions.advance(req, by=clerk, type="consult_end", date=D(2026, 3, 19), today=D(2026, 3, 19))
    event = actions.extend(
        req, by=staff["leader"], date=D(2026, 3, 20), today=D(2026, 3, 20), reason="需调档"
    )
    assert event.data["days"] == 20
    # The approval is the head's own account, not a typed name.
    assert event.data["approver"] == staff["leader"].username
    req.refresh_from_db()
    # Restarted 03-10; 5 working days of consultation not counted; extended by 20.
    assert event.due_before == D(2026, 4, 15)
    assert event.due_after == req.due_on == D(2026, 5, 15)
    actions.reply(
        req,
        by=clerk,
        date=D(2026, 4, 1),
        today=D(2026, 4, 1),
        outcome="部分公开",
        reasons="身份证号码不公开",
        legal_basis="第三十七条",
    )
    req.refresh_from_db()
    assert (req.stage, req.outcome, req.replied_on) == (Stage.REPLY_PENDING, "", None)
    actions.sign_off(req, by=staff["leader"], date=D(2026, 4, 1), today=D(2026, 4, 1))
    req.refresh_from_db()
    assert (req.stage, req.outcome, req.replied_on) == (
        Stage.REPLIED,
        "partly_disclosed",
        D(2026, 4, 1),
    )
    types = list(req.events.values_list("type", flat=True))
    assert types == [
        "submitted",
        "receive",
        "clarify",
        "corrected",
        "consult_start",
        "consult_end",
        "extend",
        "reply",
        "sign_off",
    ]


@pytest.mark.parametrize(
    ("outcome", "filed"),
    [("state_secret", True), ("partly_disclosed", True), ("disclosed", False), ("not_held", False)],
)
def test_withheld_information_is_filed_with_the_superior(units, staff, outcome, filed):
    req = received(units["office"], D(2026, 3, 2))
    actions.reply(
        req,
        by=staff["office_clerk"],
        date=D(2026, 3, 3),
        today=D(2026, 3, 3),
        outcome=outcome,
        reasons="理由",
        legal_basis="第十四条",
    )
    assert not Filing.objects.filter(info_request=req).exists()  # a draft is not filed
    actions.sign_off(req, by=staff["leader"], date=D(2026, 3, 3), today=D(2026, 3, 3))
    filing = Filing.objects.filter(info_request=req).first()
    assert (filing is not None) is filed
    if filed:
        # An office's filing goes to its township, whose leader acknowledges it.
        assert filing.superior == units["township"]
        with pytest.raises(PermissionDenied):
            actions.acknowledge_filing(filing, by=staff["other_clerk"])
        actions.acknowledge_filing(filing, by=staff["leader"])
        assert filing.acknowledged_by == staff["leader"]


def test_a_townships_filing_goes_to_the_county_supervisor(units, staff):
    req = received(units["township"], D(2026, 3, 2))
    actions.reply(
        req,
        by=staff["clerk"],
        date=D(2026, 3, 3),
        today=D(2026, 3, 3),
        outcome="属于国家秘密",
        reasons="密",
        legal_basis="第十四条",
    )
    actions.sign_off(req, by=staff["leader"], date=D(2026, 3, 3), today=D(2026, 3, 3))
    filing = Filing.objects.get(info_request=req)
    assert filing.superior == units["county"]
    actions.acknowledge_filing(filing, by=staff["supervisor"])
    with pytest.raises(ValidationError):
        actions.acknowledge_filing(filing, by=staff["supervisor"])


def test_a_refused_step_records_nothing_and_leaves_the_clock(units, staff):
    req = received(units["township"], D(2026, 3, 2))
    actions.extend(req, by=staff["leader"], date=D(2026, 3, 3), today=D(2026, 3, 3), reason="r")
    req.refresh_from_db()
    before = (req.due_on, req.events.count(), AuditEvent.objects.count(), len(mail.outbox))
    with pytest.raises(ValidationError, match="only once"):
        actions.extend(req, by=staff["leader"], date=D(2026, 3, 4), today=D(2026, 3, 4), reason="r")
    req.refresh_from_db()
    assert (req.due_on, req.events.count(), AuditEvent.objects.count(), len(mail.outbox)) == before


def test_the_author_cannot_sign_off_their_own_reply(units, staff):
    req = received(units["township"], D(2026, 3, 2))
    reviewer = member(units["township"], Role.REVIEWER)
    actions.reply(
        req, by=staff["leader"], date=D(2026, 3, 3), today=D(2026, 3, 3), outcome="disclosed"
    )
    with pytest.raises(PermissionDenied, match="another reviewer or leader"):
        actions.sign_off(req, by=staff["leader"], date=D(2026, 3, 3), today=D(2026, 3, 3))
    assert AuditEvent.objects.filter(
        action="info_request:sign_off_refused", actor=staff["leader"]
    ).exists()
    with pytest.raises(PermissionDenied, match="reviewer or leader"):
        actions.sign_off(req, by=staff["clerk"], date=D(2026, 3, 3), today=D(2026, 3, 3))
    req.refresh_from_db()
    assert (req.stage, req.replied_on) == (Stage.REPLY_PENDING, None)
    actions.sign_off(req, by=reviewer, date=D(2026, 3, 4), today=D(2026, 3, 4))
    req.refresh_from_db()
    assert (req.stage, req.replied_on, req.outcome) == (Stage.REPLIED, D(2026, 3, 4), "disclosed")


def test_a_clerk_cannot_extend_the_reply_period(units, staff):
    req = received(units["township"], D(2026, 3, 2))
    with pytest.raises(PermissionDenied, match="approve extensions"):
        actions.extend(req, by=staff["clerk"], date=D(2026, 3, 3), today=D(2026, 3, 3), reason="r")


def test_only_the_units_handlers_may_record_steps(units, staff):
    req = submitted(units["township"], D(2026, 3, 2))
    for outsider in (staff["other_clerk"], staff["office_clerk"], staff["supervisor"]):
        with pytest.raises(PermissionDenied):
            actions.receive(req, by=outsider, date=D(2026, 3, 2), today=D(2026, 3, 2))


def test_assignment_and_transfer_between_offices_of_a_township(units, staff):
    req = received(units["township"], D(2026, 3, 2))
    actions.assign(req, by=staff["clerk"], to=staff["leader"], today=D(2026, 3, 3))
    assert req.assigned_to == staff["leader"]
    with pytest.raises(ValidationError):
        actions.assign(req, by=staff["clerk"], to=staff["other_clerk"], today=D(2026, 3, 3))
    with pytest.raises(ValidationError):
        actions.transfer(req, by=staff["clerk"], to=units["other_office"], today=D(2026, 3, 3))
    actions.transfer(
        req, by=staff["clerk"], to=units["office"], today=D(2026, 3, 3), reason="属财政所职责"
    )
    req.refresh_from_db()
    assert (req.unit, req.assigned_to, req.due_on) == (units["office"], None, D(2026, 3, 30))
    # Now the office's clerk handles it; the township's handlers still may (the township
    # government answers for its offices); another township's may not.
    actions.advance(
        req,
        by=staff["office_clerk"],
        type="consult_start",
        date=D(2026, 3, 4),
        today=D(2026, 3, 4),
        party="某公司",
    )
    actions.advance(
        req, by=staff["clerk"], type="consult_end", date=D(2026, 3, 5), today=D(2026, 3, 5)
    )
    with pytest.raises(PermissionDenied):
        actions.advance(
            req, by=staff["other_clerk"], type="extend", date=D(2026, 3, 5), today=D(2026, 3, 5)
        )


def test_an_office_without_handlers_is_handled_by_its_township(units, staff):
    req = submitted(units["other_office"], D(2026, 3, 2))
    other_clerk = staff["other_clerk"]
    assert list(access.handled_by(other_clerk)) == [req]
    assert list(access.handled_by(staff["clerk"])) == []
    actions.receive(req, by=other_clerk, date=D(2026, 3, 2), today=D(2026, 3, 2))
    assert req.stage == Stage.RECEIVED


def test_the_applicant_gets_an_email_at_each_step_with_the_status_link(
    units, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted(units["township"], D(2026, 3, 2))
    with django_capture_on_commit_callbacks(execute=True):
        actions.receive(req, by=staff["clerk"], date=D(2026, 3, 2), today=D(2026, 3, 2))
    assert len(mail.outbox) == 2
    notice = mail.outbox[1]
    assert notice.to == ["zhang@example.com"]
    assert req.tracking_code in notice.subject
    assert f"token={req.token}" in notice.body
    assert "2026-03-30" in notice.body


def test_no_email_for_internal_steps_or_without_an_address(
    units, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        req = received(units["township"], D(2026, 3, 2), contact_email="", delivery="pickup")
        actions.assign(req, by=staff["clerk"], to=staff["leader"], today=D(2026, 3, 3))
    assert mail.outbox == []


def test_a_flood_from_one_address_is_stopped(units):
    for _ in range(actions.FLOOD_LIMIT):
        actions.submit(unit=units["township"], today=D(2026, 3, 2), source_hash="abc", **details())
    with pytest.raises(ValidationError, match="Too many"):
        actions.submit(unit=units["township"], today=D(2026, 3, 2), source_hash="abc", **details())
    assert InfoRequest.objects.count() == actions.FLOOD_LIMIT
    actions.submit(unit=units["township"], today=D(2026, 3, 2), source_hash="other", **details())


def test_a_calendar_change_recomputes_provisional_due_dates(
    units, django_capture_on_commit_callbacks
):
    req = received(units["township"], D(2026, 12, 15))
    # 元旦 (a Friday) is a statutory holiday even before the 2027 schedule is announced.
    assert (req.due_on, req.due_provisional) == (D(2027, 1, 13), True)
    with django_capture_on_commit_callbacks(execute=True):
        # The schedule adds a bridging day.
        core_actions.set_calendar_day(by=None, day=D(2027, 1, 4), is_workday=False, name="元旦")
    req.refresh_from_db()
    assert (req.due_on, req.due_provisional) == (D(2027, 1, 14), True)
    with django_capture_on_commit_callbacks(execute=True):
        core_actions.announce_year(by=None, year=2027, source="国办发明电〔2026〕X号")
    req.refresh_from_db()
    assert (req.due_on, req.due_provisional) == (D(2027, 1, 14), False)
    moved = req.events.get(type=InfoRequestEvent.Type.RECOMPUTED)
    assert (moved.due_before, moved.due_after) == (D(2027, 1, 13), D(2027, 1, 14))


def test_overdue_is_derived_from_the_due_date(units):
    late = received(units["township"], D(2026, 3, 2))
    received(units["township"], D(2026, 3, 20))
    today = D(2026, 3, 31)
    assert list(InfoRequest.objects.reply_overdue(today=today)) == [late]
    assert late.reply_overdue(today) and not late.reply_overdue(D(2026, 3, 30))
