"""Every state change of an application: one function each, audited, in one transaction.

The clock's rules live in `clock.py`; here each step is checked against them, appended as
an event with its date, and the application's stored clock (stage, due date …) is
recomputed by replaying the events, so the stored state is always what the events say.
`by=None` means the system itself (the public form, the demo loader, a calendar change).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.catalog import actions as catalog_actions
from gongkai.catalog.models import Approval, Cadence, Level, Mode
from gongkai.core import access, audit, mail
from gongkai.core.models import Audience, Unit, UnitKind, User
from gongkai.core.workdays import WorkdayCalendar
from gongkai.publishing import privacy, redact, uploads

from . import clock, fees, outcomes
from .access import (
    may_handle,
    require_acknowledge,
    require_sign_off,
    transfer_targets,
)
from .clock import EventType, Stage
from .models import (
    CONFIRMED_CHANNELS,
    RECORDS_RESULTS,
    Channel,
    CorrectionFile,
    DocumentSequence,
    Filing,
    FindingState,
    InfoRequest,
    InfoRequestEvent,
    ReplyDocument,
    ReplyFinding,
)

MAX_CORRECTION_FILES = 5

# Anti-flood: at most this many online applications from one address in one day. Art. 35's
# "unreasonable number" is the handler's judgement; this only stops a script.
FLOOD_LIMIT = 10
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a phone

APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "contact_person",
    "contact_phone",
    "contact_email",
    "contact_address",
    "description",
    "document_number",
    "delivery",
    "accessibility_need",
)


# The audit event of each clock step, named once.
AUDIT_EVENTS = {
    EventType.RECEIVE: "info_request:receive",
    EventType.CLARIFY: "info_request:clarify",
    EventType.CORRECTED: "info_request:corrected",
    EventType.CONSULT_START: "info_request:consult_start",
    EventType.CONSULT_END: "info_request:consult_end",
    EventType.EXTEND: "info_request:extend",
    EventType.REPLY: "info_request:reply",
    EventType.SIGN_OFF: "info_request:sign_off",
    EventType.FEE_NOTICE: "info_request:fee_notice",
    EventType.FEE_PAID: "info_request:fee_paid",
    EventType.THIRD_PARTY_NOTICE: "info_request:third_party_notice",
    EventType.ASK_REASONS: "info_request:ask_reasons",
    EventType.REASONS_ANSWERED: "info_request:reasons_answered",
}


def _require_handling_unit(unit: Unit) -> None:
    if unit.kind not in (UnitKind.TOWNSHIP, UnitKind.OFFICE, UnitKind.COUNTY):
        raise ValidationError(
            {"unit": _("Applications go to a township, an office or the county.")}
        )


def _new_code(today: dt.date) -> str:
    while True:
        code = f"{today:%Y}" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if not InfoRequest.objects.filter(tracking_code=code).exists():
            return code


def _create(
    *,
    unit: Unit,
    channel: str,
    today: dt.date,
    source_hash: str,
    details: dict[str, Any],
    submitted_at: dt.datetime | None = None,
) -> InfoRequest:
    unknown = set(details) - set(APPLICANT_FIELDS)
    if unknown:
        raise ValueError(f"not applicant fields: {sorted(unknown)}")
    _require_handling_unit(unit)
    req = InfoRequest(
        unit=unit,
        channel=channel,
        tracking_code=_new_code(today),
        token=secrets.token_urlsafe(24),
        submitted_at=submitted_at or timezone.now(),
        source_hash=source_hash,
        **details,
    )
    req.full_clean()
    req.save()
    return req


@transaction.atomic
def submit(
    *,
    unit: Unit,
    today: dt.date,
    source_hash: str = "",
    submitted_at: dt.datetime | None = None,
    **details: Any,
) -> InfoRequest:
    """An application from the public form or API: it waits in the unconfirmed queue.

    `submitted_at` is for loading past applications (the demo); the form and API leave it out.
    """
    if source_hash:
        since = timezone.now() - dt.timedelta(days=1)
        recent = InfoRequest.objects.filter(
            source_hash=source_hash, submitted_at__gte=since
        ).count()
        if recent >= FLOOD_LIMIT:
            raise ValidationError(
                _(
                    "Too many applications have come from your connection today. "
                    "Please try again tomorrow, "
                    "or apply in person or by post."
                )
            )
    req = _create(
        unit=unit,
        channel=Channel.ONLINE,
        today=today,
        source_hash=source_hash,
        details=details,
        submitted_at=submitted_at,
    )
    event = InfoRequestEvent.objects.create(
        info_request=req, type=InfoRequestEvent.Type.SUBMITTED, date=today
    )
    audit.record(
        "info_request:submitted", actor=None, unit=unit, target=req, channel=Channel.ONLINE
    )
    _notify(req, event)
    return req


@transaction.atomic
def register(
    *,
    by: User | None,
    unit: Unit,
    channel: str,
    today: dt.date,
    arrived_on: dt.date | None = None,
    received_on: dt.date | None = None,
    **details: Any,
) -> InfoRequest:
    """An application staff register from a counter, the post, a fax or an email.

    The date of receipt follows the channel (Art. 31): in person the day handed in, by
    registered post the day signed for; by ordinary post, fax or email the day the office
    confirms with the applicant. Without that date, it waits in the unconfirmed queue.
    """
    access.require_unless_system(by, "info_request:handle_for_unit", unit)
    if channel not in Channel.values or channel == Channel.ONLINE:
        raise ValidationError({"channel": _("Choose how the application arrived.")})
    if received_on is None and channel not in CONFIRMED_CHANNELS:
        raise ValidationError(
            {
                "received_on": _(
                    "Give the day it was handed in or signed for: that is its date of receipt."
                )
            }
        )
    arrived_on = arrived_on or received_on or today
    if arrived_on > today:
        raise ValidationError(
            {"arrived_on": _("The date %(date)s is in the future.") % {"date": arrived_on}}
        )
    if received_on is not None and received_on < arrived_on:
        raise ValidationError(
            {"received_on": _("The date of receipt cannot be before the day it arrived.")}
        )
    req = _create(unit=unit, channel=channel, today=today, source_hash="", details=details)
    event = InfoRequestEvent.objects.create(
        info_request=req,
        type=InfoRequestEvent.Type.REGISTERED,
        date=arrived_on,
        actor=by,
        data={"channel": channel},
    )
    audit.record("info_request:registered", actor=by, unit=unit, target=req, channel=channel)
    _notify(req, event)
    if received_on is not None:
        advance(req, by=by, type=EventType.RECEIVE, date=received_on, today=today)
    return req


def _events(req: InfoRequest) -> list[InfoRequestEvent]:
    return list(req.events.all())


def _store(req: InfoRequest, state: clock.Clock) -> list[str]:
    """Copy the clock's state onto the application; the names of the fields that changed."""
    values = {
        "stage": state.stage,
        "received_on": state.received_on,
        "due_on": state.due_on,
        "due_provisional": state.provisional,
        "correction_deadline": state.correction_deadline
        if state.stage == Stage.AWAITING_CORRECTION
        else None,
        "third_party_deadline": state.third_party_deadline,
        "replied_on": state.replied_on,
        "outcome": state.outcome,
    }
    changed = [name for name, value in values.items() if getattr(req, name) != value]
    for name in changed:
        setattr(req, name, values[name])
    return changed


