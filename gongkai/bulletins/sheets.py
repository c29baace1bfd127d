"""Bulletin-board sheets (公开栏): one publication, or a batch, as a print-ready PDF.

Each sheet carries the publication's current published version as published (its body is
sanitised HTML, its tables as text cells), the 公开期限 the staff member chose, the
supervision phone in force, a QR code to the online version beside the version's content
hash (so a reader can check the paper against the web page and its seal), the index number
and the publication date, and for village matters the sign-off block of the village
supervision committee (村务监督委员会, 村民委员会组织法 Art. 32).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import translation

from gongkai.catalog.models import Group
from gongkai.core import pdf, qr
from gongkai.core.models import Unit, UnitKind
from gongkai.publishing.models import Publication, PublicationQuerySet, Seal, Status

SIZES = ("A4", "A3")
# Neither the Regulation nor the seed plan sets how long a sheet stays up, so the period is
# the staff member's choice; the form only suggests this many days from today.
SUGGESTED_DAYS = 30


def suggested_display_period(today: dt.date) -> tuple[dt.date, dt.date]:
    return today, today + dt.timedelta(days=SUGGESTED_DAYS)


def quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the calendar quarter `today` is in."""
    first_month = (today.month - 1) // 3 * 3 + 1
    start = dt.date(today.year, first_month, 1)
    if first_month == 10:
        end = dt.date(today.year, 12, 31)
    else:
        end = dt.date(today.year, first_month + 3, 1) - dt.timedelta(days=1)
    return start, end


def is_village_matter(publication: Publication) -> bool:
    """An item of the seed plan's list 二 (与村务公开相对应的公开内容)."""
    return publication.item.group == Group.VILLAGE


def batch(
    publications: PublicationQuerySet,
    *,
    unit: Unit,
    start: dt.date,
    end: dt.date,
    group: str = "",
    item_id: int | None = None,
) -> PublicationQuerySet:
    """What goes on `unit`'s board for publications (already scoped to the reader) in a range.

    A township or an office: its own publications. A village publishes nothing itself: the
    township publishes the village matters, so a village's board gets the township's (and
    its offices') village-related items and any other of their publications whose title
    names the village (e.g. 关于青山村部分集体土地征收补偿安置方案的公告).
    """
    found = publications.published().exclude(status=Status.WITHDRAWN)
    if unit.kind == UnitKind.VILLAGE:
        publishers = Unit.objects.subtree(unit.parent).exclude(kind=UnitKind.VILLAGE)
        found = found.filter(unit__in=publishers).filter(
            Q(item__group=Group.VILLAGE) | Q(current__title__contains=unit.short_name)
        )
    else:
        found = found.filter(unit=unit)
    found = found.filter(
        current__published_at__date__gte=start, current__published_at__date__lte=end
    )
    if group:
        found = found.filter(item__group=group)
    if item_id:
        found = found.filter(item_id=item_id)
    return found.select_related("unit", "item", "current").order_by("current__published_at", "pk")


@dataclass
class Sheet:
    publication: Publication
    url: str
    qr: str
    seal: Seal | None
    tables: list
    attachments: list
    supervision_phone: str
    signoff: bool

    @property
    def version(self):
        return self.publication.current

    @property
    def unit(self) -> Unit:
        return self.publication.unit


def sheet(publication: Publication, *, signoff_for_all: bool = False) -> Sheet:
    version = publication.current
    url = qr.absolute_url(publication.get_absolute_url())
    return Sheet(
        publication=publication,
        url=url,
        qr=qr.svg(url, size_mm=32),
        seal=Seal.objects.filter(version=version).first(),
        tables=list(version.tables.all()),
        attachments=list(version.attachments.all()),
        supervision_phone=publication.unit.supervision_phone_in_force(),
        signoff=signoff_for_all or is_village_matter(publication),
    )


def render(
    publications: Iterable[Publication],
    *,
    size: str = "A4",
    shown_from: dt.date | None = None,
    shown_to: dt.date | None = None,
    signoff_for_all: bool = False,
    board: Unit | None = None,
) -> bytes:
    """The PDF: one sheet per publication, each starting on a new page.

    Without dates the 公开期限 is left as lines to fill in by hand (the public download).
    Sheets are in Chinese whatever the reader's language: they go up on a Chinese board.
    """
    if size not in SIZES:
        raise ValueError(f"unknown paper size {size!r}")
    sheets = [sheet(p, signoff_for_all=signoff_for_all) for p in publications]
    with translation.override(settings.LANGUAGE_CODE):
        return pdf.render(
            "bulletins/sheet.html",
            {
                "sheets": sheets,
                "size": size,
                "shown_from": shown_from,
                "shown_to": shown_to,
                "board": board,
            },
        )


def filename(publications: list[Publication], size: str) -> str:
    if len(publications) == 1:
        return f"公开栏-{publications[0].index_no.replace('/', '_')}-{size}.pdf"
    return f"公开栏-{len(publications)}-{size}.pdf"
