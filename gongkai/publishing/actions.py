"""Every change to a publication: one function each, permission-checked, audited, atomic.

Uploads are read and checked before anything is written, so a bad file leaves nothing behind.
Views, management commands and the demo loader all come through here.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.catalog.models import CatalogItem
from gongkai.core import access, audit
from gongkai.core.access import Perm
from gongkai.core.models import Unit, User

from . import checks, privacy, redact, search_documents, tables, uploads
from .models import (
    AFTER_EDIT,
    EDITABLE_STAGES,
    SERVICE_FIELDS,
    Attachment,
    CongressApproval,
    Decision,
    Finding,
    FindingState,
    IndexCounter,
    Publication,
    PublicationTable,
    PublicationVersion,
    Review,
    Seal,
    SealChain,
    Stage,
    Status,
    ensure_stage,
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
    "changed_on",
    *SERVICE_FIELDS,
)

# Within this many working days of the information being created or changed (条例 Art. 26).
PUBLISH_WITHIN_WORKING_DAYS = 20


class AlreadyPublished(ValidationError):
    """The version was published in the meantime, e.g. by a double click or another reviewer."""


class AlreadyDone(ValidationError):
    """Someone else took this step a moment earlier (two reviewers approving at once)."""


def _refusals_audited(step: str):
    """Record a refused step (PermissionDenied) as an audit event that survives the rollback."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(publication, *args, by, **kwargs):
            try:
                return function(publication, *args, by=by, **kwargs)
            except PermissionDenied as error:
                audit.record(
                    "publication:refused",
                    actor=by,
                    unit=publication.unit,
                    target=publication,
                    step=step,
                    reason=str(error),
                )
                raise

        return wrapper

    return decorate


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
        k: ("" if v is None and k not in ("written_on", "validity_changed_on", "changed_on") else v)
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
    if not content.get("changed_on"):
        content["changed_on"] = content.get("written_on") or today
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
    Review.objects.create(version=version)
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


def review_of(version: PublicationVersion) -> Review:
    """The review of a draft version (made for drafts written before reviews existed)."""
    review, _created = Review.objects.get_or_create(version=version)
    return review


def _ensure_editable(publication: Publication) -> None:
    draft = publication.draft
    if draft is not None and review_of(draft).stage not in EDITABLE_STAGES:
        raise ValidationError(
            _(
                "The draft is “%(stage)s”: it can be changed again only once the reviewer "
                "returns it."
            )
            % {"stage": review_of(draft).get_stage_display()},
            code="stage",
        )


@_refusals_audited("edit")
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
    _ensure_editable(publication)
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
    review = review_of(version)
    if review.stage == Stage.RETURNED:
        review.stage = Stage.WRITING
        review.save(update_fields=["stage"])
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


def canonical(version: PublicationVersion) -> bytes:
    """The canonical form a seal covers: content fields, tables, the attachments' hashes."""
    content: dict[str, Any] = {
        name: "" if getattr(version, name) is None else str(getattr(version, name))
        for name in CONTENT_FIELDS
    }
    content["attachments"] = [[a.name, a.sha256] for a in version.attachments.all()]
    content["tables"] = [[t.caption, t.columns, t.rows] for t in version.tables.all()]
    content["index_no"] = version.publication.index_no
    content["number"] = version.number
    content["published_at"] = version.published_at.isoformat() if version.published_at else ""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def content_hash(version: PublicationVersion) -> str:
    return hashlib.sha256(canonical(version)).hexdigest()


def seal_hash(previous: str, number: int, content: str) -> str:
    return hashlib.sha256(f"{previous}|{number}|{content}".encode()).hexdigest()


def _seal(version: PublicationVersion, county: Unit) -> Seal:
    """Add the version to its county's chain; the chain head's row is locked until commit."""
    chain = SealChain.objects.select_for_update().filter(county=county).first()
    if chain is None:
        try:
            with transaction.atomic():
                chain = SealChain.objects.create(county=county)
        except IntegrityError:
            chain = SealChain.objects.select_for_update().get(county=county)
    content = content_hash(version)
    number = chain.last_number + 1
    seal = Seal.objects.create(
        county=county,
        number=number,
        version=version,
        content_hash=content,
        previous=chain.last_hash,
        seal_hash=seal_hash(chain.last_hash, number, content),
        sealed_at=version.published_at,
    )
    chain.last_number, chain.last_hash = number, seal.seal_hash
    chain.save(update_fields=["last_number", "last_hash"])
    return seal


