"""Attachments: the type is read from the content, never from the name; the size is capped.

Accepted: PDF, Word (DOC, DOCX), Excel (XLS, XLSX), PNG and JPEG images. A file whose name
says one type and whose content is another is refused, as is any other content.

Before anything parses a file, its shape is bounded (``check_shape``): a Word or Excel file (a
zip archive) by its uncompressed size, its number of entries and the number of XML elements
in its main parts; a PDF by its number of pages. A small hostile file (ten kilobytes holding a
million empty paragraphs) is refused in a fraction of a second instead of keeping a worker, and
every other writer, waiting while a parser walks it.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
DEFAULT_MAX_ENTRIES = 2000
DEFAULT_MAX_ELEMENTS = 200_000
DEFAULT_MAX_PARAGRAPHS = 20_000
DEFAULT_MAX_PDF_PAGES = 2000
# The parts of a Word or Excel file a parser walks element by element.
MAIN_PARTS = re.compile(
    r"^(word/(document|footnotes|endnotes|comments|header\d*|footer\d*)\.xml"
    r"|xl/(sharedStrings|workbook)\.xml|xl/worksheets/[^/]+\.xml)$"
)

# kind → (extensions that name it, label, MIME type)
KINDS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "pdf": (("pdf",), "PDF", "application/pdf"),
    "doc": (("doc",), "Word", "application/msword"),
    "docx": (
        ("docx",),
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xls": (("xls",), "Excel", "application/vnd.ms-excel"),
    "xlsx": (
        ("xlsx",),
        "Excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "png": (("png",), "PNG", "image/png"),
    "jpg": (("jpg", "jpeg"), "JPEG", "image/jpeg"),
}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def max_bytes() -> int:
    return int(getattr(settings, "GONGKAI_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _count(data: bytes) -> tuple[int, int]:
    # Every element starts with "<" followed by a name; end tags, declarations, comments and
    # processing instructions start with "</", "<!" or "<?". Word's paragraphs and table rows
    # are <w:p> and <w:tr>, which python-docx turns into objects one by one (slowly).
    elements = data.count(b"<") - data.count(b"</") - data.count(b"<!") - data.count(b"<?")
    paragraphs = sum(data.count(tag) for tag in (b"<w:p>", b"<w:p ", b"<w:p/", b"<w:tr"))
    return elements, paragraphs


def _elements(stream, max_elements: int, max_paragraphs: int) -> tuple[int, int]:
    """How many XML elements, and Word paragraphs and table rows, the stream holds, counted
    without parsing; stops as soon as either is past its limit."""
    elements = paragraphs = 0
    tail = b""
    while chunk := stream.read(1024 * 1024):
        data = tail + chunk
        now, before = _count(data), _count(tail)
        elements += now[0] - before[0]
        paragraphs += now[1] - before[1]
        if elements > max_elements or paragraphs > max_paragraphs:
            break
        tail = data[-5:]
    return elements, paragraphs


def check_shape(upload: UploadedFile, kind: str, name: str = "") -> None:
    """Refuse a Word, Excel or PDF file too big inside to parse safely, before parsing it.

    Limits (settings, with defaults): GONGKAI_UPLOAD_MAX_UNCOMPRESSED_BYTES,
    GONGKAI_UPLOAD_MAX_ENTRIES, GONGKAI_UPLOAD_MAX_ELEMENTS and GONGKAI_UPLOAD_MAX_PARAGRAPHS
    (Word paragraphs and table rows; both per main XML part) and GONGKAI_UPLOAD_MAX_PDF_PAGES.
    """
    name = name or PurePath(upload.name or "").name[:200]
    upload.seek(0)
    try:
        if kind in ("docx", "xlsx"):
            _check_archive(upload, name)
        elif kind == "pdf":
            _check_pdf(upload, name)
    finally:
        upload.seek(0)


def _check_archive(upload: UploadedFile, name: str) -> None:
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError(
            _("“%(name)s” cannot be read; is it damaged?") % {"name": name}, code="damaged"
        ) from error
    with archive:
        entries = archive.infolist()
        max_entries = _limit("GONGKAI_UPLOAD_MAX_ENTRIES", DEFAULT_MAX_ENTRIES)
        if len(entries) > max_entries:
            raise ValidationError(
                _(
                    "“%(name)s” holds %(count)d parts; a Word or Excel file may hold at most "
                    "%(limit)d. Save it again from Word or Excel, or split it."
                )
                % {"name": name, "count": len(entries), "limit": max_entries},
                code="too_many_entries",
            )
        total = sum(entry.file_size for entry in entries)
        max_total = _limit("GONGKAI_UPLOAD_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES)
        if total > max_total:
            raise ValidationError(
                _(
                    "“%(name)s” unpacks to %(size)s; a Word or Excel file may unpack to at most "
                    "%(limit)s. Split it, or attach it as a PDF."
                )
                % {
                    "name": name,
                    "size": filesizeformat(total),
                    "limit": filesizeformat(max_total),
                },
                code="too_big_inside",
            )
        max_elements = _limit("GONGKAI_UPLOAD_MAX_ELEMENTS", DEFAULT_MAX_ELEMENTS)
        max_paragraphs = _limit("GONGKAI_UPLOAD_MAX_PARAGRAPHS", DEFAULT_MAX_PARAGRAPHS)
        for entry in entries:
            if not MAIN_PARTS.match(entry.filename):
                continue
            try:
                with archive.open(entry) as stream:
                    count, paragraphs = _elements(stream, max_elements, max_paragraphs)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
                raise ValidationError(
                    _("“%(name)s” cannot be read; is it damaged?") % {"name": name},
                    code="damaged",
                ) from error
            if count > max_elements:
                raise ValidationError(
                    _(
                        "“%(name)s” holds more than %(limit)d elements in one part (paragraphs, "
                        "runs, cells); it is too large to check. Split it, or attach it as a PDF."
                    )
                    % {"name": name, "limit": max_elements},
                    code="too_many_elements",
                )
            if paragraphs > max_paragraphs:
                raise ValidationError(
                    _(
                        "“%(name)s” holds more than %(limit)d paragraphs and table rows; it is "
                        "too large to check. Split it, or attach it as a PDF."
                    )
                    % {"name": name, "limit": max_paragraphs},
                    code="too_many_paragraphs",
                )


def _check_pdf(upload: UploadedFile, name: str) -> None:
    from pypdf import PdfReader  # here: pypdf is not loaded when a worker starts
    from pypdf.errors import PyPdfError

    max_pages = _limit("GONGKAI_UPLOAD_MAX_PDF_PAGES", DEFAULT_MAX_PDF_PAGES)
    try:
        pages = len(PdfReader(io.BytesIO(upload.read())).pages)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, RecursionError):
        return  # an unreadable PDF is kept, and screening asks a person to check it
    if pages > max_pages:
        raise ValidationError(
            _("“%(name)s” has %(count)d pages; a PDF attachment may have at most %(limit)d.")
            % {"name": name, "count": pages, "limit": max_pages},
            code="too_many_pages",
        )


def sniff(upload: UploadedFile) -> str | None:
    """The kind of file the content is, or None for anything we do not accept."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
        return None
    if head.startswith(OLE2):
        # Both Word and Excel 97–2003 are OLE2 containers; the stream names tell them apart.
        upload.seek(0)
        data = upload.read(1024 * 1024)
        upload.seek(0)
        if "WordDocument".encode("utf-16-le") in data:
            return "doc"
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            return "xls"
    return None


