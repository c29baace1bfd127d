"""Every change to a publication: one function each, permission-checked, audited, atomic.

Uploads are read and checked before anything is written, so a bad file leaves nothing behind.
Views, management commands and the demo loader all come through here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.catalog.models import CatalogItem
from gongkai.core import access, audit
from gongkai.core.access import Perm
from gongkai.core.models import Unit, User

from . import checks, search_documents, tables, uploads
from .models import (
    AFTER_EDIT,
    SERVICE_FIELDS,
    Attachment,
    IndexCounter,
    Publication,
    PublicationTable,
    PublicationVersion,
    Status,
    ensure_transition,
)
from .richtext import clean_html

CONTENT_FIELDS = (
    "title",
    "summary",
    "body",
    "topic",
    "publisher_name",
    "doc_no",
    "written_on",
    "period",
    "validity",
    "validity_changed_on",
    "approval_reference",
    "change_reason",
    *SERVICE_FIELDS,
)


class AlreadyPublished(ValidationError):
    """The version was published in the meantime, e.g. by a double click or another reviewer."""


@dataclass
class Uploads:
    """Files sent with a draft: attachments, and tables as (caption, file)."""

    attachments: Sequence[UploadedFile] = ()
    tables: Sequence[tuple[str, UploadedFile]] = ()
    checked_files: list[uploads.CheckedFile] = field(default_factory=list)
    parsed_tables: list[tuple[str, tables.ParsedTable]] = field(default_factory=list)

    def check(self) -> None:
        """Read and check every file, before anything is saved; errors name the field."""
        errors: dict[str, list[str]] = {}
        for upload in self.attachments:
            try:
                self.checked_files.append(uploads.check_attachment(upload))
            except ValidationError as error:
                errors.setdefault("attachments", []).extend(error.messages)
        for caption, upload in self.tables:
            try:
                parsed = tables.parse(upload)
            except ValidationError as error:
                errors.setdefault("table_file", []).extend(
                    _("%(name)s: %(error)s") % {"name": upload.name, "error": message}
                    for message in error.messages
                )
            else:
                self.parsed_tables.append(
                    (caption.strip() or upload.name.rsplit(".", 1)[0], parsed)
                )
        if errors:
            raise ValidationError(errors)


def _check_author(by: User | None, unit: Unit) -> None:
    if by is None:
        raise ValueError("a publication always has a human author")
    access.require(by, Perm.DRAFT, unit)


def _content(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"not publication fields: {sorted(unknown)}")
    fields = {
        k: ("" if v is None and k not in ("written_on", "validity_changed_on") else v)
        for k, v in fields.items()
    }
    if "body" in fields:
        fields["body"] = clean_html(fields["body"])
    return fields


def _attach(version: PublicationVersion, files: Uploads) -> None:
    start = version.attachments.count()
    for offset, checked in enumerate(files.checked_files):
        attachment = Attachment(
            version=version,
            name=checked.name,
            kind=checked.kind,
            size=checked.size,
            sha256=checked.sha256,
            position=start + offset,
        )
        attachment.file.save(checked.name, checked.upload, save=False)
        attachment.save()
    start = version.tables.count()
    for offset, (caption, parsed) in enumerate(files.parsed_tables):
        PublicationTable.objects.create(
            version=version,
            caption=caption[:200],
            columns=parsed.columns,
            rows=parsed.rows,
            source_name=parsed.source_name,
            position=start + offset,
        )


@transaction.atomic
def create(
    *,
    unit: Unit,
    item: CatalogItem,
    by: User,
    audience: str,
    today: dt.date,
    files: Uploads | None = None,
    **fields: Any,
) -> Publication:
    """A new draft under one of the unit's adopted catalog items."""
    _check_author(by, unit)
    if not item.adoptions.filter(unit=unit).exists():
        raise ValidationError({"item": _("This unit has not adopted this catalog item.")})
    if not item.is_active:
        raise ValidationError({"item": _("This catalog item has been retired.")})
    content = checks.check_content(_content(fields), item=item, audience=audience, today=today)
    content.setdefault("publisher_name", unit.name)
    files = files or Uploads()
    files.check()
    publication = Publication.objects.create(
        unit=unit, item=item, audience=audience, created_by=by, status=Status.DRAFT
    )
    version = PublicationVersion(
        publication=publication, number=1, created_by=by, edited_by=by, **content
    )
    version.full_clean(exclude=["publication"])
    version.save()
    _attach(version, files)
    audit.record(
        "publication:created",
        actor=by,
        unit=unit,
        target=publication,
        item=item.pk,
        attachments=len(files.checked_files),
        tables=len(files.parsed_tables),
    )
    return publication


