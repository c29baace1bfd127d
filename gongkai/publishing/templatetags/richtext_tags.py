"""The body as readers see it: each table in a box of its own that scrolls sideways on a phone,
a region the keyboard can reach and scroll (named after the table)."""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.I)


@register.filter
def table_boxes(body: str) -> SafeString:
    """The (already cleaned) body with every outermost table wrapped in a scrolling box."""
    out, depth, start, number = [], 0, 0, 0
    for tag in _TABLE_TAG.finditer(body or ""):
        closing = bool(tag.group(1))
        if not closing:
            if depth == 0:
                number += 1
                out.append(body[start : tag.start()])
                out.append(
                    format_html(
                        '<div class="table-scroll body-table" role="region" tabindex="0" '
                        'aria-label="{}">',
                        _("Table %(n)d of the text") % {"n": number},
                    )
                )
                start = tag.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out.append(body[start : tag.end()] + "</div>")
                start = tag.end()
    # An unclosed table (never after cleaning) still gets its box closed.
    out.append(body[start:] + ("</div>" if depth else ""))
    # The body was cleaned by nh3 when saved; only the boxes are added.
    return mark_safe("".join(out))
