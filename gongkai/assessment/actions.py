"""Every change to schemes, results, rectification orders and accountability records.

Each function checks what it is asked, saves, and records one audit event, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongkai.core import access, audit
from gongkai.core.access import Perm
from gongkai.core.models import Membership, Role, Unit, UnitKind, User
from gongkai.obligations.models import Notification

from . import indicators, reads
from .models import (
    DEFAULT_WEIGHTS,
    AccountabilityRecord,
    AssessmentResult,
    AssessmentScheme,
    GroupWeight,
    Incident,
    Indicator,
    IndicatorGroup,
    RectificationOrder,
    ResultStatus,
    Score,
)


def _latest(county: Unit) -> AssessmentScheme:
    found = reads.latest_scheme(county)
    assert found is not None  # just saved
    return found


def _notify(order: RectificationOrder, text: str) -> None:
    """A notice on the to-do page of the unit's clerks and leaders."""
    people = Membership.objects.filter(
        unit=order.unit, role__in=[Role.CLERK, Role.LEADER], user__is_active=True
    ).values_list("user_id", flat=True)
    Notification.objects.bulk_create(
        Notification(user_id=user_id, text=text[:300]) for user_id in sorted(set(people))
    )


def _local(url: str) -> bool:
    """A path on this platform: never another site (no scheme, no //host)."""
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def _county(unit: Unit) -> Unit:
    if unit.kind != UnitKind.COUNTY:
        raise ValidationError(_("Assessment schemes and results belong to a county."))
    return unit


@transaction.atomic
def ensure_scheme(county: Unit) -> AssessmentScheme:
    """The county's latest scheme; on first use, version 1: the default indicators."""
    found = reads.latest_scheme(_county(county))
    if found is not None:
        return found
    scheme = AssessmentScheme.objects.create(
        county=county, version=1, note=_("Default scheme"), created_by=None
    )
    Indicator.objects.bulk_create(
        Indicator(
            scheme=scheme,
            key=d.key,
            group=d.group,
            position=n,
            deduction=d.deduction,
            cap=d.cap,
            veto=d is indicators.VETO,
        )
        for n, d in enumerate(indicators.DEFINITIONS)
    )
    GroupWeight.objects.bulk_create(
        GroupWeight(scheme=scheme, group=group, weight=weight)
        for group, weight in DEFAULT_WEIGHTS.items()
    )
    audit.record("assessment_scheme:created", actor=None, unit=county, target=scheme, version=1)
    return _latest(county)


@transaction.atomic
def save_scheme(
    county: Unit,
    *,
    by: User,
    full_score: Decimal,
    rules: list[dict],
    note: str,
    weights: dict[str, Decimal] | None = None,
) -> AssessmentScheme:
    """A new version of the scheme; the old versions, and scores computed under them, stay.
    Without `weights` the new version keeps the previous version's group weights."""
    access.require(by, Perm.EDIT_SCHEME, county)
    previous = ensure_scheme(county)
    if full_score <= 0:
        raise ValidationError({"full_score": _("The full score must be above zero.")})
    if weights is None:
        weights = reads.weights_of(previous)
    weights = {group: weights.get(group) for group in IndicatorGroup.values}
    if any(w is None or w < 0 for w in weights.values()):
        raise ValidationError(_("Every group needs a weight of zero or more."))
    total = sum(weights.values(), Decimal("0"))
    if total != full_score:
        raise ValidationError(
            _(
                "The group weights add up to %(total)s, but the full score is %(full)s: "
                "they must be equal."
            )
            % {"total": total.quantize(Decimal("0.1")), "full": full_score.quantize(Decimal("0.1"))}
        )
    for rule in rules:
        if rule["key"] not in indicators.REGISTRY:
            raise ValidationError(_("Unknown indicator: %(key)s") % {"key": rule["key"]})
        if rule["deduction"] < 0 or (rule.get("cap") is not None and rule["cap"] < 0):
            raise ValidationError(_("Deductions and caps cannot be negative."))
    scheme = AssessmentScheme.objects.create(
        county=county,
        version=previous.version + 1,
        full_score=full_score,
        note=note,
        created_by=by,
    )
    Indicator.objects.bulk_create(
        Indicator(
            scheme=scheme,
            key=rule["key"],
            group=indicators.REGISTRY[rule["key"]].group,
            position=n,
            deduction=rule["deduction"],
            cap=rule.get("cap"),
            veto=bool(rule.get("veto")),
        )
        for n, rule in enumerate(rules)
    )
    GroupWeight.objects.bulk_create(
        GroupWeight(scheme=scheme, group=group, weight=weight) for group, weight in weights.items()
    )
    audit.record(
        "assessment_scheme:versioned",
        actor=by,
        unit=county,
        target=scheme,
        version=scheme.version,
        previous=previous.version,
        full_score=str(full_score),
        weights={group: str(weight) for group, weight in weights.items()},
        indicators=[
            {
                "key": r["key"],
                "deduction": str(r["deduction"]),
                "cap": None if r.get("cap") is None else str(r["cap"]),
                "veto": bool(r.get("veto")),
            }
            for r in rules
        ],
    )
    return _latest(county)


