"""Privacy screening of a draft: findings, masking them, keeping one with a legal reason."""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.core import access, audit
from gongkai.core.access import Perm
from gongkai.core.models import User

from .. import privacy, redact
from ..hashing import _attachment_bytes
from ..models import (
    EDITABLE_STAGES,
    SERVICE_FIELDS,
    Attachment,
    Finding,
    FindingState,
    Publication,
    PublicationVersion,
    Stage,
)
from ._shared import (
    AlreadyDone,
    _check_author,
    _draft_of,
    _locked,
    _not_author,
    _refusals_audited,
    review_of,
)

# The text of recently read attachments, by content hash, kind and language: the steps that
# screen (submit, approve, publish) read the files before their write transaction starts, and
# the screening inside it takes the text from here, so no parser runs while rows are locked.
_TEXTS: OrderedDict[tuple[str, str, str], list[tuple[str, str]]] = OrderedDict()
_TEXTS_KEPT = 16
_TEXTS_LOCK = threading.Lock()


def _text_of(attachment: Attachment) -> list[tuple[str, str]]:
    key = (attachment.sha256, attachment.kind, translation.get_language() or "")
    with _TEXTS_LOCK:
        if key in _TEXTS:
            _TEXTS.move_to_end(key)
            return _TEXTS[key]
    parts = privacy.attachment_text(attachment.kind, _attachment_bytes(attachment))
    with _TEXTS_LOCK:
        _TEXTS[key] = parts
        while len(_TEXTS) > _TEXTS_KEPT:
            _TEXTS.popitem(last=False)
    return parts


def read_files_first(function):
    """Read the draft's attachments before the wrapped step's transaction starts."""

    @functools.wraps(function)
    def wrapper(publication: Publication, *args, **kwargs):
        draft = publication.versions.filter(published_at__isnull=True).order_by("-number").first()
        if draft is not None:
            with translation.override(settings.LANGUAGE_CODE):
                for attachment in draft.attachments.all():
                    try:
                        _text_of(attachment)
                    except Exception:  # the screening records it as a finding
                        pass
        return function(publication, *args, **kwargs)

    return wrapper


def screen(version: PublicationVersion) -> list[Finding]:
    """Run the privacy screening over the draft; keep settled findings, store new ones.

    Returns the open findings. A finding already masked or kept with a reason is not raised
    again for the same text in the same place. Places are written in the site's language,
    whatever the reader's, so a reviewer using English finds the same stored findings.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _screen(version)


def _screen(version: PublicationVersion) -> list[Finding]:
    found: list[tuple[str, str, str]] = []
    in_attachment: dict[int, Attachment] = {}
    public = privacy.unit_contacts(version.publication.unit)
    for name in ("title", "summary", *SERVICE_FIELDS):
        label = str(PublicationVersion._meta.get_field(name).verbose_name)
        for hit in privacy.scan(getattr(version, name) or "", public):
            found.append((hit.kind, label, hit.value))
    for number, line in privacy.paragraphs(privacy.html_text(version.body)):
        for hit in privacy.scan(line, public):
            found.append((hit.kind, _("body, paragraph %(n)d") % {"n": number}, hit.value))
    for table in version.tables.all():
        for r, row in enumerate(table.rows, 1):
            for c, cell in enumerate(row):
                column = table.columns[c] if c < len(table.columns) else str(c + 1)
                for hit in privacy.scan(str(cell), public):
                    place = _("table “%(t)s”, row %(r)d, column “%(c)s”") % {
                        "t": table.caption,
                        "r": r,
                        "c": column,
                    }
                    found.append((hit.kind, place, hit.value))
    for attachment in version.attachments.all():
        try:
            parts = _text_of(attachment)
        except Exception:  # an unreadable file is a finding, not a crash
            parts = []
            found.append(
                ("unreadable", _("attachment “%(a)s”") % {"a": attachment.name}, attachment.name)
            )
            in_attachment[len(found) - 1] = attachment
        for where, text in parts:
            for hit in privacy.scan(text, public):
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
    """What replaces masked personal information: settings.PUBLISHING_PRIVACY_MASK, by default
    "{shape}", the value with its shape kept (138****1234, 4301**********1234, 张*明)."""
    pattern = getattr(settings, "PUBLISHING_PRIVACY_MASK", "{shape}")
    if "{shape}" in pattern:
        pattern = pattern.replace("{shape}", privacy.mask(finding.kind, finding.value))
    return pattern.replace("{stars}", "*" * len(finding.value))


@_refusals_audited("mask")
@transaction.atomic
def mask(publication: Publication, finding_id: int, *, by: User) -> Finding:
    """The clerk, or a reviewer, masks one finding everywhere it occurs in the draft's text,
    or, for one found in an attachment, everywhere in that file."""
    publication = _locked(publication)
    if by is None or not access.can(by, Perm.REVIEW, publication.unit):
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
