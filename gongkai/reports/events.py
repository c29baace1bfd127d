"""The audit events of this app (see `gongkai.core.events`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.events import declare

declare("annual_report:opened", _("annual report opened"), "year")
declare("annual_report:values_saved", _("annual report figures saved"), "changed")
declare("annual_report:text_saved", _("annual report text saved"), "sections")
declare("annual_report:refreshed", _("annual report recounted"), "changed")
declare("annual_report:restored", _("counted figures restored"), "cells")
declare("annual_report:published", _("annual report published"), "year", "similar")
declare("report_deadline:set", _("report deadline set"), "year", "before", "after")
declare("review_case:recorded", _("review or court case recorded"), "kind")
declare("review_case:updated", _("review or court case updated"), "before", "after")