def _locked(publication: Publication) -> Publication:
    """The publication re-read inside the transaction, holding its row until commit."""
    return (
        Publication.objects.select_for_update()
        .select_related("unit", "item")
        .get(pk=publication.pk)
    )


def _new_draft_from(publication: Publication, by: User) -> PublicationVersion:
    """Start an amendment: a new draft version copying the current one, files and tables too."""
    current = publication.current
    values = {name: getattr(current, name) for name in CONTENT_FIELDS}
    values["change_reason"] = ""
    values["approval_reference"] = ""
    version = PublicationVersion.objects.create(
        publication=publication, number=current.number + 1, created_by=by, edited_by=by, **values
    )
    for attachment in current.attachments.all():
        Attachment.objects.create(
            version=version,
            file=attachment.file.name,
            name=attachment.name,
            kind=attachment.kind,
            size=attachment.size,
            sha256=attachment.sha256,
            position=attachment.position,
        )
    for table in current.tables.all():
        PublicationTable.objects.create(
            version=version,
            caption=table.caption,
            columns=table.columns,
            rows=table.rows,
            source_name=table.source_name,
            position=table.position,
        )
    return version


@transaction.atomic
def edit(
    publication: Publication,
    *,
    by: User,
    today: dt.date,
    audience: str | None = None,
    files: Uploads | None = None,
    **fields: Any,
) -> PublicationVersion:
    """Change the draft; on a published publication, start (or continue) an amendment."""
    publication = _locked(publication)
    _check_author(by, publication.unit)
    target = AFTER_EDIT[publication.status]
    ensure_transition(publication, target)
    if audience is not None and audience != publication.audience and publication.index_no:
        raise ValidationError({"audience": _("The audience cannot change once published.")})
    audience = audience or publication.audience
    source = publication.draft or publication.current
    merged = {name: getattr(source, name) for name in CONTENT_FIELDS} | _content(fields)
    content = checks.check_content(merged, item=publication.item, audience=audience, today=today)
    files = files or Uploads()
    files.check()
    version = publication.draft or _new_draft_from(publication, by)
    before = {name: getattr(version, name) for name in content}
    for name, value in content.items():
        setattr(version, name, value)
    version.edited_by = by
    version.full_clean(exclude=["publication"])
    version.save()
    _attach(version, files)
    publication.audience = audience
    publication.status = target
    publication.save(update_fields=["audience", "status"])
    changed = sorted(name for name in content if before[name] != content[name])
    audit.record(
        "publication:edited",
        actor=by,
        unit=publication.unit,
        target=publication,
        version=version.number,
        fields=changed,
        attachments=len(files.checked_files),
        tables=len(files.parsed_tables),
    )
    return version


def _draft_part_for_edit(part: Attachment | PublicationTable, by: User) -> Publication:
    publication = _locked(part.version.publication)
    _check_author(by, publication.unit)
    if part.version.published_at is not None:
        raise ValidationError(
            _("A published version cannot be changed; edit the publication instead.")
        )
    return publication


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by: User) -> None:
    publication = _draft_part_for_edit(attachment, by)
    audit.record(
        "publication:attachment_removed",
        actor=by,
        unit=publication.unit,
        target=publication,
        name=attachment.name,
        version=attachment.version.number,
    )
    attachment.delete()


@transaction.atomic
def remove_table(table: PublicationTable, *, by: User) -> None:
    publication = _draft_part_for_edit(table, by)
    audit.record(
        "publication:table_removed",
        actor=by,
        unit=publication.unit,
        target=publication,
        caption=table.caption,
        version=table.version.number,
    )
    table.delete()