def problems(publication: Publication, version: PublicationVersion, *, today: dt.date) -> list[str]:
    """What stops the draft from being approved: its content."""
    has_content = (
        bool(version.body.strip()) or version.attachments.exists() or version.tables.exists()
    )
    return checks.publish_problems(
        version, item=publication.item, has_content=has_content, today=today
    )


def approval_problems(publication: Publication, version: PublicationVersion) -> list[str]:
    """The decision or congress approval the catalog item needs, if it is not recorded yet."""
    return checks.approval_problems(
        item=publication.item,
        has_decision=version.decisions.exists(),
        has_congress_approval=version.congress_approvals.exists(),
    )


def deadline(version: PublicationVersion, calendar=None):
    """The last day to publish the version (20 working days after the information changed)."""
    from gongkai.core.workdays import WorkdayCalendar

    start = version.changed_on or version.written_on
    if start is None:
        return None
    calendar = calendar or WorkdayCalendar.load()
    return calendar.deadline(start, PUBLISH_WITHIN_WORKING_DAYS)


def _draft_of(publication: Publication) -> PublicationVersion:
    draft = publication.draft
    if draft is None:
        raise ValidationError(_("There is no draft to review."))
    return draft


def _not_author(by: User, version: PublicationVersion, review: Review, message: str) -> None:
    """Separation of duties: nobody approves or publishes what they wrote or submitted."""
    if by.pk in (version.created_by_id, version.edited_by_id, review.submitted_by_id):
        raise PermissionDenied(message)