def extension(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


@dataclass
class CheckedFile:
    upload: UploadedFile
    name: str
    kind: str
    size: int
    sha256: str


def check_attachments(uploads: Iterable[UploadedFile]) -> list[CheckedFile]:
    """Every upload checked; one ValidationError saying what is wrong with each refused one."""
    checked, problems = [], []
    for upload in uploads:
        try:
            checked.append(check_attachment(upload))
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError(problems)
    return checked


def check_attachment(upload: UploadedFile) -> CheckedFile:
    """The upload, checked; or a ValidationError that says what is wrong with it."""
    name = PurePath(upload.name or "").name[:200]
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; attachments may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    kind = sniff(upload)
    claimed = extension(name)
    if kind is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, Word, Excel, PNG or JPEG file (judged from its content, "
                "not its name)."
            )
            % {"name": name},
            code="type",
        )
    if claimed not in KINDS[kind][0]:
        raise ValidationError(
            _("“%(name)s” is named as a .%(claimed)s file but its content is %(actual)s.")
            % {"name": name, "claimed": claimed or "?", "actual": KINDS[kind][1]},
            code="type_mismatch",
        )
    check_shape(upload, kind, name)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        upload=upload, name=name, kind=kind, size=upload.size, sha256=digest.hexdigest()
    )


def mime_type(kind: str) -> str:
    return KINDS[kind][2]


PICTURE_KINDS = ("png", "jpg")
DEFAULT_MAX_PICTURE_BYTES = 5 * 1024 * 1024


def check_picture(upload: UploadedFile) -> CheckedFile:
    """A picture for the body: an attachment (checked as every attachment is) that is a PNG or
    JPEG image of at most GONGKAI_PICTURE_MAX_BYTES (5 MB unless set)."""
    checked = check_attachment(upload)
    if checked.kind not in PICTURE_KINDS:
        raise ValidationError(
            _("“%(name)s” is not a picture: only PNG and JPEG images go into the text.")
            % {"name": checked.name},
            code="not_picture",
        )
    limit = _limit("GONGKAI_PICTURE_MAX_BYTES", DEFAULT_MAX_PICTURE_BYTES)
    if checked.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; a picture in the text may be at most %(limit)s.")
            % {
                "name": checked.name,
                "size": filesizeformat(checked.size),
                "limit": filesizeformat(limit),
            },
            code="picture_too_big",
        )
    return checked
