"""The rules a publication's content must meet: when saving a draft, and before publishing.

Pure functions: no queries of their own beyond the objects passed in, and `today` comes in.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongkai.catalog.models import Approval, CatalogItem
from gongkai.core import periods
from gongkai.core.models import DOCUMENT_AUDIENCES, Audience

from .models import SERVICE_FIELDS, PublicationVersion, Validity

# 文号: issuing organ's abbreviation, the year in 〔〕 and the number, e.g. 青政发〔2026〕3号.
_DOC_NO = re.compile(r"^([\u4e00-\u9fffA-Za-z]{1,20})〔(\d{4})〕(\d{1,5})号$")
_BRACKETS = str.maketrans(
    {
        "[": "〔",
        "]": "〕",
        "［": "〔",
        "］": "〕",
        "(": "〔",
        ")": "〕",
        "（": "〔",
        "）": "〕",
        "【": "〔",
        "】": "〕",
        "{": "〔",
        "}": "〕",
    }
)


def normalise_doc_no(value: str) -> str:
    """The 文号 in its standard shape (〔〕 around the year), or a ValidationError."""
    value = re.sub(r"\s+", "", value or "")
    if not value:
        return ""
    value = value.translate(_BRACKETS)
    match = _DOC_NO.match(value)
    if not match:
        raise ValidationError(
            _(
                "A document number has the issuing organ's abbreviation, the year in 〔〕 and "
                "a number, e.g. 青政发〔2026〕3号."
            ),
            code="doc_no",
        )
    organ, year, number = match.groups()
    return f"{organ}〔{year}〕{int(number)}号"


def check_content(
    content: dict[str, Any], *, item: CatalogItem, audience: str, today: dt.date
) -> dict:
    """Check and normalise the fields of a draft; raise a ValidationError naming each field."""
    errors: dict[str, list[str]] = {}
    if audience not in dict(DOCUMENT_AUDIENCES):
        errors["audience"] = [
            _("The audience must be one of: %(values)s.")
            % {"values": ", ".join(dict(DOCUMENT_AUDIENCES))}
        ]
    cleaned = dict(content)
    try:
        cleaned["doc_no"] = normalise_doc_no(content.get("doc_no", ""))
    except ValidationError as error:
        errors["doc_no"] = error.messages
    written_on = content.get("written_on")
    if written_on and written_on > today:
        errors["written_on"] = [
            _("The date written cannot be after the date of publication (today at the earliest).")
        ]
    year = re.search(r"〔(\d{4})〕", cleaned["doc_no"]) if "doc_no" not in errors else None
    if year and written_on and int(year.group(1)) != written_on.year:
        errors["doc_no"] = [_("The year in the document number is not the year it was written.")]
    validity = content.get("validity") or Validity.VALID
    changed_on = content.get("validity_changed_on")
    if validity != Validity.VALID:
        if not changed_on:
            errors["validity_changed_on"] = [_("Give the date it was repealed or expired.")]
        elif changed_on > today:
            errors["validity_changed_on"] = [_("This date cannot be in the future.")]
        elif written_on and changed_on < written_on:
            errors["validity_changed_on"] = [_("This date cannot be before the date written.")]
    else:
        cleaned["validity_changed_on"] = None
    if (content.get("period") or "").strip():
        # One validator of periods: a code (2026-H1) or its label (2026年上半年), kept as the
        # label. A regular item must name a period; others may name a batch (2026年第一批).
        try:
            cleaned["period"] = periods.from_text(content["period"]).label
        except ValidationError as error:
            if item.is_periodic:
                errors["period"] = error.messages
    if item.is_internal and audience != Audience.INTERNAL:
        errors["audience"] = [_("This catalog item is disclosed to the unit's own staff only.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def publish_problems(
    version: PublicationVersion, *, item: CatalogItem, has_content: bool, today: dt.date
) -> list[str]:
    """What still stops this version from being published; empty when it may be."""
    problems = []
    if not version.title.strip():
        problems.append(_("The title is empty."))
    if not version.summary.strip():
        problems.append(_("The summary is empty."))
    if not version.topic:
        problems.append(_("Choose a subject classification."))
    if not has_content:
        problems.append(_("There is no body text, attachment or table."))
    if version.written_on is None:
        problems.append(_("The date written is missing."))
    elif version.written_on > today:
        problems.append(_("The date written is after today."))
    if item.is_periodic and not version.period.strip():
        problems.append(_("This item is disclosed regularly: name the period it covers."))
    if item.service_guide:
        empty = [
            str(PublicationVersion._meta.get_field(name).verbose_name)
            for name in SERVICE_FIELDS
            if not getattr(version, name).strip()
        ]
        if empty:
            problems.append(
                _(
                    "A service guide needs all six elements, the time limit and the supervision "
                    "method; empty: %(list)s."
                )
                % {"list": "、".join(empty)}
            )
    if version.number > 1 and not version.change_reason.strip():
        problems.append(_("Give the reason for this change; it is shown with the version list."))
    if not item.is_active:
        problems.append(_("The catalog item has been retired."))
    return problems


def approval_problems(
    *, item: CatalogItem, has_decision: bool, has_congress_approval: bool
) -> list[str]:
    """The record the catalog item's approval kind needs before publishing, if missing."""
    if item.approval == Approval.COLLECTIVE and not has_decision:
        return [
            _(
                "This item needs a collective decision of the party committee and government: "
                "a leader records the meeting (name, date, minutes number, attendees, outcome)."
            )
        ]
    if item.approval == Approval.CONGRESS and not has_congress_approval:
        return [
            _(
                "This item needs the approval of the township people's congress: a leader "
                "records the session, its date and the resolution."
            )
        ]
    return []
