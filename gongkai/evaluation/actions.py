"""Every state change of ratings, error reports and the evaluation round, each audited."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.models import Unit, UnitKind, User
from gongkai.core.workdays import WorkdayCalendar
from gongkai.info_requests.models import InfoRequest
from gongkai.publishing.models import Publication, PublicationVersion

from . import messages, reads
from .models import (
    ASPECTS,
    SCALE_RANGE,
    ErrorReport,
    Evaluation,
    EvaluationRound,
    Finding,
    Moderation,
    Rating,
    ReportStatus,
    RoundStatus,
    Verdict,
    ensure_moderation,
)

COMMENT_MAX = 500


def _duplicate() -> ValidationError:
    return ValidationError(
        _(
            "You have already rated this today. Thank you: one rating per day is counted; "
            "you may rate it again tomorrow."
        ),
        code="duplicate",
    )


def target_label(target: Publication | InfoRequest) -> str:
    kind = "publication" if isinstance(target, Publication) else "reply"
    return f"{kind}:{target.pk}"


@transaction.atomic
def rate(
    target: Publication | InfoRequest,
    *,
    verdict: str,
    comment: str,
    client_hash: str,
    today: dt.date,
) -> Rating:
    """One rating of a public publication or of a reply, refused the same day twice."""
    if verdict not in Verdict.values:
        raise ValidationError(_("Choose one of the three ratings."), code="verdict")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            _("A comment is at most %(n)d characters.") % {"n": COMMENT_MAX}, code="comment"
        )
    fields: dict[str, Publication | InfoRequest]
    if isinstance(target, Publication):
        if not reads.is_ratable(target):
            raise ValidationError(_("This information cannot be rated."), code="not_ratable")
        fields = {"publication": target}
    else:
        if target.replied_on is None:
            raise ValidationError(messages.NOT_ANSWERED_YET, code="not_ratable")
        fields = {"info_request": target}
    if Rating.objects.filter(**fields, rated_on=today, client_hash=client_hash).exists():
        raise _duplicate()
    rating = Rating(
        unit=target.unit,
        verdict=verdict,
        comment=comment,
        moderation=Moderation.PENDING if comment else Moderation.NONE,
        rated_on=today,
        client_hash=client_hash,
        **fields,
    )
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError as error:  # the same client, twice at once
        raise _duplicate() from error
    audit.record(
        "rating:submitted",
        actor=None,
        unit=rating.unit,
        target=rating,
        verdict=verdict,
        comment=bool(comment),
        on=target_label(target).split(":")[0],
    )
    return rating


@transaction.atomic
def moderate(rating: Rating, *, by: User, approve: bool, answer: str) -> Rating:
    """Show a comment to the public with the unit's answer, or keep it back."""
    target = Moderation.APPROVED if approve else Moderation.REJECTED
    ensure_moderation(rating, target)
    rating.moderation = target
    rating.answer = (answer or "").strip()
    rating.moderated_by = by
    rating.moderated_at = timezone.now()
    rating.save(update_fields=["moderation", "answer", "moderated_by", "moderated_at"])
    audit.record(
        "rating:approved" if approve else "rating:rejected",
        actor=by,
        unit=rating.unit,
        target=rating,
        answered=bool(rating.answer),
    )
    return rating


def error_report_days(unit: Unit) -> int:
    """The working days to answer an error report: the county's own limit, else the default."""
    by_county = settings.ERROR_REPORT_WORKING_DAYS_BY_COUNTY
    return by_county.get(unit.county.org_code, settings.ERROR_REPORT_WORKING_DAYS)


def _tracking_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        code = "JC" + "".join(secrets.choice(alphabet) for _ in range(8))
        if not ErrorReport.objects.filter(tracking_code=code).exists():
            return code


@transaction.atomic
def report_error(
    publication: Publication,
    *,
    description: str,
    contact: str,
    today: dt.date,
    now: dt.datetime,
) -> ErrorReport:
    """信息有误: the report goes to the unit's handlers, due in its working days."""
    current = publication.current
    if current is None or not reads.is_ratable(publication):
        raise ValidationError(_("This information cannot be reported."), code="not_ratable")
    description = (description or "").strip()
    if not description:
        raise ValidationError(_("Say what is wrong."), code="description")
    due = WorkdayCalendar.load().deadline(today, error_report_days(publication.unit))
    report = ErrorReport.objects.create(
        unit=publication.unit,
        publication=publication,
        version=current,
        tracking_code=_tracking_code(),
        description=description[:2000],
        contact=(contact or "").strip()[:120],
        received_at=now,
        received_on=today,
        due_on=due.day,
        due_provisional=due.provisional,
    )
    audit.record(
        "error_report:received",
        actor=None,
        unit=report.unit,
        target=report,
        index_no=publication.index_no,
        due_on=report.due_on.isoformat(),
    )
    return report


