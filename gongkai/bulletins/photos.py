"""The photo of a posted sheet: a JPEG or PNG judged from its content, with a size limit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image  # WeasyPrint's own dependency

from gongkai.publishing.uploads import extension, sniff

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
EXTENSIONS = {"jpg": ("jpg", "jpeg"), "png": ("png",)}
MIME_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def max_bytes() -> int:
    return int(getattr(settings, "GONGKAI_POSTING_PHOTO_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass
class CheckedPhoto:
    upload: UploadedFile
    kind: str
    sha256: str


def check_photo(upload: UploadedFile) -> CheckedPhoto:
    """The upload, checked; or a ValidationError that says what is wrong with it."""
    name = PurePath(upload.name or "").name[:200]
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; a photo may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    kind = sniff(upload) if upload.size else None
    if kind not in EXTENSIONS or not _decodes(upload):
        raise ValidationError(
            _("“%(name)s” is not a JPEG or PNG photo (judged from its content, not its name).")
            % {"name": name},
            code="type",
        )
    if extension(name) not in EXTENSIONS[kind]:
        raise ValidationError(
            _("“%(name)s” is named as a .%(claimed)s file but it is a %(actual)s photo.")
            % {"name": name, "claimed": extension(name) or "?", "actual": kind.upper()},
            code="type_mismatch",
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedPhoto(upload=upload, kind=kind, sha256=digest.hexdigest())


def _decodes(upload: UploadedFile) -> bool:
    """The image header and structure are sound (a renamed or truncated file is not)."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
    except Exception:  # Pillow raises many kinds for a broken file; all mean "not a photo"
        return False
    finally:
        upload.seek(0)
    return True