def next_serial(unit: Unit, year: int) -> int:
    """The next serial of this publisher in this year. Call inside the publishing transaction.

    The counter row is locked (PostgreSQL) or the whole database is (SQLite takes the write
    lock when the transaction begins), so two publishers never get the same number; a
    rolled-back transaction gives its number back, and a committed one is never given again.
    """
    counter = IndexCounter.objects.select_for_update().filter(unit=unit, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter = IndexCounter.objects.create(unit=unit, year=year, last_serial=0)
        except IntegrityError:
            # Another publisher created it a moment ago: wait for its lock, then go on.
            counter = IndexCounter.objects.select_for_update().get(unit=unit, year=year)
    if counter.last_serial >= 99999:
        raise ValidationError(
            _("This unit has used all 99,999 index numbers of %(year)d.") % {"year": year}
        )
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return counter.last_serial


def _hash(version: PublicationVersion, previous: str) -> str:
    content = {name: str(getattr(version, name) or "") for name in CONTENT_FIELDS}
    content["attachments"] = [a.sha256 for a in version.attachments.all()]
    content["tables"] = [[t.caption, t.columns, t.rows] for t in version.tables.all()]
    content["previous"] = previous
    content["index_no"] = version.publication.index_no
    content["number"] = version.number
    return hashlib.sha256(
        json.dumps(content, ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()


def problems(publication: Publication, version: PublicationVersion, *, today: dt.date) -> list[str]:
    has_content = (
        bool(version.body.strip()) or version.attachments.exists() or version.tables.exists()
    )
    return checks.publish_problems(
        version, item=publication.item, has_content=has_content, today=today
    )


@transaction.atomic
def publish(
    publication: Publication,
    *,
    by: User,
    version_number: int,
    today: dt.date,
    published_at: dt.datetime | None = None,
) -> PublicationVersion:
    """Publish the draft `version_number`: the first time, the publication gets its index number.

    `published_at` is for importing earlier disclosures with their own dates (and the demo);
    the staff pages always publish now.

    Safe to call twice (a double click, two reviewers at once): the second call finds the
    version published and raises AlreadyPublished, which the caller shows as information.
    """
    publication = _locked(publication)
    access.require(by, Perm.REVIEW, publication.unit)
    version = publication.versions.filter(number=version_number).first()
    if version is None:
        raise ValidationError(_("There is no such version."))
    if version.published_at is not None:
        raise AlreadyPublished(
            _("This version was already published by %(who)s at %(when)s.")
            % {
                "who": version.published_by,
                "when": timezone.localtime(version.published_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="already_published",
        )
    ensure_transition(publication, Status.PUBLISHED)
    if by.pk in (version.created_by_id, version.edited_by_id):
        raise PermissionDenied(
            _("You wrote this version; another reviewer of the unit must publish it.")
        )
    found = problems(publication, version, today=today)
    if found:
        raise ValidationError(found)
    now = published_at or timezone.now()
    first = publication.index_no is None
    if first:
        year = today.year
        serial = next_serial(publication.unit, year)
        publication.index_no = f"{publication.unit.org_code}/{year}-{serial:05d}"
        publication.index_year, publication.index_serial = year, serial
        publication.first_published_at = now
    previous = publication.current.content_hash if publication.current else ""
    PublicationVersion.objects.filter(pk=version.pk).update(
        published_at=now,
        published_by=by,
        previous_hash=previous,
        content_hash=_hash(version, previous),
    )
    version.refresh_from_db()
    publication.current = version
    publication.status = Status.PUBLISHED
    publication.save(
        update_fields=[
            "index_no",
            "index_year",
            "index_serial",
            "first_published_at",
            "current",
            "status",
        ]
    )
    search_documents.index_on_commit(publication)
    audit.record(
        "publication:published",
        actor=by,
        unit=publication.unit,
        target=publication,
        index_no=publication.index_no,
        version=version.number,
        first=first,
        hash=version.content_hash,
    )
    return version


@transaction.atomic
def discard_amendment(publication: Publication, *, by: User) -> None:
    """Drop the amendment being written; the published version stays current."""
    publication = _locked(publication)
    _check_author(by, publication.unit)
    draft = publication.draft
    if publication.status != Status.AMENDING or draft is None:
        raise ValidationError(_("There is no amendment to discard."))
    for part in [*draft.attachments.all(), *draft.tables.all()]:
        part.delete()
    audit.record(
        "publication:amendment_discarded",
        actor=by,
        unit=publication.unit,
        target=publication,
        version=draft.number,
    )
    draft.delete()
    publication.status = Status.PUBLISHED
    publication.save(update_fields=["status"])
