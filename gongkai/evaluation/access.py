"""How staff views get ratings, reports and rounds: scoped by `gongkai.core.access`.

The township's handlers also handle what is addressed to its offices, as with applications,
so a report on an office's publication never goes unseen; and what villagers report about a
village's disclosures (村民委员会组织法 Art. 31: villagers may complain to the township).
"""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404

from gongkai.core import access
from gongkai.core.access import Perm
from gongkai.core.models import Unit, UnitKind, User

from .models import ErrorReport, EvaluationRound, Rating

# Units whose feedback the township's handlers also handle.
UNDER_TOWNSHIP = (UnitKind.OFFICE, UnitKind.VILLAGE)


def feedback_units(user: User) -> Q:
    mine = access.units_for(user, Perm.HANDLE_FEEDBACK)
    return mine | Q(kind__in=UNDER_TOWNSHIP, parent__in=Unit.objects.filter(mine))


def may_handle(user: User, unit: Unit) -> bool:
    if access.can(user, Perm.HANDLE_FEEDBACK, unit):
        return True
    parent = unit.parent
    return (
        unit.kind in UNDER_TOWNSHIP
        and parent is not None
        and access.can(user, Perm.HANDLE_FEEDBACK, parent)
    )


def require_handle(user: User, unit: Unit) -> None:
    if not may_handle(user, unit):
        access.require(user, Perm.HANDLE_FEEDBACK, unit)


def handled_units(user: User):
    return Unit.objects.filter(feedback_units(user))


def get_rating_for_staff(user: User, pk: int) -> Rating:
    rating = get_object_or_404(
        Rating.objects.select_related("unit", "unit__parent", "publication__current"), pk=pk
    )
    require_handle(user, rating.unit)
    return rating


def get_report_for_staff(user: User, pk: int) -> ErrorReport:
    report = get_object_or_404(
        ErrorReport.objects.select_related(
            "unit", "unit__parent", "publication__current", "version", "correction"
        ),
        pk=pk,
    )
    require_handle(user, report.unit)
    return report


def supervised_counties(user: User):
    return access.units(user, Perm.SUPERVISE).filter(kind=UnitKind.COUNTY)


def evaluated_counties(user: User):
    return access.units(user, Perm.EVALUATE).filter(kind=UnitKind.COUNTY)


def get_round_for_supervisor(user: User, pk: int) -> EvaluationRound:
    round_ = get_object_or_404(EvaluationRound.objects.select_related("county"), pk=pk)
    access.require(user, Perm.SUPERVISE, round_.county)
    return round_


def get_round_for_evaluator(user: User, pk: int) -> EvaluationRound:
    round_ = get_object_or_404(EvaluationRound.objects.select_related("county"), pk=pk)
    access.require(user, Perm.EVALUATE, round_.county)
    return round_


def require_results(user: User, unit: Unit) -> None:
    """A county's figures are for its supervisors; a unit's also for its handlers."""
    if unit.kind == UnitKind.COUNTY or not may_handle(user, unit):
        access.require(user, Perm.SUPERVISE, unit.county)
