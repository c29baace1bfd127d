"""Art. 35 (asking the reasons for an unreasonable volume), Art. 41 (correcting one's own
records) and Art. 44 (marking information for proactive disclosure) as steps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from gongkai.catalog.models import CatalogItem
from gongkai.core.models import AuditEvent
from gongkai.info_requests import actions
from gongkai.info_requests.clock import Stage

from .factories import people, received, tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The reasons are matched in English here."""
    with translation.override("en"):
        yield


RECEIVED = dt.date(2026, 3, 2)  # Monday; 20 working days: 2026-03-30
TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def units():
    return tree()


@pytest.fixture
def staff(units):
    return people(units)


def _ask(req, day=dt.date(2026, 3, 4), deadline=dt.date(2026, 3, 18)):
    actions.advance(
        req,
        by=None,
        type="ask_reasons",
        date=day,
        today=TODAY,
        questions="请说明本月提交42件同类申请的理由。",
        deadline=deadline,
    )
    req.refresh_from_db()


@pytest.mark.parametrize(
    ("answered", "result", "later_due", "due"),
    [
        # Asked Wed 4 March; answered Mon 9 March: 3 working days (5, 6, 9) not counted.
        (dt.date(2026, 3, 9), "reasonable", None, dt.date(2026, 4, 2)),
        # Reasonable, but more time is needed: the office's later date.
        (dt.date(2026, 3, 9), "reasonable", dt.date(2026, 5, 15), dt.date(2026, 5, 15)),
        # No answer: the wait counts only up to the deadline (10 working days).
        (dt.date(2026, 3, 25), "no_answer", None, dt.date(2026, 4, 14)),
        (dt.date(2026, 3, 6), "unreasonable", None, dt.date(2026, 4, 1)),
    ],
)
def test_the_wait_for_the_reasons_is_not_counted(units, answered, result, later_due, due):
    req = received(units["township"], RECEIVED)
    assert req.due_on == dt.date(2026, 3, 30)
    _ask(req)
    assert req.stage == Stage.AWAITING_REASONS
    extra = {"later_due": later_due} if later_due else {}
    actions.advance(
        req, by=None, type="reasons_answered", date=answered, today=TODAY, result=result, **extra
    )
    req.refresh_from_db()
    assert (req.stage, req.due_on) == (Stage.RECEIVED, due)
    assert AuditEvent.objects.filter(action="info_request:reasons_answered").exists()


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("reply", {"outcome": "disclosed"}, "reasons"),
        ("reasons_answered", {"result": "no_answer"}, "2026-03-18"),
        ("reasons_answered", {"result": "agreed"}, "reasonable"),
        ("reasons_answered", {"result": "unreasonable", "later_due": dt.date(2026, 5, 1)}, "later"),
        (
            "ask_reasons",
            {"questions": "再次说明。", "deadline": dt.date(2026, 3, 30)},
            "answer first",
        ),
    ],
)
def test_refused_while_waiting_for_the_reasons(units, step, data, message):
    req = received(units["township"], RECEIVED)
    _ask(req)
    with pytest.raises(ValidationError, match=message):
        actions.advance(req, by=None, type=step, date=dt.date(2026, 3, 10), today=TODAY, **data)


def test_the_reasons_are_asked_with_a_deadline_and_questions(units):
    req = received(units["township"], RECEIVED)
    with pytest.raises(ValidationError):
        actions.advance(
            req,
            by=None,
            type="ask_reasons",
            date=dt.date(2026, 3, 4),
            today=TODAY,
            questions="",
            deadline=dt.date(2026, 3, 18),
        )
    with pytest.raises(ValidationError):
        actions.advance(
            req,
            by=None,
            type="ask_reasons",
            date=dt.date(2026, 3, 4),
            today=TODAY,
            questions="说明理由。",
            deadline=dt.date(2026, 3, 4),
        )


def test_information_asked_for_repeatedly_becomes_a_draft_catalog_item(units, staff):
    req = received(units["township"], RECEIVED)
    with pytest.raises(PermissionDenied):
        actions.propose_proactive(req, by=staff["clerk"], today=TODAY, reason="本年已有6人申请。")
    item = actions.propose_proactive(
        req, by=staff["leader"], today=TODAY, reason="本年已有6人申请同一信息。"
    )
    item = CatalogItem.objects.get(pk=item.pk)
    assert item.owner == units["township"] and not item.is_active  # a draft, not in use
    assert item.content == req.description
    assert "第四十四条" in item.basis
    event = req.events.get(type="proactive_proposed")
    assert not event.public and event.data["item"] == item.pk
    assert AuditEvent.objects.filter(action="info_request:proactive_proposed").count() == 1
    with pytest.raises(ValidationError):
        actions.propose_proactive(req, by=staff["leader"], today=TODAY, reason="再次。")


def test_a_request_to_correct_ones_own_records_is_decided_and_told(units, staff):
    req = received(units["township"], RECEIVED)
    clerk = staff["clerk"]
    with pytest.raises(ValidationError):
        actions.decide_records_correction(
            req, by=clerk, date=RECEIVED, today=TODAY, result="corrected"
        )
    actions.ask_records_correction(
        req,
        by=clerk,
        date=dt.date(2026, 3, 5),
        today=TODAY,
        records="2025年度低保名单中本人家庭人口记为2人，实为3人。",
        evidence="户口簿复印件",
    )
    with pytest.raises(ValidationError):  # one at a time
        actions.ask_records_correction(
            req, by=clerk, date=dt.date(2026, 3, 5), today=TODAY, records="又一项", evidence="证明"
        )
    with pytest.raises(ValidationError, match="body"):
        actions.decide_records_correction(
            req, by=clerk, date=dt.date(2026, 3, 9), today=TODAY, result="forwarded"
        )
    actions.decide_records_correction(
        req,
        by=clerk,
        date=dt.date(2026, 3, 9),
        today=TODAY,
        result="corrected",
        note="已更正家庭人口为3人。",
    )
    decided = req.events.get(type="records_decided")
    assert decided.public and decided.records_result_label
    # The clock is not touched: Art. 41 is a request of its own.
    req.refresh_from_db()
    assert req.due_on == dt.date(2026, 3, 30)
    names = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "info_request:records_correction_asked",
        "info_request:records_correction_decided",
    } <= names
