"""Drafting: create a publication, edit its draft, its attachments and tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.catalog.models import CatalogItem
from gongkai.core import audit
from gongkai.core.models import Unit, User

from .. import checks, tables, uploads
from ..hashing import CONTENT_FIELDS
from ..models import (
    AFTER_EDIT,
    EDITABLE_STAGES,
    Attachment,
    Publication,
    PublicationTable,
    PublicationVersion,
    Review,
    Stage,
    Status,
    ensure_transition,
)
from ..richtext import clean_html, picture_titles, repoint_pictures
from ._shared import _check_author, _locked, _refusals_audited, review_of
from .interpretations import policy_for


@dataclass
class Uploads:
    """Files sent with a draft: attachments with their titles (in the same order), and tables
    as (caption, file)."""

    attachments: Sequence[UploadedFile] = ()
    tables: Sequence[tuple[str, UploadedFile]] = ()
    attachment_titles: Sequence[str] = ()
    checked_files: list[uploads.CheckedFile] = field(default_factory=list)
    parsed_tables: list[tuple[str, tables.ParsedTable]] = field(default_factory=list)

    checked: bool = False

    def titles(self) -> list[str]:
        return [" ".join(str(title).split())[:200] for title in self.attachment_titles]

    def check(self) -> None:
        """Read and check every file, before anything is saved; errors name the field.

        The actions call this before their write transaction starts, so a slow or hostile
        file never holds the database while it is read; a second call does nothing.
        """
        if self.checked:
            return
        errors: dict[str, list[str]] = {}
        titles = self.titles()
        if len(titles) != len(self.attachments) or not all(titles):
            errors["attachment_titles"] = [
                _(
                    "Give each attachment a title, one a line in the order of the files, "
                    "e.g. 2026年部门预算说明: readers see and print the title, not the file "
                    "name (%(files)d files, %(titles)d titles)."
                )
                % {"files": len(self.attachments), "titles": len([t for t in titles if t])}
            ]
        try:
            self.checked_files.extend(uploads.check_attachments(self.attachments))
        except ValidationError as error:
            errors["attachments"] = error.messages
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
        self.checked = True


def _content(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"not publication fields: {sorted(unknown)}")
    fields = {
        k: ("" if v is None and k not in ("written_on", "validity_changed_on", "changed_on") else v)
        for k, v in fields.items()
    }
    if "body" in fields:
        fields["body"] = clean_html(fields["body"])
    return fields


def _attach(version: PublicationVersion, files: Uploads) -> None:
    start = version.attachments.count()
    for offset, (checked, title) in enumerate(
        zip(files.checked_files, files.titles(), strict=True)
    ):
        attachment = Attachment(
            version=version,
            title=title,
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


def create(
    *,
    unit: Unit,
    item: CatalogItem,
    by: User,
    audience: str,
    today: dt.date,
    files: Uploads | None = None,
    interprets: Any = None,
    **fields: Any,
) -> Publication:
    """A new draft under one of the unit's adopted catalog items.

    `interprets`: the index number of the policy it explains (政策解读), if it is one."""
    files = files or Uploads()
    files.check()  # outside the transaction: reading files never holds the database
    return _create(
        unit=unit,
        item=item,
        by=by,
        audience=audience,
        today=today,
        files=files,
        interprets=interprets,
        **fields,
    )


@transaction.atomic
def _create(
    *,
    unit: Unit,
    item: CatalogItem,
    by: User,
    audience: str,
    today: dt.date,
    files: Uploads,
    interprets: Any,
    **fields: Any,
) -> Publication:
    _check_author(by, unit)
    policy = policy_for(unit, interprets or "")
    if not item.adoptions.filter(unit=unit).exists():
        raise ValidationError({"item": _("This unit has not adopted this catalog item.")})
    if not item.is_active:
        raise ValidationError({"item": _("This catalog item has been retired.")})
    content = checks.check_content(_content(fields), item=item, audience=audience, today=today)
    content.setdefault("publisher_name", unit.name)
    if not content.get("changed_on"):
        content["changed_on"] = content.get("written_on") or today
    publication = Publication.objects.create(
        unit=unit, item=item, audience=audience, created_by=by, status=Status.DRAFT
    )
    version = PublicationVersion(
        publication=publication,
        number=1,
        created_by=by,
        edited_by=by,
        interprets=policy,
        **content,
    )
    version.full_clean(exclude=["publication"])
    version.save()
    Review.objects.create(version=version)
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


def _new_draft_from(publication: Publication, by: User) -> PublicationVersion:
    """Start an amendment: a new draft version copying the current one, files and tables too."""
    current = publication.current
    if current is None:
        raise ValueError("only a published publication is amended")
    values = {name: getattr(current, name) for name in CONTENT_FIELDS}
    values["change_reason"] = ""
    values["approval_reference"] = ""
    version = PublicationVersion.objects.create(
        publication=publication,
        number=current.number + 1,
        created_by=by,
        edited_by=by,
        interprets_id=current.interprets_id,
        **values,
    )
    Review.objects.create(version=version)
    for attachment in current.attachments.all():
        Attachment.objects.create(
            version=version,
            file=attachment.file.name,
            title=attachment.title,
            name=attachment.name,
            kind=attachment.kind,
            size=attachment.size,
            sha256=attachment.sha256,
            position=attachment.position,
        )
    body = own_pictures(version)
    if body != version.body:
        version.body = body
        version.save(update_fields=["body"])
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


def _ensure_editable(publication: Publication) -> None:
    draft = publication.draft
    if draft is not None and draft.is_correction:
        raise ValidationError(
            _(
                "This draft is a correction (勘误): change it on the correction form, or "
                "discard it to write an amendment."
            ),
            code="correction",
        )
    if draft is not None and review_of(draft).stage not in EDITABLE_STAGES:
        raise ValidationError(
            _(
                "The draft is “%(stage)s”: it can be changed again only once the reviewer "
                "returns it."
            )
            % {"stage": review_of(draft).get_stage_display()},
            code="stage",
        )


def edit(
    publication: Publication,
    *,
    by: User,
    today: dt.date,
    audience: str | None = None,
    files: Uploads | None = None,
    interprets: Any = None,
    **fields: Any,
) -> PublicationVersion:
    """Change the draft; on a published publication, start (or continue) an amendment.

    `interprets`: the index number of the policy it explains, "" for none, None to keep it."""
    files = files or Uploads()
    files.check()  # outside the transaction: reading files never holds the database
    return _edit(
        publication,
        by=by,
        today=today,
        audience=audience,
        files=files,
        interprets=interprets,
        **fields,
    )


@_refusals_audited("edit")
@transaction.atomic
def _edit(
    publication: Publication,
    *,
    by: User,
    today: dt.date,
    audience: str | None,
    files: Uploads,
    interprets: Any = None,
    **fields: Any,
) -> PublicationVersion:
    publication = _locked(publication)
    _check_author(by, publication.unit)
    target = AFTER_EDIT[publication.status]
    ensure_transition(publication, target)
    _ensure_editable(publication)
    if audience is not None and audience != publication.audience and publication.index_no:
        raise ValidationError({"audience": _("The audience cannot change once published.")})
    audience = audience or publication.audience
    source = publication.draft or publication.current
    merged = {name: getattr(source, name) for name in CONTENT_FIELDS} | _content(fields)
    content = checks.check_content(merged, item=publication.item, audience=audience, today=today)
    policy = (
        None
        if interprets is None
        else policy_for(publication.unit, interprets, exclude=publication)
    )
    version = publication.draft or _new_draft_from(publication, by)
    before = {name: getattr(version, name) for name in content}
    before_policy = version.interprets_id
    for name, value in content.items():
        setattr(version, name, value)
    version.body = own_pictures(version)
    if interprets is not None:
        version.interprets = policy
    version.edited_by = by
    version.full_clean(exclude=["publication"])
    version.save()
    review = review_of(version)
    if review.stage == Stage.RETURNED:
        review.stage = Stage.WRITING
        review.save(update_fields=["stage"])
    _attach(version, files)
    _retitle_pictures(version)
    publication.audience = audience
    publication.status = target
    publication.save(update_fields=["audience", "status"])
    changed = sorted(name for name in content if before[name] != getattr(version, name))
    if version.interprets_id != before_policy:
        changed = sorted([*changed, "interprets"])
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


def own_pictures(version: PublicationVersion) -> str:
    """The version's body showing its own copies of its pictures.

    An amendment or a correction copies the files of the version it amends, but its form
    starts from the published text, which shows the published version's copies; pointed at
    this version's own, the clerk can retitle or drop a picture here without touching what
    is published.
    """
    shown = picture_titles(version.body)
    if not shown or version.pk is None:
        return version.body
    others = dict(
        Attachment.objects.filter(pk__in=shown, version__publication_id=version.publication_id)
        .exclude(version=version)
        .values_list("pk", "file")
    )
    copies = dict(version.attachments.filter(file__in=others.values()).values_list("file", "pk"))
    moved = {pk: copies[name] for pk, name in others.items() if name in copies}
    return repoint_pictures(version.body, moved) if moved else version.body


def _retitle_pictures(version: PublicationVersion) -> None:
    """A picture's title follows the alt text the clerk gives it in the editor."""
    titles = {part: title for part, title in picture_titles(version.body).items() if title}
    for picture in version.attachments.filter(pk__in=titles):
        if picture.title != titles[picture.pk]:
            picture.title = titles[picture.pk]
            picture.save(update_fields=["title"])


