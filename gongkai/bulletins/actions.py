"""Every change to postings (recording that a sheet went up, and that it came down) and to
batches of sheets printed by the worker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import access as core_access
from gongkai.core import audit
from gongkai.core.access import Perm
from gongkai.core.models import Unit, User
from gongkai.core.tasks import enqueue_on_commit
from gongkai.publishing.models import Publication, PublicationVersion, Status

from . import photos, tasks
from .models import BatchSheet, BatchStatus, Posting

MAX_PLACE = 200


def _check_versions(unit: Unit, versions: list[PublicationVersion], by: User) -> list[str]:
    """What is wrong with the versions the sheet carried, for this board."""
    if not versions:
        return [_("Choose at least one publication that was on the sheet.")]
    problems = []
    township = unit.township
    for version in versions:
        publication = version.publication
        title = version.title
        if not version.is_published:
            problems.append(_("“%(title)s” is not published.") % {"title": title})
        elif publication.status == Status.WITHDRAWN:
            problems.append(_("“%(title)s” was withdrawn; it cannot be posted.") % {"title": title})
        elif publication.unit.township != township:
            problems.append(
                _(
                    "“%(title)s” is published by %(publisher)s, not by %(township)s or one of "
                    "its offices: it does not go on this board."
                )
                % {
                    "title": title,
                    "publisher": publication.unit.name,
                    "township": township.name if township else unit.name,
                }
            )
        elif publication.is_internal and not core_access.can(
            by, Perm.READ_INTERNAL, publication.unit
        ):
            problems.append(
                _("“%(title)s” is internal to %(publisher)s.")
                % {"title": title, "publisher": publication.unit.name}
            )
    return problems


@transaction.atomic
def record_posting(
    *,
    unit: Unit,
    versions: Iterable[PublicationVersion],
    place: str,
    posted_on: dt.date,
    by: User,
    today: dt.date,
    photo: UploadedFile | None = None,
) -> Posting:
    """Record that a sheet carrying `versions` went up on `unit`'s board at `place`."""
    core_access.demand(by, "posting:record", unit)
    versions = list(versions)
    place = (place or "").strip()
    errors: dict[str, list[str]] = {}
    if not place:
        errors["place"] = [_("Say where the board is.")]
    elif len(place) > MAX_PLACE:
        errors["place"] = [_("The place may be at most 200 characters.")]
    if posted_on > today:
        errors["posted_on"] = [_("A sheet cannot have been posted in the future.")]
    problems = _check_versions(unit, versions, by)
    if problems:
        errors["publications"] = problems
    checked = None
    if photo is not None:
        try:
            checked = photos.check_photo(photo)
        except ValidationError as error:
            errors["photo"] = error.messages
    if errors:
        raise ValidationError(errors)
    posting = Posting(unit=unit, place=place, posted_on=posted_on, recorded_by=by)
    if checked is not None:
        posting.photo_kind, posting.photo_sha256 = checked.kind, checked.sha256
        posting.photo.save(f"photo.{checked.kind}", checked.upload, save=False)
    posting.save()
    posting.versions.set(versions)
    audit.record(
        "posting:recorded",
        actor=by,
        unit=unit,
        target=posting,
        place=place,
        posted_on=posted_on.isoformat(),
        versions=[[v.publication.index_no, v.number] for v in versions],
        photo=posting.photo_sha256,
    )
    return posting


@transaction.atomic
def record_taken_down(posting: Posting, *, on: dt.date, by: User, today: dt.date) -> Posting:
    """Record the day the sheet came down."""
    posting = Posting.objects.select_for_update().select_related("unit").get(pk=posting.pk)
    core_access.demand(by, "posting:record", posting.unit)
    if posting.taken_down_on is not None:
        raise ValidationError(
            _("This sheet was already recorded as taken down on %(day)s.")
            % {"day": posting.taken_down_on.isoformat()},
            code="already",
        )
    if on < posting.posted_on:
        raise ValidationError(
            {
                "taken_down_on": _("It cannot have come down before it was posted (%(day)s).")
                % {"day": posting.posted_on.isoformat()}
            }
        )
    if on > today:
        raise ValidationError(
            {"taken_down_on": _("Record the day it came down once it has come down.")}
        )
    posting.taken_down_on, posting.taken_down_by = on, by
    posting.save(update_fields=["taken_down_on", "taken_down_by"])
    audit.record(
        "posting:taken_down",
        actor=by,
        unit=posting.unit,
        target=posting,
        place=posting.place,
        posted_on=posting.posted_on.isoformat(),
        taken_down_on=on.isoformat(),
    )
    return posting


@transaction.atomic
def request_batch(
    *,
    unit: Unit,
    publications: list[Publication],
    size: str,
    shown_from: dt.date,
    shown_to: dt.date,
    signoff_for_all: bool,
    by: User,
) -> BatchSheet:
    """Ask the worker to print a batch of sheets (the publications already scoped to `by`)."""
    batch = BatchSheet.objects.create(
        unit=unit,
        publications=[publication.pk for publication in publications],
        size=size,
        shown_from=shown_from,
        shown_to=shown_to,
        signoff_for_all=signoff_for_all,
        requested_by=by,
    )
    audit.record(
        "batch_sheet:requested",
        actor=by,
        unit=unit,
        target=batch,
        publications=batch.publications,
        size=size,
    )
    enqueue_on_commit(tasks.print_batch, batch.pk)
    return batch


@transaction.atomic
def batch_printed(batch: BatchSheet, *, content: bytes, name: str, sheets: int) -> BatchSheet:
    """Keep the printed PDF; a batch printed already keeps its first file (a second run of the
    task changes nothing)."""
    batch = BatchSheet.objects.select_for_update().get(pk=batch.pk)
    if batch.status == BatchStatus.READY:
        return batch
    batch.file.save(f"{batch.pk}.pdf", ContentFile(content), save=False)
    batch.name = name
    batch.status = BatchStatus.READY
    batch.printed_at = timezone.now()
    batch.save(update_fields=["file", "name", "status", "printed_at"])
    audit.record(
        "batch_sheet:printed", actor=None, unit=batch.unit, target=batch, sheets=sheets, name=name
    )
    return batch
