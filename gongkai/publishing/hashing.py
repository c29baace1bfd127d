"""What a seal covers: the canonical form of a version, the public state of its publication,
and their hashes (pure reads)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from .models import (
    SERVICE_FIELDS,
    Attachment,
    Publication,
    PublicationVersion,
    Seal,
    Status,
)

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


def canonical(version: PublicationVersion) -> bytes:
    """The canonical form a seal covers: content fields, tables, the attachments' hashes."""
    content: dict[str, Any] = {
        name: "" if getattr(version, name) is None else str(getattr(version, name))
        for name in CONTENT_FIELDS
    }
    content["attachments"] = [[a.name, a.sha256] for a in version.attachments.all()]
    content["tables"] = [[t.caption, t.columns, t.rows] for t in version.tables.all()]
    # Set only on some versions, and added after the first seals: present only when set, so
    # every earlier seal still holds.
    if version.correction_note:
        content["correction_note"] = version.correction_note
    policy = version.interprets if version.interprets_id else None
    if policy is not None:
        content["interprets"] = policy.index_no
    content["index_no"] = version.publication.index_no
    content["number"] = version.number
    content["published_at"] = version.published_at.isoformat() if version.published_at else ""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def content_hash(version: PublicationVersion) -> str:
    return hashlib.sha256(canonical(version)).hexdigest()


def seal_hash(previous: str, number: int, content: str) -> str:
    """The seal hash of scheme 1: the content and the link only."""
    return hashlib.sha256(f"{previous}|{number}|{content}".encode()).hexdigest()


def entry_hash(previous: str, number: int, content: str, event: str, state: str) -> str:
    """The seal hash of scheme 2: also the event and the publication's public state."""
    text = f"{previous}|{number}|{content}|{event}|{state}"
    return hashlib.sha256(text.encode()).hexdigest()


def hash_of(seal: Seal) -> str:
    """What the seal hash of this entry must be, by its own scheme."""
    if seal.scheme == 1:
        return seal_hash(seal.previous, seal.number, seal.content_hash)
    return entry_hash(seal.previous, seal.number, seal.content_hash, seal.event, seal.state)


def _moment(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).isoformat() if value else ""


def public_state(publication: Publication) -> str:
    """The canonical public state a seal covers: who may read it, whether it is out, which
    version is current, and when and why it was withdrawn or taken down.

    An amendment being written is not a public change: the published version stays out."""
    state = {
        "audience": publication.audience,
        "status": Status.PUBLISHED if publication.status == Status.AMENDING else publication.status,
        "current": publication.current.number if publication.current else None,
        "withdrawn_at": _moment(publication.withdrawn_at),
        "withdrawal_reason": publication.withdrawal_reason or "",
        "taken_down_at": _moment(publication.taken_down_at),
        "take_down_reason": publication.take_down_reason or "",
    }
    return json.dumps(state, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _attachment_bytes(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as handle:
        return handle.read()
