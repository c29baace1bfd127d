"""HTML to PDF through WeasyPrint, for every printed thing the platform makes.

Templates name the font "Noto Sans CJK SC" (Debian's fonts-noto-cjk); WeasyPrint embeds the
subset it uses, so the Chinese text in the PDF is real, selectable text.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

FONT = "Noto Sans CJK SC"


def from_html(html: str) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango, which the web pages never need

    return HTML(string=html, base_url=settings.GONGKAI_SITE_URL).write_pdf()


def render(template_name: str, context: dict) -> bytes:
    return from_html(render_to_string(template_name, {"pdf_font": FONT, **context}))


def response(content: bytes, name: str) -> HttpResponse:
    """A PDF the browser shows (inline), saved under `name`."""
    answer = HttpResponse(content, content_type="application/pdf")
    answer["Content-Disposition"] = content_disposition_header(False, name) or ""
    answer["X-Content-Type-Options"] = "nosniff"
    return answer
