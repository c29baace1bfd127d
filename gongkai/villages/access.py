"""How a staff view gets a village statement: the only place that scopes them by who asks."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from gongkai.core import access
from gongkai.core.access import Perm
from gongkai.core.models import User

from .models import VillageStatement


def get_statement_for_staff(user: User, pk: int) -> VillageStatement:
    """A statement of a village the user works in (or of its township); else 404."""
    statement = get_object_or_404(
        VillageStatement.objects.select_related("village", "village__parent", "publication"),
        pk=pk,
    )
    try:
        access.require_here_or_in_township(user, Perm.USE_BACKOFFICE, statement.village)
    except access.PermissionDenied:
        raise Http404 from None
    return statement
