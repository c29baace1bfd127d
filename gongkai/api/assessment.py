"""The assessment (考核) over JSON: a county's scores for a year, every point lost, its records.

    GET /api/v1/assessment?unit=<county org code>&year=<YYYY>

Anonymous readers see published results only; the county's staff (session or API key) also
the draft: stored for a past year, computed live for the current one. A unit's score is the
scheme's full score less the capped sum of its deductions, each group's capped at the group's
weight (listed in `groups`); townships and offices are ranked apart, by score.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from gongkai.api.schemas import Error, choice
from gongkai.assessment import actions, reads
from gongkai.assessment.models import IndicatorGroup
from gongkai.core import access, tokens
from gongkai.core.access import Perm
from gongkai.core.models import Unit, UnitKind, User

router = Router(tags=["assessment"])


class IndicatorOut(Schema):
    key: str
    label: str
    group: choice(IndicatorGroup)  # type: ignore[valid-type]
    deduction: str
    cap: str | None
    veto: bool


class SchemeOut(Schema):
    version: int
    full_score: str
    indicators: list[IndicatorOut]


class PointOut(Schema):
    indicator: str
    count: int
    deduction: str
    records: list[str]


class GroupOut(Schema):
    group: choice(IndicatorGroup)  # type: ignore[valid-type]
    weight: str | None
    deduction: str


class UnitScoreOut(Schema):
    unit: str
    name: str
    kind: choice([UnitKind.TOWNSHIP, UnitKind.OFFICE])  # type: ignore[valid-type]
    score: str
    rank: int
    vetoed: bool
    points: list[PointOut]
    groups: list[GroupOut]


class AssessmentOut(Schema):
    year: int
    status: choice(["published", "draft", "live"])  # type: ignore[valid-type]
    scheme: SchemeOut
    units: list[UnitScoreOut]


def _user(request: HttpRequest) -> User | None:
    if request.user.is_authenticated:
        return request.user
    try:
        return tokens.authenticate(request)
    except PermissionDenied:
        return None


def _not_found(message: str, field: str) -> Status:
    return Status(404, {"error": message, "fields": {field: message}})


@router.get(
    "/assessment",
    response={200: AssessmentOut, 404: Error, 422: Error},
    summary="A county's assessment scores for a year, with every point lost and its records",
)
def assessment(
    request: HttpRequest,
    unit: str = Query(..., max_length=32, description="The county's organisation code."),
    year: int = Query(..., ge=2000, le=2100, description="The year assessed."),
):
    county = Unit.objects.counties().filter(org_code=unit.upper()).first()
    if county is None:
        return _not_found(_("No county has this organisation code."), "unit")
    today = localdate()
    drafts = access.can(_user(request), Perm.READ_SCORES, county)
    scheme = actions.ensure_scheme(county) if drafts and year <= today.year else None
    found = reads.standing(county, year, today=today, drafts=drafts, scheme=scheme)
    if found is None:
        return _not_found(_("No assessment of this year is published."), "year")
    status = "published" if found.published else ("live" if found.live else "draft")
    return {
        "year": year,
        "status": status,
        "scheme": {
            "version": found.scheme.version,
            "full_score": str(found.scheme.full_score),
            "indicators": [
                {
                    "key": i.key,
                    "label": i.label,
                    "group": i.group,
                    "deduction": str(i.deduction),
                    "cap": None if i.cap is None else str(i.cap),
                    "veto": i.veto,
                }
                for i in found.scheme.indicators.all()
            ],
        },
        "units": [
            {
                "unit": row.unit.org_code,
                "name": row.unit.name,
                "kind": row.unit.kind,
                "score": str(row.score),
                "rank": row.rank,
                "vetoed": row.vetoed,
                "points": [
                    {
                        "indicator": p.indicator,
                        "count": p.count,
                        "deduction": str(p.deduction),
                        "records": [request.build_absolute_uri(r["url"]) for r in p.records],
                    }
                    for p in row.points
                ],
                "groups": [g.as_json() for g in row.groups],
            }
            for row in sorted(found.rows, key=lambda r: (r.unit.kind != "township", r.rank))
        ],
    }
