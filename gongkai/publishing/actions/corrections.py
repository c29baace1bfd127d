"""勘误: the light path for correcting a typo in a published version.

A clerk corrects the title, summary or body of the current version, saying what was
corrected and why; that submits a correction draft. ONE reviewer of the unit (not its
author) then either publishes it as a new version carrying the correction note, without the
collective decision or congress approval the catalog item otherwise needs, or judges the
change material and sends the draft down the full review (`treat_as_amendment`), where the
item's decision or congress approval is required again. Files, tables and the other
metadata are copied unchanged: a correction changes words, nothing else.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from gongkai.core import access, audit
from gongkai.core.access import Perm
from gongkai.core.models import User

from .. import checks
from ..hashing import CONTENT_FIELDS
from ..models import (
    EDITABLE_STAGES,
    Publication,
    PublicationVersion,
    Stage,
    Status,
    ensure_stage,
)
from ._shared import (
    AlreadyDone,
    AlreadyPublished,
    _check_author,
    _locked,
    _not_author,
    _refusals_audited,
    review_of,
)
from .drafting import _content, _new_draft_from, own_pictures
from .publishing import publish
from .screening import read_files_first, screen

# The fields a correction may change.
CORRECTABLE = ("title", "summary", "body")


def correction_draft(publication: Publication) -> PublicationVersion | None:
    """The correction being reviewed or written, if the publication's draft is one."""
    draft = publication.draft
    return draft if draft is not None and draft.is_correction else None


@read_files_first
@_refusals_audited("correct")
@transaction.atomic
def submit_correction(
    publication: Publication,
    *,
    by: User,
    today: dt.date,
    what: str,
    reason: str,
    **fields: Any,
) -> PublicationVersion:
    """The clerk corrects the published text and sends the correction to one reviewer.

    A correction that was returned is changed and sent again through here as well.
    """
    publication = _locked(publication)
    _check_author(by, publication.unit)
    unknown = set(fields) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"a correction changes only {CORRECTABLE}, not {sorted(unknown)}")
    current = publication.current
    draft = publication.draft
    if current is None or publication.status == Status.WITHDRAWN:
        raise ValidationError(_("Only a published publication can be corrected."))
    if draft is not None and not draft.is_correction:
        raise ValidationError(
            _("An amendment is being written: finish or discard it before correcting a typo.")
        )
    if draft is not None and review_of(draft).stage not in EDITABLE_STAGES:
        raise AlreadyDone(
            _("The correction is already with the reviewer (“%(stage)s”).")
            % {"stage": review_of(draft).get_stage_display()},
            code="already_submitted",
        )
    what, reason = " ".join((what or "").split()), " ".join((reason or "").split())
    errors: dict[str, list[str]] = {}
    if not what:
        errors["correction_note"] = [_("Say what is corrected; readers see it.")]
    if not reason:
        errors["change_reason"] = [_("Say why; readers see it with the correction.")]
    if errors:
        raise ValidationError(errors)
    source = draft or current
    merged = {name: getattr(source, name) for name in CONTENT_FIELDS} | _content(fields)
    merged["change_reason"] = reason
    content = checks.check_content(
        merged, item=publication.item, audience=publication.audience, today=today
    )
    changed = [name for name in CORRECTABLE if content[name] != getattr(current, name)]
    if not changed:
        raise ValidationError(_("Nothing differs from the published version."))
    version = draft or _new_draft_from(publication, by)
    for name in CORRECTABLE:
        setattr(version, name, content[name])
    version.body = own_pictures(version)
    version.change_reason = reason
    version.correction_note = what[:300]
    version.interprets_id = current.interprets_id
    version.edited_by = by
    version.full_clean(exclude=["publication"])
    version.save()
    review = review_of(version)
    ensure_stage(review, Stage.SUBMITTED)
    open_findings = screen(version)
    review.stage = Stage.SUBMITTED
    review.submitted_by, review.submitted_at = by, timezone.now()
    review.save(update_fields=["stage", "submitted_by", "submitted_at"])
    publication.status = Status.AMENDING
    publication.save(update_fields=["status"])
    audit.record(
        "publication:correction_submitted",
        actor=by,
        unit=publication.unit,
        target=publication,
        version=version.number,
        fields=changed,
        what=version.correction_note,
        reason=reason,
        findings=len(open_findings),
    )
    return version


def _submitted_correction(publication: Publication, by: User, version_number: int | None):
    access.require(by, Perm.REVIEW, publication.unit)
    draft = publication.draft
    if version_number is not None:
        version = publication.versions.filter(number=version_number).first()
        if version is not None and version.published_at is not None:
            raise AlreadyPublished(
                _("This correction was already published by %(who)s at %(when)s.")
                % {
                    "who": version.published_by,
                    "when": timezone.localtime(version.published_at).strftime("%Y-%m-%d %H:%M"),
                },
                code="already_published",
            )
        if version is None or version != draft:
            raise ValidationError(_("There is no such version."))
    if draft is None or not draft.is_correction:
        raise ValidationError(
            _("There is no correction to review: the draft follows the full review."),
            code="not_a_correction",
        )
    review = review_of(draft)
    _not_author(
        by, draft, review, _("You wrote this correction; another reviewer of the unit checks it.")
    )
    if review.stage != Stage.SUBMITTED:
        raise ValidationError(
            _("Only a submitted correction is reviewed; this one is “%(stage)s”.")
            % {"stage": review.get_stage_display()},
            code="stage",
        )
    return draft, review


