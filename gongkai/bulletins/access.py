"""Who may print sheets for and record postings on which unit's board.

A board belongs to a township, an office or a village. Its postings are recorded by the
clerks, reviewers and leaders of that unit or of its township (`Perm.RECORD_POSTINGS`):
township staff often put up the sheets at the villages themselves, and a village clerk
records what went up on the village's own board. County supervisors and administrators read
postings (their subtree) but do not record them: putting up a sheet is the unit's own work.
The questions ("posting:record" on a unit, "posting:record_for" on a publication) are
declared to `gongkai.core.access` and asked there.
"""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404

from gongkai.core import access
from gongkai.core.access import Perm
from gongkai.core.models import Unit, UnitKind, User
from gongkai.publishing.models import Publication

from .messages import MAY_NOT_RECORD
from .models import BatchSheet, Posting, PostingQuerySet

BOARD_KINDS = (UnitKind.TOWNSHIP, UnitKind.OFFICE, UnitKind.VILLAGE)


@access.question("posting:record", denied=MAY_NOT_RECORD)
def _may_record(user: User, unit: Unit) -> bool:
    if unit.kind not in BOARD_KINDS:
        return False
    if access.can(user, Perm.RECORD_POSTINGS, unit):
        return True
    township = unit.township
    return (
        township is not None
        and township != unit
        and access.can(user, Perm.RECORD_POSTINGS, township)
    )


@access.question("posting:record_for", denied=MAY_NOT_RECORD)
def _may_record_for(user: User, publication: Publication) -> bool:
    """Record a posting of this publication: on a board of its township or one of its
    villages."""
    township = publication.unit.township
    return any(unit.township == township for unit in board_units(user))


def board_units(user: access.Asker) -> list[Unit]:
    """The units whose boards this user prints for and records postings of, in tree order."""
    own = Unit.objects.filter(access.units_for(user, Perm.RECORD_POSTINGS))
    townships = own.filter(kind=UnitKind.TOWNSHIP)
    return list(
        Unit.objects.filter(Q(pk__in=own.values("pk")) | Q(parent__in=townships.values("pk")))
        .filter(kind__in=BOARD_KINDS)
        .select_related("parent")
        .order_by("path")
    )


def postings_for_staff(user: access.Asker) -> PostingQuerySet:
    """Postings of the boards this user records for, and of every unit they work in."""
    readable = Unit.objects.filter(access.units_for(user, Perm.USE_BACKOFFICE))
    return Posting.objects.filter(
        Q(unit__in=readable.values("pk")) | Q(unit__in=[u.pk for u in board_units(user)])
    )


def get_posting_for_staff(user: User, pk: int) -> Posting:
    return get_object_or_404(
        postings_for_staff(user).select_related("unit", "recorded_by", "taken_down_by"), pk=pk
    )


def get_batch_for_staff(user: User, pk: int) -> BatchSheet:
    """A batch of sheets is its requester's own, while they may still print for its board."""
    boards = [unit.pk for unit in board_units(user)]
    return get_object_or_404(
        BatchSheet.objects.select_related("unit").filter(requested_by=user, unit__in=boards),
        pk=pk,
    )
