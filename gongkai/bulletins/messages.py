"""The refusal for `Perm.RECORD_POSTINGS`, kept here so that its Chinese lives in this app's
catalog (the core's catalog is not ours to edit)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MAY_NOT_RECORD = _(
    "Only the clerks, reviewers and leaders of this unit or of its township may record its "
    "bulletin-board postings."
)
