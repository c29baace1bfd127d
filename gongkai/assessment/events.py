"""The audit events of this app (see `gongkai.core.events`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.events import declare

declare("assessment_scheme:created", _("default assessment scheme created"), "version")
declare(
    "assessment_scheme:versioned",
    _("assessment scheme saved as a new version"),
    "version",
    "previous",
    "full_score",
    "weights",
    "indicators",
)
declare("assessment:computed", _("assessment scores computed"), "year", "scheme", "as_of", "scores")
declare("assessment:published", _("assessment results published"), "year", "scheme")
declare(
    "assessment:recomputed",
    _("published assessment results recomputed"),
    "year",
    "reason",
    "scheme_before",
    "scheme_after",
    "scores_before",
    "scores_after",
)
declare(
    "assessment_incident:recorded",
    _("leak incident recorded (veto indicator)"),
    "kind",
    "occurred_on",
)
declare("rectification:issued", _("rectification order issued"), "indicator", "deadline", "record")
declare(
    "rectification:answered",
    _("rectification order answered"),
    "evidence_publication",
    "evidence_url",
)
declare("rectification:closed", _("rectification accepted and the order closed"))
declare(
    "rectification:returned",
    _("rectification sent back"),
    "deadline_before",
    "deadline_after",
    "remarks",
)
declare("rectification:escalated", _("overdue rectification order escalated"), "deadline")
declare("accountability:recorded", _("accountability recorded"), "decided_on", "order")
declare("accountability:viewed", _("accountability records read"), "records")
