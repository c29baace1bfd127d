"""Every change to a publication: one function each, permission-checked, audited, atomic.

Uploads are read and checked before anything is written, so a bad file leaves nothing behind.
Views, management commands and the demo loader all come through here. By concern:

- `drafting`: create a publication, edit its draft, attachments and tables;
- `screening`: privacy findings, masking, keeping one with a legal reason;
- `review`: submit, return, approve, the decision and congress records;
- `publishing`: publish now or on schedule, withdraw, take down;
- `corrections`: 勘误, a typo fix checked by one reviewer, or sent down the full review;
- `seals`: the county's hash chain (content and public state).

Reads that change nothing (whether the seals hold) are `gongkai.publishing.reads`; they are
named here too, as before.
"""

from __future__ import annotations

from ..hashing import (
    CONTENT_FIELDS,
    _attachment_bytes,
    canonical,
    content_hash,
    seal_hash,
)
from ..reads import (
    SealCheck,
    _attachments_intact,
    check_version,
    verify,
    verify_chain,
)
from ._shared import (
    PUBLISH_WITHIN_WORKING_DAYS,
    AlreadyDone,
    AlreadyPublished,
    _check_author,
    _draft_of,
    _locked,
    _not_author,
    _refusals_audited,
    review_of,
)
from .corrections import (
    changes,
    correction_draft,
    publish_correction,
    submit_correction,
    treat_as_amendment,
)
from .drafting import (
    Uploads,
    _attach,
    _content,
    _draft_part_for_edit,
    _ensure_editable,
    _new_draft_from,
    add_picture,
    create,
    discard_amendment,
    edit,
    remove_attachment,
    remove_table,
)
from .publishing import (
    next_serial,
    publish,
    publish_scheduled,
    take_down,
    withdraw,
)
from .review import (
    _record_check,
    approval_problems,
    approve,
    deadline,
    problems,
    record_congress_approval,
    record_decision,
    return_draft,
    submit,
)
from .screening import (
    _forget_file,
    _mask_in_attachment,
    _mask_in_text,
    _mask_text,
    _redaction_refused,
    _screen,
    _settle,
    mask,
    mask_pattern,
    override,
    screen,
)
from .seals import (
    _seal,
    _seal_state,
)

__all__ = [
    "CONTENT_FIELDS",
    "PUBLISH_WITHIN_WORKING_DAYS",
    "AlreadyDone",
    "AlreadyPublished",
    "SealCheck",
    "Uploads",
    "_attach",
    "_attachment_bytes",
    "_attachments_intact",
    "_check_author",
    "_content",
    "_draft_of",
    "_draft_part_for_edit",
    "_ensure_editable",
    "_forget_file",
    "_locked",
    "_mask_in_attachment",
    "_mask_in_text",
    "_mask_text",
    "_new_draft_from",
    "_not_author",
    "_record_check",
    "_redaction_refused",
    "_refusals_audited",
    "_screen",
    "_seal",
    "_seal_state",
    "_settle",
    "add_picture",
    "approval_problems",
    "approve",
    "canonical",
    "changes",
    "check_version",
    "content_hash",
    "correction_draft",
    "create",
    "deadline",
    "discard_amendment",
    "edit",
    "mask",
    "mask_pattern",
    "next_serial",
    "override",
    "problems",
    "publish",
    "publish_correction",
    "publish_scheduled",
    "record_congress_approval",
    "record_decision",
    "remove_attachment",
    "remove_table",
    "return_draft",
    "review_of",
    "screen",
    "seal_hash",
    "submit",
    "submit_correction",
    "take_down",
    "treat_as_amendment",
    "verify",
    "verify_chain",
    "withdraw",
]
