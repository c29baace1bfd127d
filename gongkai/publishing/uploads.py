"""Attachments: the type is read from the content, never from the name; the size is capped.

Accepted: PDF, Word (DOC, DOCX), Excel (XLS, XLSX), PNG and JPEG images. A file whose name
says one type and whose content is another is refused, as is any other content.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

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
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        upload=upload, name=name, kind=kind, size=upload.size, sha256=digest.hexdigest()
    )


def mime_type(kind: str) -> str:
    return KINDS[kind][2]
