"""政策解读: which policy an interpretation explains, and what may be linked."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongkai.core import caching
from gongkai.core.models import AuditEvent, Unit

from ..models import Publication, PublicationQuerySet, PublicationVersion, Status


def policies_for(unit: Unit) -> PublicationQuerySet:
    """What a unit's interpretation may explain: public publications, published and not
    withdrawn, of the unit itself or of a unit above it."""
    return (
        Publication.objects.public()
        .exclude(status=Status.WITHDRAWN)
        .filter(unit_id__in=unit.ancestor_ids())
    )


def policy_for(unit: Unit, index_no: str, *, exclude: Publication | None = None):
    """The policy with this index number, as the draft form names it; None when left empty."""
    index_no = "".join((index_no or "").split())
    if not index_no:
        return None
    found = Publication.objects.filter(index_no=index_no).select_related("unit").first()
    if found is None or not policies_for(unit).filter(pk=found.pk).exists():
        raise ValidationError(
            {
                "interprets": _(
                    "%(no)s is not the index number of a public, published policy of this "
                    "unit or of a unit above it."
                )
                % {"no": index_no}
            }
        )
    if exclude is not None and found.pk == exclude.pk:
        raise ValidationError({"interprets": _("A publication cannot interpret itself.")})
    return found


def policy_problem(unit: Unit, policy_id: int | None) -> list[str]:
    """Before publishing: the linked policy must still be public and published."""
    if policy_id is None or policies_for(unit).filter(pk=policy_id).exists():
        return []
    return [_("The policy it interprets is no longer public: choose another or none.")]


def refresh_linked_pages(publication: Publication, event: AuditEvent) -> None:
    """Move the cached pages that link to `publication` by 政策解读 along with its own.

    A policy's page lists its interpretations (their titles, while they are public) and an
    interpretation's page names its policy: when either is published, withdrawn or taken
    down, the other's page is rendered again. Called in the step's transaction, after its
    audit event, whose id is the new generation. The links are not part of the stored
    rendering of a version, which never changes.
    """
    explained = PublicationVersion.objects.filter(
        publication=publication, published_at__isnull=False, interprets__isnull=False
    ).values_list("interprets_id", flat=True)
    explaining = Publication.objects.filter(current__interprets=publication).values_list(
        "pk", flat=True
    )
    label = Publication._meta.label_lower
    pks = {*explained, *explaining} - {publication.pk}
    caching.bump(
        [caching.object_scope(label, pk) for pk in sorted(pks)],
        value=event.pk,
        at=event.occurred_at,
    )
