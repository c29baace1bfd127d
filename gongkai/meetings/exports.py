"""The sign-up list as a spreadsheet: every cell written as text, never as a formula."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from gongkai.core import cells

from .models import Meeting, Signup


def signups_xlsx(meeting: Meeting, rows: list[Signup]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Sign-ups")[:31]
    sheet.append([cells.text_cell(meeting.title)])
    when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
    sheet.append([cells.text_cell(f"{when} {meeting.place}")])
    sheet.append(
        cells.xlsx_row(
            [_("No."), pgettext("person", "Name"), _("Telephone"), _("E-mail"), _("Signed up at")]
        )
    )
    for number, signup in enumerate(rows, start=1):
        sheet.append(
            [
                number,
                cells.text_cell(signup.name),
                cells.text_cell(signup.phone),
                cells.text_cell(signup.email),
                timezone.localtime(signup.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    for column, width in zip("ABCDE", (6, 14, 16, 28, 18), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
