"""QR codes for printed sheets: a reader's phone goes from the paper back to the web page.

SVG, so WeasyPrint draws it as vectors (sharp at any print size) and no image file is kept.
"""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe


def absolute_url(path: str) -> str:
    """The public address of a path on this site (GONGKAI_SITE_URL), for paper and e-mail."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.GONGKAI_SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def svg(data: str, *, size_mm: float = 30) -> SafeString:
    """An inline <svg> element encoding `data`, `size_mm` wide, error correction M."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    text = image.to_string(encoding="unicode")
    # The factory sizes in its own millimetres; print wants a fixed size.
    text = re.sub(
        r'^<svg width="[^"]*" height="[^"]*"',
        f'<svg width="{size_mm}mm" height="{size_mm}mm"',
        text,
    )
    # The factory names every path id="qr-path"; a page with several codes needs no id at all.
    text = text.replace(' id="qr-path"', "")
    return mark_safe(text)  # our own generated SVG, no outside text in it but the data
