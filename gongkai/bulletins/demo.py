"""Demo postings: sheets of the demo townships' publications on the township's and the
villages' bulletin boards, some still up and one taken down, recorded through the actions
by the people who put them up. Running it again adds nothing."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from gongkai.core.models import Membership, Role, Unit, UnitKind, User
from gongkai.publishing.models import Publication

from . import actions
from .models import Posting

# (township, board: "" for the township or a village's short name, place, posted on,
#  title fragments of the publications carried, taken down on, with a photo)
POSTINGS = [
    (
        "青山镇",
        "",
        "青山镇人民政府大院政务公开栏",
        dt.date(2026, 1, 20),
        ["2026年财政预算公开"],
        dt.date(2026, 3, 2),
        False,
    ),
    (
        "青山镇",
        "青山村",
        "青山村村委会公开栏",
        dt.date(2026, 3, 25),
        ["第一批农村宅基地审批结果公示"],
        None,
        True,
    ),
    (
        "青山镇",
        "青山村",
        "青山村村委会公开栏",
        dt.date(2026, 5, 20),
        ["关于青山村部分集体土地征收补偿安置方案的公告"],
        None,
        False,
    ),
    (
        "白水乡",
        "",
        "白水乡便民服务中心公开栏",
        dt.date(2026, 4, 8),
        ["第一季度城乡低保对象名单公示"],
        None,
        False,
    ),
]


def _member(unit: Unit, role: str) -> User | None:
    found = Membership.objects.filter(unit=unit, role=role).select_related("user").first()
    return found.user if found else None


def _photo() -> SimpleUploadedFile:
    """A small picture of a board with a sheet on it."""
    image = Image.new("RGB", (480, 320), (176, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 40, 456, 300), fill=(245, 245, 240))
    draw.rectangle((150, 70, 330, 280), fill=(255, 255, 255), outline=(60, 60, 60))
    for y in range(90, 260, 14):
        draw.line((165, y, 315, y), fill=(120, 120, 120), width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("公开栏.png", buffer.getvalue(), content_type="image/png")


@transaction.atomic
def load() -> dict[str, int]:
    created = 0
    for short, board, place, posted_on, titles, down_on, photo in POSTINGS:
        township = Unit.objects.filter(kind=UnitKind.TOWNSHIP, short_name=short).first()
        if township is None:
            continue
        unit = (
            township.children.filter(kind=UnitKind.VILLAGE, short_name=board).first()
            if board
            else township
        )
        if unit is None or Posting.objects.filter(unit=unit, place=place, posted_on=posted_on):
            continue
        by = (_member(unit, Role.CLERK) if board else None) or _member(township, Role.CLERK)
        versions = []
        for fragment in titles:
            publication = (
                Publication.objects.published()
                .filter(unit=township, current__title__contains=fragment)
                .select_related("current")
                .first()
            )
            if publication is not None:
                versions.append(publication.current)
        if by is None or len(versions) != len(titles):
            continue
        posting = actions.record_posting(
            unit=unit,
            versions=versions,
            place=place,
            posted_on=posted_on,
            photo=_photo() if photo else None,
            by=by,
            today=max(posted_on, down_on or posted_on),
        )
        if down_on is not None:
            actions.record_taken_down(posting, on=down_on, by=by, today=down_on)
        created += 1
    return {"postings": created} if created else {}
