"""The publication body: rich text from the clerk, reduced to a safe subset of HTML with nh3.

Pictures are attachments of the draft: an ``<img>`` is kept only when its ``src`` is one of our
picture addresses (``publishing_public:picture``), never a data: URL or another site's file.
"""

from __future__ import annotations

import html
import re
from functools import cache

import nh3
from django.urls import reverse

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "span",
    "sub",
    "sup",
    "hr",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "img": {"src", "alt"},
}
_TAG = re.compile(r"<[a-zA-Z/!]")
# nh3 writes every kept attribute as name="value": an <img> left without a src is dropped.
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=\")[^>]*>")
_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')
_ALT = re.compile(r'\salt="([^"]*)"')
_INLINE_PICTURE = re.compile(r"<img[^>]*\ssrc\s*=\s*[\"']?\s*data:", re.I)


@cache
def _picture_address() -> re.Pattern[str]:
    example = reverse("publishing_public:picture", kwargs={"part": 0})
    prefix = re.escape(example[: example.rindex("0")])
    return re.compile(prefix + r"[1-9]\d{0,11}/$")


def picture_url(part: int) -> str:
    """Where a picture attachment is shown in the body (to staff while a draft, then to all)."""
    return reverse("publishing_public:picture", kwargs={"part": part})


def is_picture_url(src: str) -> bool:
    return bool(_picture_address().match(src or ""))


def picture_titles(body: str) -> dict[int, str]:
    """The pictures a cleaned body shows, by attachment: {attachment pk: its alt text}."""
    found: dict[int, str] = {}
    for tag in _IMG.findall(body or ""):
        src, alt = _SRC.search(tag), _ALT.search(tag)
        if src and is_picture_url(html.unescape(src.group(1))):
            part = int(src.group(1).rstrip("/").rsplit("/", 1)[1])
            found[part] = " ".join(html.unescape(alt.group(1) if alt else "").split())[:200]
    return found


def repoint_pictures(body: str, moved: dict[int, int]) -> str:
    """The body with each picture shown from its copy: {old attachment pk: new pk}."""

    def repoint(tag: re.Match[str]) -> str:
        src = _SRC.search(tag.group(0))
        if not src or not is_picture_url(html.unescape(src.group(1))):
            return tag.group(0)
        part = int(src.group(1).rstrip("/").rsplit("/", 1)[1])
        if part not in moved:
            return tag.group(0)
        start, end = src.span(1)
        return tag.group(0)[:start] + picture_url(moved[part]) + tag.group(0)[end:]

    return _IMG.sub(repoint, body or "")


def has_inline_picture(text: str) -> bool:
    """Whether the HTML carries a picture inside itself (a data: URL), as a paste may."""
    return bool(_INLINE_PICTURE.search(text or ""))


def _attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "img" and name == "src":
        return value if is_picture_url(value) else None
    return value


def clean_html(text: str) -> str:
    """Safe HTML for the body. Text without any tag is taken as paragraphs separated by lines."""
    text = (text or "").strip()
    if not text:
        return ""
    if not _TAG.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\r\n\s*\r\n|\n", text) if p.strip()]
        text = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    cleaned = nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_attribute,
    )
    return _IMG_WITHOUT_SRC.sub("", cleaned).strip()