def _store(result: AssessmentResult, standing: reads.Standing) -> None:
    result.scores.all().delete()
    Score.objects.bulk_create(
        Score(
            result=result,
            unit=row.unit,
            score=row.score,
            rank=row.rank,
            vetoed=row.vetoed,
            points=[p.as_json() for p in row.points],
        )
        for row in standing.rows
    )


def _summary(standing: reads.Standing) -> dict[str, str]:
    return {row.unit.org_code: str(row.score) for row in standing.rows}


@transaction.atomic
def compute(county: Unit, year: int, *, by: User | None, today: dt.date) -> AssessmentResult:
    """Store the year's scores as a draft under the latest scheme. A published result is
    frozen: it changes only through `recompute`."""
    access.require_unless_system(by, Perm.ASSESS, county)
    if year > today.year:
        raise ValidationError(_("A year that has not begun cannot be assessed."))
    scheme = ensure_scheme(county)
    result = AssessmentResult.objects.select_for_update().filter(county=county, year=year).first()
    if result is not None and result.is_published:
        raise ValidationError(
            _("The %(year)s results are published; only an explicit recompute changes them.")
            % {"year": year}
        )
    standing = reads.compute(county, year, scheme, today=today)
    now = timezone.now()
    if result is None:
        result = AssessmentResult(county=county, year=year)
    result.scheme = scheme
    result.as_of = indicators.as_of(year, today)
    result.computed_at = now
    result.computed_by = by
    result.save()
    _store(result, standing)
    audit.record(
        "assessment:computed",
        actor=by,
        unit=county,
        target=result,
        year=year,
        scheme=scheme.version,
        as_of=str(standing.as_of),
        scores=_summary(standing),
    )
    return result


@transaction.atomic
def publish(result: AssessmentResult, *, by: User) -> AssessmentResult:
    access.require(by, Perm.ASSESS, result.county)
    if result.is_published:
        raise ValidationError(_("These results are already published."))
    result.status = ResultStatus.PUBLISHED
    result.published_at = timezone.now()
    result.published_by = by
    result.save(update_fields=["status", "published_at", "published_by"])
    audit.record(
        "assessment:published",
        actor=by,
        unit=result.county,
        target=result,
        year=result.year,
        scheme=result.scheme.version,
    )
    return result


@transaction.atomic
def recompute(
    result: AssessmentResult, *, by: User, reason: str, today: dt.date
) -> AssessmentResult:
    """Recompute a published result under the latest scheme: explicit, with a reason, audited
    with the scores before and after."""
    access.require(by, Perm.ASSESS, result.county)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the published results are recomputed.")})
    before = reads.stored(result)
    scheme = ensure_scheme(result.county)
    standing = reads.compute(result.county, result.year, scheme, today=today)
    result.scheme = scheme
    result.as_of = indicators.as_of(result.year, today)
    result.computed_at = timezone.now()
    result.computed_by = by
    result.save(update_fields=["scheme", "as_of", "computed_at", "computed_by"])
    _store(result, standing)
    audit.record(
        "assessment:recomputed",
        actor=by,
        unit=result.county,
        target=result,
        year=result.year,
        reason=reason,
        scheme_before=before.scheme.version,
        scheme_after=scheme.version,
        scores_before=_summary(before),
        scores_after=_summary(standing),
    )
    return result


@transaction.atomic
def issue_rectification(
    unit: Unit,
    *,
    by: User,
    year: int,
    indicator: str,
    finding: str,
    record_url: str,
    instructions: str,
    deadline: dt.date,
    today: dt.date,
) -> RectificationOrder:
    access.require(by, Perm.ASSESS, unit)
    if deadline <= today:
        raise ValidationError(
            {"deadline": pgettext("rectification", "The deadline must be after today.")}
        )
    if indicator and indicator not in indicators.REGISTRY:
        raise ValidationError({"indicator": _("Unknown indicator.")})
    if record_url and not _local(record_url):
        raise ValidationError({"record_url": _("Link a record on this platform.")})
    order = RectificationOrder.objects.create(
        unit=unit,
        year=year,
        indicator=indicator,
        finding=finding,
        record_url=record_url,
        instructions=instructions,
        deadline=deadline,
        issued_by=by,
    )
    _notify(
        order,
        _("Rectification order from the county: “%(finding)s”, to rectify by %(due)s.")
        % {"finding": finding, "due": f"{deadline:%Y-%m-%d}"},
    )
    audit.record(
        "rectification:issued",
        actor=by,
        unit=unit,
        target=order,
        indicator=indicator,
        deadline=str(deadline),
        record=record_url,
    )
    return order