def _clean_data(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The fields each step keeps, in a form JSON can store."""
    keep = {
        EventType.RECEIVE: ("note",),
        EventType.CLARIFY: ("corrections", "deadline"),
        EventType.CORRECTED: ("note", "answer", "online"),
        EventType.CONSULT_START: ("party", "party_kind", "note"),
        EventType.CONSULT_END: ("result", "note"),
        EventType.EXTEND: ("days", "approved_by", "reason"),
        EventType.REPLY: (
            "outcome",
            "legal_basis",
            "reasons",
            "where",
            "already_public",
            "responsible_body",
            "released",
        ),
        EventType.SIGN_OFF: ("note",),
        EventType.THIRD_PARTY_NOTICE: ("note",),
        EventType.FEE_NOTICE: ("method", "quantity"),
        EventType.FEE_PAID: ("note",),
        EventType.ASK_REASONS: ("questions", "deadline"),
        EventType.REASONS_ANSWERED: ("result", "later_due", "note"),
    }[kind]
    unknown = set(data) - set(keep)
    if unknown:
        raise ValidationError(
            _("Unknown fields for this step: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    return {key: value for key, value in data.items() if value not in (None, "")}


def advance(
    req: InfoRequest,
    *,
    by: User | None,
    type: str,
    date: dt.date,
    today: dt.date,
    calendar: WorkdayCalendar | None = None,
    **data: Any,
) -> InfoRequestEvent:
    """Record one clock step (receive, clarify, corrected, consult_start/end, extend, reply,
    sign_off, fee_notice, fee_paid)."""
    if type == EventType.SIGN_OFF and by is not None:
        _check_sign_off(req, by=by)
    if type == EventType.SIGN_OFF:
        _check_findings_settled(req)
    return _advance(req, by=by, type=type, date=date, today=today, calendar=calendar, **data)


def _check_sign_off(req: InfoRequest, *, by: User) -> None:
    """Art. 45: another person, a reviewer or leader of the unit, signs the reply off.

    A refusal is audited outside the step's transaction, so that it stays on record.
    """
    require_sign_off(by, req.unit)
    draft = req.events.filter(type=EventType.REPLY).order_by("-date", "-id").first()
    if draft is not None and draft.actor_id == by.pk:
        audit.record(
            "info_request:sign_off_refused", actor=by, unit=req.unit, target=req, reason="author"
        )
        raise PermissionDenied(
            _("You drafted this reply: another reviewer or leader of the unit must sign it off.")
        )


@transaction.atomic
def _advance(
    req: InfoRequest,
    *,
    by: User | None,
    type: str,
    date: dt.date,
    today: dt.date,
    calendar: WorkdayCalendar | None = None,
    **data: Any,
) -> InfoRequestEvent:
    access.require_unless_system(by, "info_request:handle_for_unit", req.unit)
    if type not in EventType.CLOCK:
        raise ValidationError(_("Unknown step: %(type)s.") % {"type": type})
    if type in (EventType.SIGN_OFF, EventType.EXTEND):
        access.require_unless_system(by, "info_request:sign_off_for_unit", req.unit)
    # Lock the row so two handlers cannot record steps at once (PostgreSQL; SQLite serialises).
    original = req
    req = (
        InfoRequest.objects.select_for_update(of=("self",))
        .select_related("unit", "unit__parent")
        .get(pk=req.pk)
    )
    calendar = calendar or WorkdayCalendar.load()
    data = _clean_data(type, data)
    if type == EventType.EXTEND and "days" not in data:
        data["days"] = clock.MAX_EXTENSION_DAYS
    if type == EventType.EXTEND and by is not None:
        # The approval is the approver's own account recording it, not a typed name.
        data["approved_by"] = by.full_name or by.username
        data["approver"] = by.username
    if type == EventType.REPLY and "outcome" in data:
        found = outcomes.find(data["outcome"])
        if found is not None:
            data["outcome"] = found.key
    if (
        type == EventType.FEE_NOTICE
        and data.get("method") == fees.BY_COUNT
        and "quantity" not in data
    ):
        data["quantity"] = monthly_ordinal(req)
    events = _events(req)
    before = clock.replay((e.as_clock_event() for e in events), calendar)
    step = clock.ClockEvent(type, date, data)
    clock.check(before, step, today)
    after = clock.step(before, step, calendar)
    for name in ("deadline", "later_due"):
        if isinstance(data.get(name), dt.date):
            data[name] = data[name].isoformat()
    if type == EventType.CONSULT_START:
        data["third_party_deadline"] = after.third_party_deadline.isoformat()
    if type == EventType.FEE_NOTICE:
        data["amount"] = fees.amount(data["method"], data["quantity"])
        data["pay_by"] = after.fee_due_by.isoformat()
    if type == EventType.CONSULT_END:
        data["not_counted"] = after.consulted_days - before.consulted_days
    if type in NUMBERED_STEPS:
        # The notice this step sends is an official document with the unit's own number.
        data["doc_no"] = next_doc_no(req.unit, date.year)
    draft = None
    if type == EventType.SIGN_OFF:
        draft = next(e for e in reversed(events) if e.type == EventType.REPLY)
        data["outcome"] = draft.data["outcome"]
        data["drafted_by"] = draft.actor.username if draft.actor else ""
    event = InfoRequestEvent.objects.create(
        info_request=req,
        type=type,
        date=date,
        data=data,
        actor=by,
        due_before=before.due_on,
        due_after=after.due_on,
        # A draft is not the reply: the applicant sees it once it is signed off and sent.
        public=type != EventType.REPLY,
    )
    changed = _store(req, after)
    if type == EventType.RECEIVE:
        req.confirmed_at = timezone.now()
        changed.append("confirmed_at")
    if changed:
        req.save(update_fields=changed)
        # The caller's copy shows the new clock too.
        for name in changed:
            setattr(original, name, getattr(req, name))
    audit.record(
        AUDIT_EVENTS[type],
        actor=by,
        unit=req.unit,
        target=req,
        date=date.isoformat(),
        due_before=before.due_on.isoformat() if before.due_on else None,
        due_after=after.due_on.isoformat() if after.due_on else None,
        # The files released and the applicant's own words stay out of the audit trail.
        **{k: v for k, v in data.items() if k not in ("released", "answer")},
    )
    if draft is not None:
        _file_if_withheld(req, draft, by=by, filed_on=date)
    _notify(req, event)
    return event


# Steps that send a notice (补正告知书, 延期答复告知书, 收费通知书, 征求意见函) with a 文号.
NUMBERED_STEPS = (
    EventType.CLARIFY,
    EventType.EXTEND,
    EventType.FEE_NOTICE,
    EventType.CONSULT_START,
)


def doc_prefix(unit: Unit) -> str:
    """The unit's 机关代字 for these notices: 青山镇 → 青政信; its 财政所 → 青财信."""
    if unit.kind == UnitKind.OFFICE and unit.parent is not None:
        town = unit.parent.short_name or unit.parent.name
        own = (unit.short_name or unit.name).removeprefix(town) or unit.short_name
        return f"{town[:1]}{own[:1]}信"
    return f"{(unit.short_name or unit.name)[:1]}政信"


def next_doc_no(unit: Unit, year: int) -> str:
    """The next number of the unit's run for `year`, e.g. 青政信〔2026〕3号 (locked, no gaps)."""
    DocumentSequence.objects.get_or_create(unit=unit, year=year)
    sequence = DocumentSequence.objects.select_for_update().get(unit=unit, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{doc_prefix(unit)}〔{year}〕{sequence.last}号"


def monthly_ordinal(req: InfoRequest) -> int:
    """Which of the applicant's applications to this township this is, in its calendar month.

    The fee by count is per applicant per calendar month (国办函〔2020〕109号); the applicant
    is known by the identity document, or by name and phone when none was given.
    """
    township = req.unit.township or req.unit
    same = (
        {"id_type": req.id_type, "id_number": req.id_number}
        if req.id_number
        else {"applicant_name": req.applicant_name, "contact_phone": req.contact_phone}
    )
    day = req.received_on
    earlier = (
        InfoRequest.objects.filter(**same)
        .filter(unit__in=Unit.objects.subtree(township))
        .filter(received_on__year=day.year, received_on__month=day.month)
        .filter(Q(received_on__lt=day) | Q(received_on=day, pk__lt=req.pk))
    )
    return earlier.count() + 1


def answer_correction(
    req: InfoRequest, *, text: str, files: list[Any] = (), today: dt.date
) -> InfoRequestEvent:
    """The applicant answers the correction request online, through their secret link.

    The corrected application is received on the day of the answer: the clock restarts from
    it (Art. 30). Files are checked as every upload is. After the deadline the office decides
    (a good reason, or the application is withdrawn), so the link no longer takes an answer.
    The files are checked before the write transaction starts.
    """
    if len(files) > MAX_CORRECTION_FILES:
        raise ValidationError(
            {"files": _("Attach at most %(n)d files.") % {"n": MAX_CORRECTION_FILES}}
        )
    try:
        checked = uploads.check_attachments(files)
    except ValidationError as error:
        raise ValidationError({"files": error.messages}) from error
    with transaction.atomic():
        return _answer_correction(req, text=text, checked=checked, today=today)


def _answer_correction(
    req: InfoRequest, *, text: str, checked: list[uploads.CheckedFile], today: dt.date
) -> InfoRequestEvent:
    req = InfoRequest.objects.select_for_update(of=("self",)).get(pk=req.pk)
    if req.stage != Stage.AWAITING_CORRECTION:
        raise ValidationError(_("No correction is asked for on this application."))
    if req.correction_deadline and today > req.correction_deadline:
        raise ValidationError(
            _(
                "The deadline for the correction was %(day)s: contact the office, which decides "
                "whether you had a good reason."
            )
            % {"day": req.correction_deadline.isoformat()}
        )
    text = (text or "").strip()
    if not text and not checked:
        raise ValidationError({"text": _("Write your correction, or attach it as a file.")})
    event = _advance(
        req,
        by=None,
        type=EventType.CORRECTED,
        date=today,
        today=today,
        answer=text,
        online=True,
    )
    for item in checked:
        CorrectionFile.objects.create(
            info_request=req, event=event, file=item.upload, name=item.name, kind=item.kind
        )
    audit.record(
        "info_request:correction_answered",
        actor=None,
        unit=req.unit,
        target=req,
        date=today.isoformat(),
        files=len(checked),
    )
    return event


@transaction.atomic
def propose_proactive(req: InfoRequest, *, by: User | None, today: dt.date, reason: str):
    """Art. 44: information asked for by many is marked for proactive disclosure.

    A draft item (not yet in use) goes into the unit's own catalog, for the unit to complete
    and bring into use; the application keeps a step that says so.
    """
    access.require_unless_system(by, "info_request:handle_for_unit", req.unit)
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say why: how many applicants have asked for this information.")}
        )
    if req.events.filter(type=InfoRequestEvent.Type.PROACTIVE_PROPOSED).exists():
        raise ValidationError(_("This application's information is already marked."))
    unit = req.unit if req.unit.kind in (UnitKind.TOWNSHIP, UnitKind.OFFICE) else None
    if unit is None:
        raise ValidationError(_("Only townships and offices keep a disclosure catalog."))
    item = catalog_actions.create_own_item(
        unit,
        by=by,
        group="office" if unit.kind == UnitKind.OFFICE else "township",
        level1=_("Disclosed proactively after applications"),
        level2=req.description[:120],
        content=req.description,
        basis="《中华人民共和国政府信息公开条例》第四十四条",
        time_limit="信息形成或者变更之日起20个工作日内",
        subject=unit.name[:120],
        channels=["website"],
        audience=Audience.PUBLIC,
        mode=Mode.PROACTIVE,
        level=Level.TOWNSHIP,
        approval=Approval.REVIEW,
        cadence=Cadence.TIMELY,
    )
    catalog_actions.set_item_active(item, by=by, active=False)
    InfoRequestEvent.objects.create(
        info_request=req,
        type=InfoRequestEvent.Type.PROACTIVE_PROPOSED,
        date=today,
        actor=by,
        public=False,
        data={"reason": reason.strip(), "item": item.pk},
    )
    audit.record(
        "info_request:proactive_proposed",
        actor=by,
        unit=req.unit,
        target=req,
        item=item.pk,
        reason=reason.strip(),
    )
    return item


@transaction.atomic
def ask_records_correction(
    req: InfoRequest, *, by: User | None, date: dt.date, today: dt.date, records: str, evidence: str
) -> InfoRequestEvent:
    """Art. 41: the applicant shows that records about themselves are inaccurate."""
    access.require_unless_system(by, "info_request:handle_for_unit", req.unit)
    if date > today:
        raise ValidationError({"date": _("The date %(date)s is in the future.") % {"date": date}})
    if not records.strip() or not evidence.strip():
        raise ValidationError(
            _("Say which records are inaccurate and what evidence the applicant gave.")
        )
    if _records_open(req):
        raise ValidationError(_("A request to correct records is already waiting for a decision."))
    event = InfoRequestEvent.objects.create(
        info_request=req,
        type=InfoRequestEvent.Type.RECORDS_CORRECTION_ASKED,
        date=date,
        actor=by,
        data={"records": records.strip(), "evidence": evidence.strip()},
    )
    audit.record("info_request:records_correction_asked", actor=by, unit=req.unit, target=req)
    _notify(req, event)
    return event


def records_waiting(events: list[InfoRequestEvent]) -> bool:
    """An Art. 41 request among the application's steps waits for its decision."""
    kinds = (
        InfoRequestEvent.Type.RECORDS_CORRECTION_ASKED,
        InfoRequestEvent.Type.RECORDS_CORRECTION_DECIDED,
    )
    steps = sorted((e for e in events if e.type in kinds), key=lambda e: (e.date, e.id))
    return bool(steps) and steps[-1].type == InfoRequestEvent.Type.RECORDS_CORRECTION_ASKED


def _records_open(req: InfoRequest) -> bool:
    return records_waiting(list(req.events.all()))


@transaction.atomic
def decide_records_correction(
    req: InfoRequest,
    *,
    by: User | None,
    date: dt.date,
    today: dt.date,
    result: str,
    note: str = "",
    body: str = "",
) -> InfoRequestEvent:
    """Art. 41: corrected when found true; otherwise the applicant is told, or the request
    goes to the body that may correct the records."""
    access.require_unless_system(by, "info_request:handle_for_unit", req.unit)
    if not _records_open(req):
        raise ValidationError(_("No request to correct records is waiting for a decision."))
    if result not in RECORDS_RESULTS:
        raise ValidationError({"result": _("Choose how the request was decided.")})
    if date > today:
        raise ValidationError({"date": _("The date %(date)s is in the future.") % {"date": date}})
    if result in ("forwarded", "told_elsewhere") and not body.strip():
        raise ValidationError({"body": _("Name the body that may correct the records.")})
    if result == "not_accurate" and not note.strip():
        raise ValidationError({"note": _("Give the reasons: the applicant is told them.")})
    event = InfoRequestEvent.objects.create(
        info_request=req,
        type=InfoRequestEvent.Type.RECORDS_CORRECTION_DECIDED,
        date=date,
        actor=by,
        data={
            "result": result,
            "note": (f"{body.strip()}。" if body.strip() else "") + note.strip(),
        },
    )
    audit.record(
        "info_request:records_correction_decided",
        actor=by,
        unit=req.unit,
        target=req,
        result=result,
    )
    _notify(req, event)
    return event


# Named steps, so callers read like the law.
def receive(
    req: InfoRequest, *, by: User | None, date: dt.date, today: dt.date
) -> InfoRequestEvent:
    return advance(req, by=by, type=EventType.RECEIVE, date=date, today=today)


def ask_clarification(
    req: InfoRequest,
    *,
    by: User | None,
    date: dt.date,
    today: dt.date,
    corrections: str,
    deadline: dt.date,
) -> InfoRequestEvent:
    return advance(
        req,
        by=by,
        type=EventType.CLARIFY,
        date=date,
        today=today,
        corrections=corrections,
        deadline=deadline,
    )


def extend(
    req: InfoRequest,
    *,
    by: User | None,
    date: dt.date,
    today: dt.date,
    reason: str,
    approved_by: str = "",
    days: int = clock.MAX_EXTENSION_DAYS,
) -> InfoRequestEvent:
    """Extend the reply period: recorded by the head of the disclosure office's own account
    (a reviewer or leader of the unit); `approved_by` is for loading past records only."""
    return advance(
        req,
        by=by,
        type=EventType.EXTEND,
        date=date,
        today=today,
        days=days,
        approved_by=approved_by,
        reason=reason,
    )


def reply(
    req: InfoRequest,
    *,
    by: User | None,
    date: dt.date,
    today: dt.date,
    outcome: str,
    legal_basis: str = "",
    reasons: str = "",
    where: str = "",
    already_public: bool = False,
    responsible_body: str = "",
    files: list[tuple[str, Any]] = (),
) -> InfoRequestEvent:
    """The reply drafted, with any released files (name, uploaded file); it goes out when
    another person signs it off (`sign_off`).

    The files are checked (size, kind, and the limits that stop a hostile Word, Excel or PDF
    file before any parser runs) and read for the privacy screening before the write
    transaction starts: a slow or hostile file never holds the database, and a refused one
    leaves nothing behind."""
    prepared = [(name, *_read_reply_file(upload)) for name, upload in files]
    with transaction.atomic():
        event = advance(
            req,
            by=by,
            type=EventType.REPLY,
            date=date,
            today=today,
            outcome=outcome,
            legal_basis=legal_basis,
            reasons=reasons,
            where=where,
            already_public=already_public or None,
            responsible_body=responsible_body,
            released=[name for name, _file in files] or None,
        )
        for name, checked, parts in prepared:
            document = ReplyDocument.objects.create(
                info_request=req, file=checked.upload, name=name or checked.name, kind=checked.kind
            )
            screen_document(document, parts=parts)
    return event


def _read_reply_file(upload: Any) -> tuple[uploads.CheckedFile, list[tuple[str, str]] | None]:
    """A reply file checked, and its text for the screening (None when it cannot be read)."""
    checked = uploads.check_attachment(upload)
    try:
        parts = privacy.attachment_text(checked.kind, upload.read())
    except Exception:  # an unreadable file is a finding, not a crash
        parts = None
    finally:
        upload.seek(0)
    return checked, parts


def _document_bytes(document: ReplyDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


_UNREAD: Any = object()


def screen_document(document: ReplyDocument, *, parts: Any = _UNREAD) -> list[ReplyFinding]:
    """The privacy screening of publications, over a file released with a reply: new findings
    are stored open, settled ones stay settled. Returns the open findings.

    `parts` is the file's text when it was read already (None: it could not be read)."""
    found: list[tuple[str, str, str]] = []
    if parts is _UNREAD:
        try:
            parts = privacy.attachment_text(document.kind, _document_bytes(document))
        except Exception:  # an unreadable file is a finding, not a crash
            parts = None
    if parts is None:
        parts = []
        found.append(("unreadable", document.name, document.name))
    for where, text in parts:
        for hit in privacy.scan(text):
            found.append((hit.kind, f"{document.name}: {where}"[:300], hit.value[:200]))
    existing = {(f.kind, f.value): f for f in document.findings.all()}
    open_findings = []
    seen = set()
    for kind, place, value in found:
        if (kind, value) in seen:
            continue
        seen.add((kind, value))
        finding = existing.get((kind, value))
        if finding is None:
            finding = ReplyFinding.objects.create(
                document=document, kind=kind, place=place, value=value
            )
        if finding.state == FindingState.OPEN:
            open_findings.append(finding)
    # Open findings whose value is gone from the file are no longer findings.
    document.findings.filter(state=FindingState.OPEN).exclude(
        pk__in=[f.pk for f in open_findings]
    ).delete()
    return open_findings


def open_findings(req: InfoRequest):
    return ReplyFinding.objects.filter(
        document__info_request=req, state=FindingState.OPEN
    ).select_related("document")


def _check_findings_settled(req: InfoRequest) -> None:
    if open_findings(req).exists():
        raise ValidationError(
            _(
                "A file released with the reply contains personal information: mask it, or have "
                "it kept with a reason, before the reply is signed off."
            ),
            code="findings",
        )


def _locked_finding(req: InfoRequest, finding_id: int) -> ReplyFinding:
    finding = (
        ReplyFinding.objects.select_for_update(of=("self",))
        .select_related("document")
        .filter(pk=finding_id, document__info_request=req)
        .first()
    )
    if finding is None or finding.state != FindingState.OPEN:
        raise ValidationError(_("This finding was settled already."), code="settled")
    return finding


@transaction.atomic
def mask_finding(req: InfoRequest, finding_id: int, *, by: User | None) -> ReplyFinding:
    """The handler removes the found value everywhere in the file (a new file replaces it)."""
    access.require_unless_system(by, "info_request:handle_for_unit", req.unit)
    finding = _locked_finding(req, finding_id)
    document = finding.document
    if finding.kind == "unreadable":
        raise ValidationError(
            _(
                "This file cannot be masked here: remove it and attach a de-identified copy, "
                "or have it kept with a reason."
            ),
            code="not_maskable",
        )
    try:
        data = redact.redact(document.kind, _document_bytes(document), finding.value, "")
    except redact.CannotRedact as error:
        raise ValidationError(
            _(
                "“%(name)s” could not be masked here: attach a de-identified copy, or have it "
                "kept with a reason."
            )
            % {"name": document.name},
            code="not_maskable",
        ) from error
    previous = document.file.name
    document.file.save(document.name, ContentFile(data), save=False)
    document.save(update_fields=["file"])
    transaction.on_commit(lambda: document.file.storage.delete(previous))
    _settle_finding(req, finding, FindingState.MASKED, by=by, reason="")
    screen_document(document)
    return finding


@transaction.atomic
def keep_finding(
    req: InfoRequest, finding_id: int, *, by: User | None, reason: str
) -> ReplyFinding:
    """A reviewer or leader keeps the information, with the reason (consent, a legal duty …)."""
    access.require_unless_system(by, "info_request:sign_off_for_unit", req.unit)
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Give the reason for releasing this personal information.")}
        )
    finding = _locked_finding(req, finding_id)
    _settle_finding(req, finding, FindingState.KEPT, by=by, reason=reason.strip())
    return finding


def _settle_finding(
    req: InfoRequest, finding: ReplyFinding, state: str, *, by: User | None, reason: str
) -> None:
    finding.state = state
    finding.reason = reason
    finding.settled_by = by
    finding.settled_at = timezone.now()
    finding.save(update_fields=["state", "reason", "settled_by", "settled_at"])
    name = {
        FindingState.MASKED: "info_request:finding_masked",
        FindingState.KEPT: "info_request:finding_kept",
    }[state]
    audit.record(
        name,
        actor=by,
        unit=req.unit,
        target=req,
        document=finding.document.name,
        kind=finding.kind,
        place=finding.place,
        reason=reason,
    )


def sign_off(
    req: InfoRequest, *, by: User | None, date: dt.date, today: dt.date, note: str = ""
) -> InfoRequestEvent:
    """签发: a reviewer or leader of the unit, not its author, sends the drafted reply."""
    return advance(req, by=by, type=EventType.SIGN_OFF, date=date, today=today, note=note)


def _superior(unit: Unit) -> Unit:
    return unit.parent or unit


def _file_if_withheld(
    req: InfoRequest, event: InfoRequestEvent, *, by: User | None, filed_on: dt.date
) -> None:
    """Information withheld is filed with the superior unit (seed plan: 报上级主管机关备案)."""
    outcome = outcomes.BY_KEY[event.data["outcome"]]
    if not outcome.withheld:
        return
    filing = Filing.objects.create(
        info_request=req,
        unit=req.unit,
        superior=_superior(req.unit),
        outcome=outcome.key,
        matter=req.description,
        reasons=event.data.get("reasons", "") or event.data.get("legal_basis", ""),
        filed_on=filed_on,
    )
    audit.record(
        "filing:created",
        actor=by,
        unit=req.unit,
        target=filing,
        superior=filing.superior.org_code,
        outcome=outcome.key,
    )


@transaction.atomic
def acknowledge_filing(filing: Filing, *, by: User) -> Filing:
    require_acknowledge(by, filing)
    if filing.acknowledged_at is not None:
        raise ValidationError(_("This filing has already been acknowledged."))
    filing.acknowledged_by = by
    filing.acknowledged_at = timezone.now()
    filing.save(update_fields=["acknowledged_by", "acknowledged_at"])
    audit.record("filing:acknowledged", actor=by, unit=filing.superior, target=filing)
    return filing


@transaction.atomic
def assign(req: InfoRequest, *, by: User | None, to: User | None, today: dt.date) -> InfoRequest:
    access.require_unless_system(by, "info_request:handle_for_unit", req.unit)
    if to is not None and not may_handle(to, req.unit):
        raise ValidationError(_("%(name)s cannot handle this unit's applications.") % {"name": to})
    previous = req.assigned_to
    req.assigned_to = to
    req.save(update_fields=["assigned_to"])
    InfoRequestEvent.objects.create(
        info_request=req,
        type=InfoRequestEvent.Type.ASSIGNED,
        date=today,
        actor=by,
        public=False,
        data={"to": str(to) if to else "", "from": str(previous) if previous else ""},
    )
    audit.record(
        "info_request:assigned", actor=by, unit=req.unit, target=req, to=to.username if to else None
    )
    return req


@transaction.atomic
def transfer(
    req: InfoRequest, *, by: User | None, to: Unit, today: dt.date, reason: str = ""
) -> InfoRequest:
    """Hand the application to another office of the same township, or to the township."""
    access.require_unless_system(by, "info_request:handle_for_unit", req.unit)
    if not req.is_open:
        raise ValidationError(_("An answered application cannot be transferred."))
    if not transfer_targets(req).filter(pk=to.pk).exists():
        raise ValidationError(
            {"to": _("An application can go only to the township or one of its offices.")}
        )
    previous = req.unit
    req.unit = to
    req.assigned_to = None
    req.save(update_fields=["unit", "assigned_to"])
    InfoRequestEvent.objects.create(
        info_request=req,
        type=InfoRequestEvent.Type.TRANSFERRED,
        date=today,
        actor=by,
        data={"from": previous.name, "to": to.name, "reason": reason},
    )
    audit.record(
        "info_request:transferred",
        actor=by,
        unit=previous,
        target=req,
        to=to.org_code,
        reason=reason,
    )
    return req


@transaction.atomic
def recompute(
    years: set[int] | None = None, *, today: dt.date, calendar: WorkdayCalendar | None = None
) -> int:
    """Replay the clocks of open applications after the calendar changed; how many moved."""
    calendar = calendar or WorkdayCalendar.load()
    moved = 0
    # Every open clock is replayed: a county has few open applications, and a consultation's
    # or extension's count may cross into the changed year from any start.
    queryset = InfoRequest.objects.open().exclude(received_on=None).select_related("unit")
    for req in queryset.prefetch_related("events").select_for_update(of=("self",)):
        before = req.due_on
        state = clock.replay((e.as_clock_event() for e in req.events.all()), calendar)
        changed = _store(req, state)
        if not changed:
            continue
        req.save(update_fields=changed)
        if req.due_on != before:
            moved += 1
            event = InfoRequestEvent.objects.create(
                info_request=req,
                type=InfoRequestEvent.Type.RECOMPUTED,
                date=today,
                due_before=before,
                due_after=req.due_on,
                data={"years": sorted(years or [])},
            )
            audit.record(
                "info_request:recomputed",
                actor=None,
                unit=req.unit,
                target=req,
                due_before=before.isoformat() if before else None,
                due_after=req.due_on.isoformat() if req.due_on else None,
            )
            _notify(req, event)
    return moved


def site_url() -> str:
    return getattr(settings, "GONGKAI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def _notify(req: InfoRequest, event: InfoRequestEvent) -> None:
    """Email the applicant about a step they can see, once the transaction has committed."""
    if not req.contact_email or not event.public:
        return
    context = {"req": req, "event": event, "link": site_url() + req.status_path()}
    subject = _("[%(code)s] %(step)s") % {
        "code": req.tracking_code,
        "step": event.get_type_display(),
    }
    body = render_to_string("info_requests/email/notice.txt", context)
    mail.send_after_commit(subject, body, [req.contact_email])
