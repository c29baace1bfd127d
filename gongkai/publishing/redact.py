"""Remove one piece of personal information from a Word, Excel or PDF file.

Pure functions over bytes: the caller stores the result as a new file. The text is taken
out of the file itself, not covered up: a PDF is redacted (the characters are gone from the
content stream), a Word or Excel file is rewritten, document metadata included. After the
rewrite the file is read again as the privacy screening reads it, and every XML part of a
Word or Excel file is searched once more; if the value is still there, the rewrite is
refused (`CannotRedact`) rather than reported as done.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from xml.sax.saxutils import escape

import docx
import pymupdf
from docx.opc.part import XmlPart
from lxml import etree
from openpyxl import load_workbook

from .privacy import Unreadable, attachment_text


class CannotRedact(Exception):
    """The value could not be found in the file, or could not be taken out of it all."""

    NOT_FOUND = "not_found"
    LEFT_OVER = "left_over"
    UNSUPPORTED = "unsupported"

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def redact(kind: str, data: bytes, value: str, replacement: str) -> bytes:
    """The file with every occurrence of `value` replaced by `replacement` ("" removes it)."""
    if not value:
        raise ValueError("nothing to redact")
    if kind == "docx":
        result = _docx(data, value, replacement)
    elif kind == "xlsx":
        result = _xlsx(data, value, replacement)
    elif kind == "pdf":
        result = _pdf(data, value, replacement)
    else:
        raise CannotRedact(CannotRedact.UNSUPPORTED, kind)
    _ensure_gone(kind, result, value)
    return result


def _ensure_gone(kind: str, data: bytes, value: str) -> None:
    try:
        parts = attachment_text(kind, data)
    except Unreadable:
        parts = []  # no text left at all (a PDF whose only text was the value)
    for where, text in parts:
        if value in text:
            raise CannotRedact(CannotRedact.LEFT_OVER, where)
    if kind == "pdf":
        with pymupdf.open(stream=data, filetype="pdf") as document:
            for page in document:
                if value in page.get_text():
                    raise CannotRedact(CannotRedact.LEFT_OVER, str(page.number + 1))
    else:
        escaped = escape(value, {'"': "&quot;", "'": "&apos;"})
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if not name.endswith((".xml", ".rels")):
                    continue
                text = archive.read(name).decode("utf-8", "replace")
                if value in text or escaped in text:
                    raise CannotRedact(CannotRedact.LEFT_OVER, name)


# Word ----------------------------------------------------------------------------------------


def _docx(data: bytes, value: str, replacement: str) -> bytes:
    document = docx.Document(io.BytesIO(data))
    found = 0
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart):
            found += _redact_xml(part.element, value, replacement)
        elif part.content_type.endswith("xml") and value.encode() in part.blob:
            # Parts python-docx keeps as bytes (footnotes, endnotes, extended properties).
            root = etree.fromstring(part.blob)
            if _redact_xml(root, value, replacement):
                found += 1
                part._blob = etree.tostring(
                    root, xml_declaration=True, encoding="UTF-8", standalone=True
                )
        for rel in part.rels.values():
            if rel.is_external and value in rel.target_ref:  # a mailto: link, say
                rel._target = rel.target_ref.replace(value, replacement)
                found += 1
    return _saved(document, found)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _redact_xml(root, value: str, replacement: str) -> int:
    """Replace `value` in one XML part; a paragraph's text may be split over several runs."""
    found = 0
    paragraphs: dict = {}
    for t in root.iter(f"{_W}t"):
        paragraph = next(t.iterancestors(f"{_W}p"), None)
        paragraphs.setdefault(paragraph, []).append(t)
    for texts in paragraphs.values():
        found += _redact_runs(texts, value, replacement)
    # Whatever else carries text: field codes (a HYPERLINK "mailto:…"), tracked deletions,
    # alternative text of pictures, the document properties (author, title, company …).
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and value in element.text:
            element.text = element.text.replace(value, replacement)
            found += 1
        if element.tail and value in element.tail:
            element.tail = element.tail.replace(value, replacement)
            found += 1
        for name, attribute in element.attrib.items():
            if value in attribute:
                element.set(name, attribute.replace(value, replacement))
                found += 1
    return found


