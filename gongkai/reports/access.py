"""How a view gets a report or a case: the only place that scopes them by who is asking.

The public sees published reports only; a draft answers 404 to anyone without a role in its
unit, so a URL reveals nothing.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from gongkai.core import access
from gongkai.core.access import Perm
from gongkai.core.models import Unit, User

from .models import REPORTING_KINDS, AnnualReport, ReviewCase


def get_reporting_unit(user: User, org_code: str, perm: Perm = Perm.USE_BACKOFFICE) -> Unit:
    unit = access.get_unit_for_staff(user, org_code, perm)
    if unit.kind not in REPORTING_KINDS:
        raise Http404
    return unit


def get_report_for_staff(
    user: User, org_code: str, year: int, perm: Perm = Perm.USE_BACKOFFICE
) -> AnnualReport:
    unit = get_reporting_unit(user, org_code, perm)
    report = get_object_or_404(AnnualReport.objects.select_related("unit"), unit=unit, year=year)
    report.unit = unit
    return report


def get_report_for_reader(user: access.Asker, org_code: str, year: int) -> AnnualReport:
    """A published report for anyone; a draft only for the staff of its unit."""
    report = get_object_or_404(
        AnnualReport.objects.select_related("unit", "published_by"),
        unit__org_code=org_code.upper(),
        year=year,
    )
    if not report.is_published and not access.can(user, Perm.USE_BACKOFFICE, report.unit):
        raise Http404
    return report


def get_case_for_staff(user: User, org_code: str, pk: int) -> ReviewCase:
    unit = get_reporting_unit(user, org_code, Perm.RECORD_CASES)
    return get_object_or_404(ReviewCase, unit=unit, pk=pk)
