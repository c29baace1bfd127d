"""The annual report as a publication in the unit's annual-report column (catalog item R01).

What the publication carries: the report's six sections and tables as its body, and the Word
and PDF exports as attachments, so the portal, the search, the feeds and the seal treat it
like every other disclosure.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from gongkai.catalog import actions as catalog_actions
from gongkai.catalog.models import CatalogItem
from gongkai.core.models import Unit, User
from gongkai.publishing.actions import Uploads

from . import exports, tables
from .models import AnnualReport

ITEM_KEY = "R01"


def item_for(unit: Unit, *, by: User) -> CatalogItem:
    """The county's annual-report item, adopted by the unit on its first report if need be."""
    item = (
        CatalogItem.objects.adoptable_by(unit)
        .filter(key=ITEM_KEY, owner__isnull=True, is_active=True)
        .first()
    )
    if item is None:
        raise ValidationError(
            _("The county's catalog has no annual-report item (R01) in use; ask the county.")
        )
    if not item.adoptions.filter(unit=unit).exists():
        catalog_actions.adopt(
            unit, item, by=None, note=_("Adopted when the unit published its annual report.")
        )
    return item


def content(report: AnnualReport, *, today: dt.date) -> dict:
    body = render_to_string(
        "reports/_document.html",
        {"report": report, "tables": tables.build(report), "marks": False, "in_column": True},
    )
    return {
        "title": report.title,
        "summary": _(
            "The %(year)s annual report on government information disclosure of %(unit)s, "
            "in the format of 国办公开办函〔2021〕30号."
        )
        % {"year": report.year, "unit": report.unit.name},
        "body": body,
        "topic": "general",
        "written_on": today,
        "period": f"{report.year}年度",
        "changed_on": today,
    }


def files(report: AnnualReport):
    return Uploads(
        attachments=[
            SimpleUploadedFile(
                f"{report.title}.docx", exports.docx(report), content_type=exports.DOCX_TYPE
            ),
            SimpleUploadedFile(
                f"{report.title}.pdf", exports.pdf(report), content_type="application/pdf"
            ),
        ],
        attachment_titles=[f"{report.title}（Word）", f"{report.title}（PDF）"],
    )