@read_files_first
@_refusals_audited("publish_correction")
@transaction.atomic
def publish_correction(
    publication: Publication,
    *,
    by: User,
    version_number: int,
    today: dt.date,
    no_state_secret: bool,
    no_superior_document: bool,
    privacy_lawful: bool,
) -> PublicationVersion:
    """One reviewer checks the correction and publishes it as a new version with its note.

    Safe to call twice: the second call finds the version published (AlreadyPublished).
    """
    publication = _locked(publication)
    draft, review = _submitted_correction(publication, by, version_number)
    if not (no_state_secret and no_superior_document and privacy_lawful):
        raise ValidationError(_("Confirm every point of the secrecy review before publishing."))
    review.stage = Stage.APPROVED
    review.approved_by, review.approved_at = by, timezone.now()
    review.no_state_secret = review.no_superior_document = review.privacy_lawful = True
    review.save(
        update_fields=[
            "stage",
            "approved_by",
            "approved_at",
            "no_state_secret",
            "no_superior_document",
            "privacy_lawful",
        ]
    )
    audit.record(
        "publication:correction_approved",
        actor=by,
        unit=publication.unit,
        target=publication,
        version=draft.number,
        what=draft.correction_note,
        secrecy_review=["no_state_secret", "no_superior_document", "privacy_lawful"],
    )
    return publish(publication, by=by, version_number=draft.number, today=today)


@_refusals_audited("treat_as_amendment")
@transaction.atomic
def treat_as_amendment(publication: Publication, *, by: User, reason: str) -> PublicationVersion:
    """The reviewer judges the change material: the draft goes through the full review.

    It stays submitted, without its correction note; approving it, the catalog item's
    collective decision or congress approval and publishing follow as for any amendment.
    """
    publication = _locked(publication)
    draft, _review = _submitted_correction(publication, by, None)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Say why the change is material; the clerk sees it.")})
    what = draft.correction_note
    draft.correction_note = None
    draft.save(update_fields=["correction_note"])
    audit.record(
        "publication:correction_escalated",
        actor=by,
        unit=publication.unit,
        target=publication,
        version=draft.number,
        what=what,
        reason=reason,
    )
    return draft


# What the reviewer sees: the old and new text, changes marked.


@dataclass(frozen=True)
class Hunk:
    """One change with a little context: (kind, text) parts, kind "same", "removed" or
    "added"."""

    parts: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    hunks: tuple[Hunk, ...]


_BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|div|blockquote)>|<br\s*/?>", re.IGNORECASE)
CONTEXT = 15  # tokens of unchanged text shown either side of a change


def plain_text(value: str) -> str:
    """The text of a field as a reader sees it: tags out, entities decoded, one line a block."""
    text = html.unescape(strip_tags(_BLOCK_END.sub("\n", value or "")))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


# Figures and Latin words are compared whole (126.5 → 125.6 reads as one change); Chinese
# text one character at a time.
_TOKEN = re.compile(r"[0-9０-９][0-9０-９.,，．%％]*|[A-Za-z]+|\s+|.", re.DOTALL)


def _hunks(before: str, after: str) -> tuple[Hunk, ...]:
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    hunks = []
    for group in matcher.get_grouped_opcodes(0):
        parts: list[tuple[str, str]] = []
        first, last = group[0], group[-1]
        head = "".join(old[max(0, first[1] - CONTEXT) : first[1]])
        if head:
            parts.append(("same", ("…" if first[1] > CONTEXT else "") + head))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                if i2 > i1:
                    parts.append(("same", "".join(old[i1:i2])))
                continue
            if i2 > i1:
                parts.append(("removed", "".join(old[i1:i2])))
            if j2 > j1:
                parts.append(("added", "".join(new[j1:j2])))
        tail = "".join(old[last[2] : last[2] + CONTEXT])
        if tail:
            parts.append(("same", tail + ("…" if last[2] + CONTEXT < len(old) else "")))
        hunks.append(Hunk(tuple(parts)))
    return tuple(hunks)


def changes(old: PublicationVersion, new: PublicationVersion) -> list[FieldChange]:
    """The differences in the correctable fields between two versions (a pure read)."""
    found = []
    for name in CORRECTABLE:
        before, after = plain_text(getattr(old, name)), plain_text(getattr(new, name))
        if before == after and getattr(old, name) == getattr(new, name):
            continue
        hunks = _hunks(before, after) or (Hunk((("same", _("(only the formatting)")),)),)
        label = next(str(f.verbose_name) for f in PublicationVersion._meta.fields if f.name == name)
        found.append(FieldChange(name, label, hunks))
    return found
