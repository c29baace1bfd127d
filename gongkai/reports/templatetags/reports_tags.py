from __future__ import annotations

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.filter
def paragraphs(text: str) -> str:
    """Each non-empty line of a section as its own paragraph, as the report is printed."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return format_html_join("\n", "<p>{}</p>", ((line,) for line in lines))