@transaction.atomic
def answer_report(
    report: ErrorReport, *, by: User, finding: str, answer: str, today: dt.date
) -> ErrorReport:
    """The unit's answer. A valid report is linked to the correction version once published."""
    if report.status != ReportStatus.OPEN:
        raise ValidationError(_("This report has already been answered."), code="transition")
    if finding not in Finding.values:
        raise ValidationError(_("Say whether the information was wrong."), code="finding")
    if not (answer or "").strip():
        raise ValidationError(_("Write the answer the reporter will read."), code="answer")
    report.status = ReportStatus.ANSWERED
    report.finding = finding
    report.answer = answer.strip()
    report.answered_on = today
    report.answered_by = by
    report.save(update_fields=["status", "finding", "answer", "answered_on", "answered_by"])
    audit.record(
        "error_report:answered",
        actor=by,
        unit=report.unit,
        target=report,
        finding=finding,
        late=report.answered_late(),
    )
    current = report.publication.current
    if finding == Finding.VALID and current and current.number > report.version.number:
        link_correction(report, current, by=by)
    return report


@transaction.atomic
def link_correction(
    report: ErrorReport, version: PublicationVersion, *, by: User | None
) -> ErrorReport:
    """Point a valid report at the published version that corrected the information."""
    if not report.awaiting_correction:
        raise ValidationError(_("This report awaits no correction."), code="transition")
    if version.publication_id != report.publication_id or version.published_at is None:
        raise ValidationError(_("Only a published version of the same information."))
    report.correction = version
    report.save(update_fields=["correction"])
    audit.record(
        "error_report:corrected",
        actor=by,
        unit=report.unit,
        target=report,
        version=version.number,
    )
    return report


def link_corrections(publication: Publication) -> list[ErrorReport]:
    """After a new version is published: the valid reports waiting for it are linked to it."""
    version = publication.current
    if version is None:
        return []
    waiting = ErrorReport.objects.filter(
        publication=publication,
        finding=Finding.VALID,
        correction__isnull=True,
        version__number__lt=version.number,
    )
    return [link_correction(report, version, by=version.published_by) for report in waiting]


# The evaluators' round


@transaction.atomic
def open_round(county: Unit, *, by: User, year: int, title: str, scale: str) -> EvaluationRound:
    if county.kind != UnitKind.COUNTY:
        raise ValidationError(_("Only a county opens an evaluation round."))
    if EvaluationRound.objects.filter(county=county, year=year).exists():
        raise ValidationError(
            _("The county already has an evaluation round for %(year)d.") % {"year": year},
            code="exists",
        )
    round_ = EvaluationRound.objects.create(
        county=county,
        year=year,
        title=title.strip(),
        scale=scale,
        opened_at=timezone.now(),
        opened_by=by,
    )
    audit.record("evaluation_round:opened", actor=by, unit=county, target=round_, year=year)
    return round_


@transaction.atomic
def close_round(round_: EvaluationRound, *, by: User) -> EvaluationRound:
    if not round_.is_open:
        raise ValidationError(_("This evaluation round is already closed."), code="transition")
    round_.status = RoundStatus.CLOSED
    round_.closed_at = timezone.now()
    round_.closed_by = by
    round_.save(update_fields=["status", "closed_at", "closed_by"])
    audit.record(
        "evaluation_round:closed",
        actor=by,
        unit=round_.county,
        target=round_,
        forms=round_.evaluations.count(),
    )
    return round_


@transaction.atomic
def submit_evaluation(
    round_: EvaluationRound, unit: Unit, *, by: User, scores: dict[str, int], remarks: str
) -> Evaluation:
    """One evaluator's form for a unit; filled again while the round is open, it is replaced."""
    if not round_.is_open:
        raise ValidationError(_("This evaluation round is closed."), code="closed")
    if not unit.path.startswith(round_.county.path) or unit.kind not in (
        UnitKind.TOWNSHIP,
        UnitKind.OFFICE,
    ):
        raise ValidationError(_("Only the county's townships and offices are evaluated."))
    low, high = SCALE_RANGE[round_.scale]
    for name in ASPECTS:
        value = scores.get(name)
        if value is None or not low <= value <= high:
            raise ValidationError(
                _("Every score is between %(low)d and %(high)d.") % {"low": low, "high": high},
                code="score",
            )
    evaluation, created = _upsert(round_, unit, by, scores, remarks)
    audit.record(
        "evaluation:submitted",
        actor=by,
        unit=unit,
        target=evaluation,
        round=round_.pk,
        replaced=not created,
    )
    return evaluation


def _upsert(
    round_: EvaluationRound, unit: Unit, by: User, scores: dict[str, int], remarks: str
) -> tuple[Evaluation, bool]:
    values = {**{name: scores[name] for name in ASPECTS}, "remarks": remarks.strip()}
    evaluation = (
        Evaluation.objects.select_for_update().filter(round=round_, unit=unit, evaluator=by).first()
    )
    if evaluation is None:
        evaluation = Evaluation.objects.create(
            round=round_, unit=unit, evaluator=by, submitted_at=timezone.now(), **values
        )
        return evaluation, True
    for name, value in values.items():
        setattr(evaluation, name, value)
    evaluation.submitted_at = timezone.now()
    evaluation.save(update_fields=[*values, "submitted_at"])
    return evaluation, False