def _draft_part_for_edit(part: Attachment | PublicationTable, by: User) -> Publication:
    publication = _locked(part.version.publication)
    _check_author(by, publication.unit)
    if part.version.published_at is not None:
        raise ValidationError(
            _("A published version cannot be changed; edit the publication instead.")
        )
    _ensure_editable(publication)
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


def add_picture(
    publication: Publication, *, upload: UploadedFile, title: str, by: User
) -> Attachment:
    """A picture for the draft's text, kept as an attachment of the draft: checked as every
    attachment is (and a PNG or JPEG), titled with its alt text or else its file name without
    the extension. Screening reads it with the draft's other attachments."""
    checked = uploads.check_picture(upload)  # outside the transaction, as every upload
    title = " ".join((title or PurePath(checked.name).stem).split())[:200]
    if not title:
        raise ValidationError(
            {"title": _("Give the picture a title: readers who cannot see it hear the title.")}
        )
    return _add_picture(publication, checked=checked, title=title, by=by)


@_refusals_audited("add_picture")
@transaction.atomic
def _add_picture(
    publication: Publication, *, checked: uploads.CheckedFile, title: str, by: User
) -> Attachment:
    publication = _locked(publication)
    _check_author(by, publication.unit)
    draft = publication.draft
    if draft is None:
        raise ValidationError(
            _("Save the changes first; then pictures can be put into the text."), code="no_draft"
        )
    _ensure_editable(publication)
    attachment = Attachment(
        version=draft,
        title=title,
        name=checked.name,
        kind=checked.kind,
        size=checked.size,
        sha256=checked.sha256,
        position=draft.attachments.count(),
    )
    attachment.file.save(checked.name, checked.upload, save=False)
    attachment.save()
    audit.record(
        "publication:picture_added",
        actor=by,
        unit=publication.unit,
        target=publication,
        version=draft.number,
        name=checked.name,
    )
    return attachment


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
    draft.findings.all().delete()
    draft.decisions.all().delete()
    draft.congress_approvals.all().delete()
    Review.objects.filter(version=draft).delete()
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