def _redact_runs(texts: list, value: str, replacement: str) -> int:
    """The masked text goes into the first run touched (keeping its formatting); the others
    lose the part of the value they held."""
    found = 0
    cursor = 0
    while True:
        whole = "".join(t.text or "" for t in texts)
        start = whole.find(value, cursor)
        if start < 0:
            return found
        end = start + len(value)
        offset = 0
        first = True
        for t in texts:
            text = t.text or ""
            t_start, t_end = offset, offset + len(text)
            offset = t_end
            if t_end <= start or t_start >= end or not text:
                continue
            before = text[: max(0, start - t_start)]
            after = text[end - t_start :] if end < t_end else ""
            t.text = before + (replacement if first else "") + after
            t.set(_SPACE, "preserve")
            first = False
        found += 1
        cursor = start + len(replacement)


def _saved(document, found: int) -> bytes:
    """The rewritten Word or Excel file; refused when there was nothing to rewrite."""
    if not found:
        raise CannotRedact(CannotRedact.NOT_FOUND)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# Excel ---------------------------------------------------------------------------------------


def _xlsx(data: bytes, value: str, replacement: str) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    found = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                found += _redact_cell(cell, value, replacement)
        for header in _headers_footers(sheet):
            if header.text and value in header.text:
                header.text = header.text.replace(value, replacement)
                found += 1
    properties = workbook.properties
    for name in ("creator", "lastModifiedBy", "title", "subject", "description", "keywords"):
        text = getattr(properties, name, None)
        if isinstance(text, str) and value in text:
            setattr(properties, name, text.replace(value, replacement))
            found += 1
    return _saved(workbook, found)


def _redact_cell(cell, value: str, replacement: str) -> int:
    found = 0
    current = cell.value
    if isinstance(current, bool):
        pass
    elif isinstance(current, str) and value in current:
        new = current.replace(value, replacement)
        # A formula left with nothing after "=" is no formula: empty the cell instead.
        cell.value = None if new.strip() in ("", "=") else new
        found += 1
    elif isinstance(current, int | float) and value in str(current):
        # A phone or card number typed as a number: it becomes text (or nothing).
        new = str(current).replace(value, replacement)
        cell.value = new if new.strip() else None
        found += 1
    comment = cell.comment
    if comment is not None and value in (comment.text or ""):
        comment.text = comment.text.replace(value, replacement)
        found += 1
    if cell.hyperlink is not None and value in (cell.hyperlink.target or ""):
        cell.hyperlink.target = cell.hyperlink.target.replace(value, replacement)
        found += 1
    return found


def _headers_footers(sheet) -> Iterator:
    for header in (
        sheet.oddHeader,
        sheet.oddFooter,
        sheet.evenHeader,
        sheet.evenFooter,
        sheet.firstHeader,
        sheet.firstFooter,
    ):
        yield from (header.left, header.center, header.right)


# PDF -----------------------------------------------------------------------------------------


def _pdf(data: bytes, value: str, replacement: str) -> bytes:
    document = pymupdf.open(stream=data, filetype="pdf")
    found = 0
    for page in document:
        rects = page.search_for(value)
        for rect in rects:
            if replacement:
                page.add_redact_annot(
                    rect,
                    text=replacement,
                    fontname="helv" if replacement.isascii() else "china-s",
                    fill=(1, 1, 1),
                    text_color=(0, 0, 0),
                )
            else:
                page.add_redact_annot(rect, fill=(0, 0, 0))
        # A link to "mailto:…" keeps the address even after its visible text is gone.
        for link in page.get_links():
            if value in (link.get("uri") or ""):
                page.delete_link(link)
        if rects:
            page.apply_redactions()
            found += len(rects)
    if not found:
        raise CannotRedact(CannotRedact.NOT_FOUND)
    metadata = document.metadata or {}
    cleaned = {
        key: text.replace(value, replacement)
        for key, text in metadata.items()
        if isinstance(text, str) and value in text
    }
    if cleaned:
        document.set_metadata({**metadata, **cleaned})
    if value in (document.get_xml_metadata() or ""):
        document.del_xml_metadata()
    return document.tobytes(garbage=4, deflate=True)
