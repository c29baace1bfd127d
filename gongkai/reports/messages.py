"""Messages this app adds to `gongkai.core.access` (its Perm entries), repeated here so that
their Chinese lives in this app's catalog: Django merges every app's translations, and the
core's catalog is not ours to edit. Keep the texts identical to those in `core/access.py`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PERMISSION_DENIED = (
    _("Only a clerk of this unit may write its annual report."),
    _("Only a reviewer of this unit may publish its annual report."),
    _(
        "Only the clerks, reviewers and leaders of this unit may record its review and "
        "litigation cases."
    ),
)
