"""What a seal covers: the canonical form of a version and its hashes (pure reads)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .models import (
    SERVICE_FIELDS,
    Attachment,
    PublicationVersion,
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
    return hashlib.sha256(f"{previous}|{number}|{content}".encode()).hexdigest()


def _attachment_bytes(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as handle:
        return handle.read()