@transaction.atomic
def answer_rectification(
    order: RectificationOrder,
    *,
    by: User,
    answer: str,
    evidence_publication=None,
    evidence_url: str = "",
) -> RectificationOrder:
    access.require(by, Perm.ANSWER_RECTIFICATION, order.unit)
    if order.closed_at is not None:
        raise ValidationError(_("This order is closed."))
    if not answer.strip():
        raise ValidationError({"answer": _("Say what was done.")})
    if evidence_publication is not None and evidence_publication.unit_id != order.unit_id:
        raise ValidationError(
            {"evidence_publication": _("The evidence must be a publication of this unit.")}
        )
    if evidence_url and not _local(evidence_url):
        raise ValidationError({"evidence_url": _("Link a record on this platform.")})
    order.answer = answer
    order.evidence_publication = evidence_publication
    order.evidence_url = evidence_url
    order.answered_by = by
    order.answered_at = timezone.now()
    order.save(
        update_fields=[
            "answer",
            "evidence_publication",
            "evidence_url",
            "answered_by",
            "answered_at",
        ]
    )
    audit.record(
        "rectification:answered",
        actor=by,
        unit=order.unit,
        target=order,
        evidence_publication=evidence_publication.index_no if evidence_publication else "",
        evidence_url=evidence_url,
    )
    return order


@transaction.atomic
def settle_rectification(
    order: RectificationOrder,
    *,
    by: User,
    accept: bool,
    remarks: str,
    new_deadline: dt.date | None = None,
    today: dt.date,
) -> RectificationOrder:
    """The supervisor accepts the answer (the order closes and stays on record) or sends it
    back with remarks and a new deadline."""
    access.require(by, Perm.ASSESS, order.unit)
    if order.closed_at is not None:
        raise ValidationError(_("This order is closed."))
    if order.answered_at is None:
        raise ValidationError(_("The unit has not answered yet."))
    order.remarks = remarks
    if accept:
        order.closed_by = by
        order.closed_at = timezone.now()
        order.save(update_fields=["remarks", "closed_by", "closed_at"])
        audit.record("rectification:closed", actor=by, unit=order.unit, target=order)
        return order
    if new_deadline is None or new_deadline <= today:
        raise ValidationError({"new_deadline": _("Give a new deadline after today.")})
    previous = order.deadline
    order.deadline = new_deadline
    order.answered_at = None
    order.escalated_on = None
    order.save(update_fields=["remarks", "deadline", "answered_at", "escalated_on"])
    audit.record(
        "rectification:returned",
        actor=by,
        unit=order.unit,
        target=order,
        deadline_before=str(previous),
        deadline_after=str(new_deadline),
        remarks=remarks,
    )
    return order


@transaction.atomic
def escalate(order: RectificationOrder, *, today: dt.date) -> bool:
    """Mark an overdue, unanswered order escalated, once; False when another run did."""
    claimed = RectificationOrder.objects.filter(
        pk=order.pk, escalated_on__isnull=True, answered_at__isnull=True, closed_at__isnull=True
    ).update(escalated_on=today)
    if not claimed:
        return False
    audit.record(
        "rectification:escalated",
        actor=None,
        unit=order.unit,
        target=order,
        deadline=str(order.deadline),
    )
    return True


@transaction.atomic
def record_accountability(
    unit: Unit,
    *,
    by: User,
    person: str,
    position: str,
    finding: str,
    measure: str,
    decided_on: dt.date,
    order: RectificationOrder | None,
    today: dt.date,
) -> AccountabilityRecord:
    access.require(by, Perm.RECORD_ACCOUNTABILITY, unit)
    if decided_on > today:
        raise ValidationError({"decided_on": _("The decision date cannot be in the future.")})
    if order is not None and order.unit_id != unit.pk:
        raise ValidationError({"order": _("The order is not this unit's.")})
    record = AccountabilityRecord.objects.create(
        unit=unit,
        person=person,
        position=position,
        finding=finding,
        measure=measure,
        decided_on=decided_on,
        order=order,
        recorded_by=by,
    )
    # The person's name stays in the record, not in the audit log's data.
    audit.record(
        "accountability:recorded",
        actor=by,
        unit=unit,
        target=record,
        decided_on=str(decided_on),
        order=order.pk if order else None,
    )
    return record


@transaction.atomic
def record_incident(
    unit: Unit, *, by: User, kind: str, occurred_on: dt.date, description: str, today: dt.date
) -> Incident:
    access.require(by, Perm.ASSESS, unit)
    if occurred_on > today:
        raise ValidationError({"occurred_on": _("This date cannot be in the future.")})
    incident = Incident.objects.create(
        unit=unit, kind=kind, occurred_on=occurred_on, description=description, recorded_by=by
    )
    audit.record(
        "assessment_incident:recorded",
        actor=by,
        unit=unit,
        target=incident,
        kind=kind,
        occurred_on=str(occurred_on),
    )
    return incident


def viewed_accountability(unit: Unit, *, by: User, count: int) -> None:
    """Reading accountability records is itself on record."""
    access.require(by, Perm.READ_ACCOUNTABILITY, unit)
    audit.record("accountability:viewed", actor=by, unit=unit, records=count)