def _attachment_bytes(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as handle:
        return handle.read()


def screen(version: PublicationVersion) -> list[Finding]:
    """Run the privacy screening over the draft; keep settled findings, store new ones.

    Returns the open findings. A finding already masked or kept with a reason is not raised
    again for the same text in the same place. Places are written in the site's language,
    whatever the reader's, so a reviewer using English finds the same stored findings.
    """
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return _screen(version)


def _screen(version: PublicationVersion) -> list[Finding]:
    found: list[tuple[str, str, str]] = []
    in_attachment: dict[int, Attachment] = {}
    for name in ("title", "summary", *SERVICE_FIELDS):
        label = str(PublicationVersion._meta.get_field(name).verbose_name)
        for hit in privacy.scan(getattr(version, name) or ""):
            found.append((hit.kind, label, hit.value))
    for number, line in privacy.paragraphs(privacy.html_text(version.body)):
        for hit in privacy.scan(line):
            found.append((hit.kind, _("body, paragraph %(n)d") % {"n": number}, hit.value))
    for table in version.tables.all():
        for r, row in enumerate(table.rows, 1):
            for c, cell in enumerate(row):
                column = table.columns[c] if c < len(table.columns) else str(c + 1)
                for hit in privacy.scan(str(cell)):
                    place = _("table “%(t)s”, row %(r)d, column “%(c)s”") % {
                        "t": table.caption,
                        "r": r,
                        "c": column,
                    }
                    found.append((hit.kind, place, hit.value))
    for attachment in version.attachments.all():
        try:
            parts = privacy.attachment_text(attachment.kind, _attachment_bytes(attachment))
        except Exception:  # an unreadable file is a finding, not a crash
            parts = []
            found.append(
                ("unreadable", _("attachment “%(a)s”") % {"a": attachment.name}, attachment.name)
            )
            in_attachment[len(found) - 1] = attachment
        for where, text in parts:
            for hit in privacy.scan(text):
                place = _("attachment “%(a)s”, %(where)s") % {"a": attachment.name, "where": where}
                found.append((hit.kind, place, hit.value))
                in_attachment[len(found) - 1] = attachment
    existing = {(f.kind, f.place[:300], f.value[:200]): f for f in version.findings.all()}
    still = set()
    open_findings = []
    for index, (kind, place, value) in enumerate(found):
        key = (kind, place[:300], value[:200])
        if key in still:
            continue
        still.add(key)
        finding = existing.get(key)
        attachment = in_attachment.get(index)
        if finding is None:
            finding = Finding.objects.create(
                version=version,
                kind=kind,
                place=key[1],
                value=key[2],
                in_attachment=attachment is not None,
                attachment=attachment,
            )
        elif attachment is not None and finding.attachment_id != attachment.pk:
            finding.attachment = attachment  # found before findings named their file
            finding.save(update_fields=["attachment"])
        if finding.state == FindingState.OPEN:
            open_findings.append(finding)
    # Open findings whose text is gone (the clerk edited it away) are no longer findings.
    version.findings.filter(state=FindingState.OPEN).exclude(
        pk__in=[f.pk for f in open_findings]
    ).delete()
    return open_findings


def _mask_text(text: str, value: str, mask: str) -> str:
    return text.replace(value, mask)


def mask_pattern(finding: Finding) -> str:
    """What replaces masked personal information: settings.PUBLISHING_PRIVACY_MASK, default ""."""
    from django.conf import settings

    pattern = getattr(settings, "PUBLISHING_PRIVACY_MASK", "")
    return pattern.replace("{stars}", "*" * len(finding.value))


@_refusals_audited("mask")
@transaction.atomic
def mask(publication: Publication, finding_id: int, *, by: User) -> Finding:
    """The clerk removes (or masks) one finding everywhere it occurs in the draft's text, or,
    for one found in an attachment, everywhere in that file."""
    publication = _locked(publication)
    _check_author(by, publication.unit)
    draft = _draft_of(publication)
    review = review_of(draft)
    if review.stage not in (*EDITABLE_STAGES, Stage.SUBMITTED):
        raise ValidationError(_("An approved draft no longer changes."))
    finding = draft.findings.filter(pk=finding_id, state=FindingState.OPEN).first()
    if finding is None:
        raise AlreadyDone(_("This finding was settled already."), code="settled")
    replacement = mask_pattern(finding)
    if finding.in_attachment:
        finding, changed, about = _mask_in_attachment(draft, finding, replacement)
    else:
        changed, about = _mask_in_text(draft, finding, replacement), {}
    _settle(publication, draft, finding, FindingState.MASKED, by=by, fields=changed, **about)
    if finding.in_attachment:
        # The same value elsewhere in the file went too: the screening drops those findings.
        screen(draft)
    return finding


def _settle(
    publication: Publication,
    draft: PublicationVersion,
    finding: Finding,
    state: FindingState,
    *,
    by: User,
    **data: Any,
) -> None:
    """Record who settled a finding, and how: masked, or kept with a reason."""
    finding.state = state
    finding.settled_by, finding.settled_at = by, timezone.now()
    finding.save(update_fields=["state", "reason", "settled_by", "settled_at"])
    event = {
        FindingState.MASKED: "publication:finding_masked",
        FindingState.OVERRIDDEN: "publication:finding_overridden",
    }[state]
    audit.record(
        event,
        actor=by,
        unit=publication.unit,
        target=publication,
        version=draft.number,
        kind=finding.kind,
        place=finding.place,
        **data,
    )


def _mask_in_text(draft: PublicationVersion, finding: Finding, replacement: str) -> list[str]:
    """Replace the value in the draft's fields and tables; the names of what changed."""
    changed = []
    for name in ("title", "summary", "body", *SERVICE_FIELDS):
        value = getattr(draft, name) or ""
        if finding.value in value:
            setattr(draft, name, _mask_text(value, finding.value, replacement))
            changed.append(name)
    if changed:
        draft.save(update_fields=changed)
    for table in draft.tables.all():
        rows = [
            [_mask_text(str(cell), finding.value, replacement) for cell in row]
            for row in table.rows
        ]
        if rows != table.rows:
            table.rows = rows
            table.save(update_fields=["rows"])
            changed.append(f"table:{table.pk}")
    if not changed:
        raise ValidationError(
            _("The text was not found as it is (it may span formatting); edit the draft instead.")
        )
    return changed


def _mask_in_attachment(
    draft: PublicationVersion, finding: Finding, replacement: str
) -> tuple[Finding, list[str], dict[str, str]]:
    """Rewrite the file without the value: a new stored file (named by its new hash) takes
    the old one's place in the draft, so the seal will cover the masked file."""
    if finding.attachment_id is None and finding.kind != "unreadable":
        screen(draft)  # a finding stored before findings named their file
        finding = draft.findings.filter(pk=finding.pk, state=FindingState.OPEN).first()
        if finding is None:
            raise AlreadyDone(_("This finding was settled already."), code="settled")
    attachment = finding.attachment
    if finding.kind == "unreadable" or attachment is None or attachment.version_id != draft.pk:
        raise ValidationError(
            _(
                "This file cannot be masked here: remove it and attach a de-identified copy, "
                "or ask a reviewer to keep it with a legal reason."
            ),
            code="not_maskable",
        )
    try:
        data = redact.redact(
            attachment.kind, _attachment_bytes(attachment), finding.value, replacement
        )
    except redact.CannotRedact as error:
        raise ValidationError(_redaction_refused(attachment, error), code=error.reason) from error
    except Exception as error:  # a damaged file: refused, and nothing changes
        raise ValidationError(
            _("“%(a)s” could not be rewritten (%(error)s); attach a de-identified copy instead.")
            % {"a": attachment.name, "error": type(error).__name__},
            code="rewrite_failed",
        ) from error
    previous = {"file": attachment.file.name, "sha256": attachment.sha256}
    attachment.sha256 = hashlib.sha256(data).hexdigest()
    attachment.size = len(data)
    attachment.file.save(attachment.name, ContentFile(data), save=False)
    attachment.save(update_fields=["file", "size", "sha256"])
    transaction.on_commit(functools.partial(_forget_file, previous["file"]))
    about = {
        "attachment": attachment.name,
        "sha256": attachment.sha256,
        "previous_sha256": previous["sha256"],
    }
    return finding, [f"attachment:{attachment.pk}"], about


def _redaction_refused(attachment: Attachment, error: redact.CannotRedact) -> str:
    names = {"a": attachment.name}
    if error.reason == redact.CannotRedact.UNSUPPORTED:
        return (
            _(
                "“%(a)s” is not a PDF, Word (.docx) or Excel (.xlsx) file, so it cannot be masked "
                "here: attach a de-identified copy, or ask a reviewer to keep it with a legal "
                "reason."
            )
            % names
        )
    if error.reason == redact.CannotRedact.NOT_FOUND and attachment.kind == "pdf":
        return (
            _(
                "In “%(a)s” this text could not be found in the PDF's text layer to redact (it "
                "may be split over lines or drawn in pieces); nothing was changed. Upload a "
                "de-identified copy, or ask a reviewer to keep it with a legal reason."
            )
            % names
        )
    if error.reason == redact.CannotRedact.NOT_FOUND:
        return (
            _(
                "In “%(a)s” this text could not be found as it is; nothing was changed. Upload a "
                "de-identified copy, or ask a reviewer to keep it with a legal reason."
            )
            % names
        )
    return _(
        "“%(a)s” still contains this text after masking (%(where)s), so nothing was "
        "changed. Upload a de-identified copy, or ask a reviewer to keep it with a legal "
        "reason."
    ) % {**names, "where": error.detail}


def _forget_file(name: str) -> None:
    """Delete the unmasked original once no attachment of any version points to it."""
    if not Attachment.objects.filter(file=name).exists():
        Attachment.file.field.storage.delete(name)


@_refusals_audited("override")
@transaction.atomic
def override(publication: Publication, finding_id: int, *, by: User, reason: str) -> Finding:
    """A reviewer keeps one finding, with the legal reason (e.g. a sanctions notice)."""
    publication = _locked(publication)
    access.require(by, Perm.REVIEW, publication.unit)
    draft = _draft_of(publication)
    review = review_of(draft)
    _not_author(by, draft, review, _("You wrote this draft; another reviewer must decide."))
    finding = draft.findings.filter(pk=finding_id, state=FindingState.OPEN).first()
    if finding is None:
        raise ValidationError(_("This finding was settled already."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the legal reason for publishing it.")})
    finding.reason = reason.strip()
    _settle(publication, draft, finding, FindingState.OVERRIDDEN, by=by, reason=finding.reason)
    return finding


@_refusals_audited("submit")
@transaction.atomic
def submit(publication: Publication, *, by: User, today: dt.date) -> Review:
    """The clerk sends the draft to review; the privacy screening runs over it."""
    publication = _locked(publication)
    _check_author(by, publication.unit)
    draft = _draft_of(publication)
    review = review_of(draft)
    if review.stage == Stage.SUBMITTED:
        raise AlreadyDone(_("The draft was already submitted."), code="already_submitted")
    ensure_stage(review, Stage.SUBMITTED)
    found = problems(publication, draft, today=today)
    if found:
        raise ValidationError(found)
    open_findings = screen(draft)
    review.stage = Stage.SUBMITTED
    review.submitted_by, review.submitted_at = by, timezone.now()
    review.save(update_fields=["stage", "submitted_by", "submitted_at"])
    audit.record(
        "publication:submitted",
        actor=by,
        unit=publication.unit,
        target=publication,
        version=draft.number,
        findings=len(open_findings),
    )
    return review


@_refusals_audited("return")
@transaction.atomic
def return_draft(publication: Publication, *, by: User, comments: str) -> Review:
    """The reviewer sends the draft back to the clerk with comments."""
    publication = _locked(publication)
    access.require(by, Perm.REVIEW, publication.unit)
    draft = _draft_of(publication)
    review = review_of(draft)
    _not_author(by, draft, review, _("You wrote this draft; another reviewer must review it."))
    if review.stage in (Stage.RETURNED, Stage.APPROVED, Stage.SCHEDULED):
        raise AlreadyDone(
            _("Another reviewer has already decided: the draft is “%(stage)s”.")
            % {"stage": review.get_stage_display()},
            code="already_decided",
        )
    ensure_stage(review, Stage.RETURNED)
    if not (comments or "").strip():
        raise ValidationError({"comments": _("Tell the clerk what to change.")})
    review.stage = Stage.RETURNED
    review.comments = comments.strip()
    review.returned_by, review.returned_at = by, timezone.now()
    review.save(update_fields=["stage", "comments", "returned_by", "returned_at"])
    audit.record(
        "publication:returned",
        actor=by,
        unit=publication.unit,
        target=publication,
        version=draft.number,
        comments=review.comments,
    )
    return review


@_refusals_audited("approve")
@transaction.atomic
def approve(
    publication: Publication,
    *,
    by: User,
    today: dt.date,
    no_state_secret: bool,
    no_superior_document: bool,
    privacy_lawful: bool,
    publish_at: dt.datetime | None = None,
) -> Review:
    """The reviewer approves the draft with the secrecy-review checklist (保密审查)."""
    publication = _locked(publication)
    access.require(by, Perm.REVIEW, publication.unit)
    draft = _draft_of(publication)
    review = review_of(draft)
    _not_author(
        by, draft, review, _("You wrote or submitted this draft; another reviewer must approve it.")
    )
    if review.stage in (Stage.APPROVED, Stage.SCHEDULED):
        raise AlreadyDone(
            _("%(who)s approved this draft already at %(when)s.")
            % {
                "who": review.approved_by,
                "when": timezone.localtime(review.approved_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="already_approved",
        )
    ensure_stage(review, Stage.APPROVED)
    errors = []
    if not (no_state_secret and no_superior_document and privacy_lawful):
        errors.append(_("Confirm every point of the secrecy review before approving."))
    errors += problems(publication, draft, today=today)
    if publish_at is not None:
        # A scheduled draft is published by the clock, with nobody at hand to record the
        # decision or congress approval then: it must be on record before it is scheduled.
        errors += approval_problems(publication, draft)
    open_findings = screen(draft)
    if open_findings:
        errors.append(
            _(
                "%(n)d possible items of personal information are open: keep them with a legal "
                "reason, or return the draft for the clerk to mask them."
            )
            % {"n": len(open_findings)}
        )
    if publish_at is not None and publish_at <= timezone.now():
        errors.append(_("The scheduled time has passed; publish now instead."))
    if errors:
        raise ValidationError(errors)
    review.stage = Stage.SCHEDULED if publish_at else Stage.APPROVED
    review.approved_by, review.approved_at = by, timezone.now()
    review.no_state_secret = review.no_superior_document = review.privacy_lawful = True
    review.scheduled_for = publish_at
    review.save(
        update_fields=[
            "stage",
            "approved_by",
            "approved_at",
            "no_state_secret",
            "no_superior_document",
            "privacy_lawful",
            "scheduled_for",
        ]
    )
    audit.record(
        "publication:approved",
        actor=by,
        unit=publication.unit,
        target=publication,
        version=draft.number,
        secrecy_review=["no_state_secret", "no_superior_document", "privacy_lawful"],
        scheduled_for=publish_at.isoformat() if publish_at else None,
    )
    return review


def _record_check(publication: Publication, by: User, held_on: dt.date, today: dt.date):
    access.require(by, Perm.DECIDE, publication.unit)
    draft = _draft_of(publication)
    if held_on > today:
        raise ValidationError({"held_on": _("This date cannot be in the future.")})
    return draft


@_refusals_audited("record_decision")
@transaction.atomic
def record_decision(
    publication: Publication,
    *,
    by: User,
    today: dt.date,
    meeting: str,
    held_on: dt.date,
    minutes_no: str,
    attendees: str,
    outcome: str,
) -> Decision:
    """A leader records the collective decision (集体研究决定) the draft rests on."""
    publication = _locked(publication)
    draft = _record_check(publication, by, held_on, today)
    decision = Decision(
        version=draft,
        meeting=(meeting or "").strip(),
        held_on=held_on,
        minutes_no=(minutes_no or "").strip(),
        attendees=(attendees or "").strip(),
        outcome=(outcome or "").strip(),
        recorded_by=by,
    )
    decision.full_clean(exclude=["version", "recorded_by"])
    decision.save()
    audit.record(
        "publication:decision_recorded",
        actor=by,
        unit=publication.unit,
        target=publication,
        version=draft.number,
        meeting=decision.meeting,
        held_on=held_on.isoformat(),
        minutes_no=decision.minutes_no,
    )
    return decision


@_refusals_audited("record_congress_approval")
@transaction.atomic
def record_congress_approval(
    publication: Publication,
    *,
    by: User,
    today: dt.date,
    session: str,
    held_on: dt.date,
    resolution: str,
) -> CongressApproval:
    """A leader records the township people's congress approving the draft (budget, plan)."""
    publication = _locked(publication)
    draft = _record_check(publication, by, held_on, today)
    approval = CongressApproval(
        version=draft,
        session=(session or "").strip(),
        held_on=held_on,
        resolution=(resolution or "").strip(),
        recorded_by=by,
    )
    approval.full_clean(exclude=["version", "recorded_by"])
    approval.save()
    audit.record(
        "publication:congress_approval_recorded",
        actor=by,
        unit=publication.unit,
        target=publication,
        version=draft.number,
        session=approval.session,
        held_on=held_on.isoformat(),
    )
    return approval


@_refusals_audited("publish")
@transaction.atomic
def publish(
    publication: Publication,
    *,
    by: User,
    version_number: int,
    today: dt.date,
    published_at: dt.datetime | None = None,
) -> PublicationVersion:
    """Publish the approved draft `version_number`; the first time, it gets its index number.

    The draft must have been approved (by someone other than its author), carry the decision
    or congress approval its catalog item needs, and pass the privacy screening again.
    `published_at` is for importing earlier disclosures with their own dates (and the demo).

    Safe to call twice (a double click, a scheduled publish firing twice): the second call
    finds the version published and raises AlreadyPublished, shown as information.
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
    review = review_of(version)
    _not_author(
        by,
        version,
        review,
        _("You wrote this version; another reviewer of the unit must publish it."),
    )
    if review.stage not in (Stage.APPROVED, Stage.SCHEDULED):
        raise ValidationError(
            _("Only an approved draft is published; this one is “%(stage)s”.")
            % {"stage": review.get_stage_display()},
            code="not_approved",
        )
    found = problems(publication, version, today=today) + approval_problems(publication, version)
    open_findings = screen(version)
    if open_findings:
        found.append(
            _("%(n)d possible items of personal information are open.") % {"n": len(open_findings)}
        )
    if found:
        raise ValidationError(found)
    now = (published_at or timezone.now()).astimezone(dt.UTC)
    first = publication.index_no is None
    if first:
        year = today.year
        serial = next_serial(publication.unit, year)
        publication.index_no = f"{publication.unit.org_code}/{year}-{serial:05d}"
        publication.index_year, publication.index_serial = year, serial
        publication.first_published_at = now
    version.published_at = now
    version.publication = publication
    county = publication.unit.county
    chain_head = SealChain.objects.filter(county=county).values_list("last_hash", flat=True)
    PublicationVersion.objects.filter(pk=version.pk).update(
        published_at=now,
        published_by=by,
        previous_hash=chain_head.first() or "",
        content_hash=content_hash(version),
    )
    version.refresh_from_db()
    version.publication = publication  # with its new index number, not yet saved
    _seal(version, county)
    limit = deadline(version)
    review.stage = Stage.PUBLISHED
    published_on = timezone.localtime(published_at).date() if published_at else today
    review.published_late = bool(limit and published_on > limit.day)
    review.save(update_fields=["stage", "published_late"])
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
        late=review.published_late,
    )
    return version


def publish_scheduled(*, now: dt.datetime, today: dt.date) -> list[PublicationVersion]:
    """Publish every draft whose scheduled time has come (cron; firing twice does nothing twice)."""
    published = []
    due = Review.objects.filter(stage=Stage.SCHEDULED, scheduled_for__lte=now).select_related(
        "version__publication", "approved_by"
    )
    for review in list(due):
        try:
            published.append(
                publish(
                    review.version.publication,
                    by=review.approved_by,
                    version_number=review.version.number,
                    today=today,
                    published_at=review.scheduled_for,
                )
            )
        except AlreadyPublished:
            continue
    return published


@_refusals_audited("withdraw")
@transaction.atomic
def withdraw(publication: Publication, *, by: User, reason: str) -> Publication:
    """Withdraw (撤回) a published publication; the reason is public, nothing is deleted."""
    publication = _locked(publication)
    access.require(by, Perm.REVIEW, publication.unit)
    if publication.status == Status.WITHDRAWN:
        raise AlreadyDone(_("This publication was already withdrawn."), code="already_withdrawn")
    if publication.status == Status.AMENDING:
        raise ValidationError(_("Discard the amendment being written first."))
    ensure_transition(publication, Status.WITHDRAWN)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason; it is shown to the public.")})
    publication.status = Status.WITHDRAWN
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_by = by
    publication.withdrawal_reason = reason.strip()
    publication.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    search_documents.remove_on_commit(publication)
    audit.record(
        "publication:withdrawn",
        actor=by,
        unit=publication.unit,
        target=publication,
        index_no=publication.index_no,
        reason=publication.withdrawal_reason,
    )
    return publication


@dataclass
class SealCheck:
    publication: Publication
    version: PublicationVersion
    seal: Seal | None
    problems: list[str]

    @property
    def valid(self) -> bool:
        return not self.problems


def _attachments_intact(version: PublicationVersion) -> list[str]:
    broken = []
    for attachment in version.attachments.all():
        try:
            data = _attachment_bytes(attachment)
        except OSError:
            broken.append(_("the file “%(a)s” is missing") % {"a": attachment.name})
            continue
        if hashlib.sha256(data).hexdigest() != attachment.sha256:
            broken.append(_("the file “%(a)s” has changed") % {"a": attachment.name})
    return broken


def check_version(version: PublicationVersion, previous: Seal | None = None) -> SealCheck:
    """Does the stored version still match its seal (and, given one, the seal before it)?"""
    seal = Seal.objects.filter(version=version).first()
    found = []
    if seal is None:
        found.append(_("it has no seal"))
    else:
        if content_hash(version) != seal.content_hash:
            found.append(_("its stored content no longer matches the seal"))
        if seal_hash(seal.previous, seal.number, seal.content_hash) != seal.seal_hash:
            found.append(_("the seal itself was altered"))
        if previous is not None and seal.previous != previous.seal_hash:
            found.append(_("the chain is broken before this seal"))
    found += _attachments_intact(version)
    return SealCheck(version.publication, version, seal, found)


def verify(publication: Publication) -> list[SealCheck]:
    """The seal checks of every published version of one publication, newest first."""
    checks_ = []
    versions = publication.versions.filter(published_at__isnull=False).order_by("-number")
    for version in versions:
        seal = Seal.objects.filter(version=version).first()
        previous = (
            Seal.objects.filter(county=seal.county, number=seal.number - 1).first()
            if seal
            else None
        )
        checks_.append(check_version(version, previous))
    return checks_


def verify_chain(county: Unit | None = None) -> list[SealCheck]:
    """Check every seal of the county (or of all counties), in chain order; return failures."""
    seals = Seal.objects.select_related("version__publication").order_by("county_id", "number")
    if county is not None:
        seals = seals.filter(county=county)
    failures = []
    previous: Seal | None = None
    for seal in seals.iterator():
        link = previous if previous is not None and previous.county_id == seal.county_id else None
        if link is None and seal.number != 1:
            link = Seal.objects.filter(county=seal.county_id, number=seal.number - 1).first()
        check = check_version(seal.version, link)
        if link is None and seal.number == 1 and seal.previous:
            check.problems.append(_("the first seal of the county points to another"))
        if link is not None and seal.number != link.number + 1:
            check.problems.append(_("a seal is missing before this one"))
        if not check.valid:
            failures.append(check)
        previous = seal
    unsealed = PublicationVersion.objects.filter(published_at__isnull=False, seal__isnull=True)
    for version in unsealed.select_related("publication"):
        failures.append(SealCheck(version.publication, version, None, [_("it has no seal")]))
    return failures


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
