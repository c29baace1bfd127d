"""The printed service guide (办事指南) with its process chart (流程图), and the desk card (台卡).

Both are made from a service matter's current published version, through `core.pdf`, and
carry a QR code back to the publication page and the version's seal, so a reader can check
the paper against what was published.

The guide must fit one A4 page: it is printed in the largest type size of `LEVELS` that fits
(each is tried in turn, largest first); content too long even for the smallest is printed in
full on more pages, numbered, rather than cut. The desk card likewise, from `CARD_LEVELS`,
with the responsibility shortened at the last size.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pymupdf
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from gongkai.core import pdf, qr
from gongkai.publishing.models import SERVICE_FIELDS, Publication

from . import procedure

# The official headings of the six elements (六要素) and the two the seed plan adds.
HEADINGS = {
    "basis": pgettext_lazy("service guide", "Basis"),
    "duty": pgettext_lazy("service guide", "Responsibility"),
    "conditions": pgettext_lazy("service guide", "Conditions"),
    "procedure": pgettext_lazy("service guide", "Procedure"),
    "discipline": pgettext_lazy("service guide", "Discipline"),
    "result": pgettext_lazy("service guide", "Result"),
    "time_limit": pgettext_lazy("service guide", "Time limit"),
    "supervision": pgettext_lazy("service guide", "Supervision"),
}
assert tuple(HEADINGS) == SERVICE_FIELDS

# Body type sizes in points, largest first: 小四 (12pt) for a short guide, down through 五号
# (10.5pt) to 8pt, still legible at arm's length, for a long one.
LEVELS = (12, 11, 10.5, 10, 9.5, 9, 8.5, 8)
# The desk card is read from across the counter: larger type, and fewer steps down.
CARD_LEVELS = (15, 13.5, 12, 11)
# A responsibility longer than this is shortened on the card, if the card would not fit
# otherwise (the guide has it in full).
CARD_DUTY_CHARS = 90
# Steps up to this many characters run in a row in the process chart; longer ones stand in a
# column, where a box may take the width of the page.
ROW_STEP_CHARS = 20
SEAL_CHARS = 16
CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Element:
    name: str
    heading: str
    text: str


def seal(content_hash: str) -> str:
    """The first characters of the version's SHA-256, in groups of four: short to read out."""
    head = content_hash[:SEAL_CHARS]
    return " ".join(head[i : i + 4] for i in range(0, len(head), 4))


def context(publication: Publication) -> dict:
    """What the guide and the card show, from the current published version."""
    version = publication.current
    unit = publication.unit
    township = unit.township
    url = qr.absolute_url(publication.get_absolute_url())
    number = publication.index_no.split("/", 1)[1]
    steps = procedure.split(version.procedure)
    verify = reverse(
        "publishing_public:verify", kwargs={"org_code": unit.org_code, "number": number}
    )
    return {
        "publication": publication,
        "version": version,
        "unit": unit,
        "township": township if township is not None and township.pk != unit.pk else None,
        "elements": [
            Element(name, str(HEADINGS[name]), getattr(version, name).strip())
            for name in SERVICE_FIELDS
        ],
        "procedure": steps,
        "chart_layout": (
            "row" if all(len(step) <= ROW_STEP_CHARS for step in steps.steps) else "column"
        ),
        "url": url,
        "qr": qr.svg(url, size_mm=26),
        "verify_url": qr.absolute_url(verify),
        "seal": seal(version.content_hash),
        "supervision_phone": unit.supervision_phone_in_force(),
    }


def page_count(document: bytes) -> int:
    with pymupdf.open(stream=document, filetype="pdf") as opened:
        return opened.page_count


def _fit(template: str, values: dict, levels: tuple[float, ...], **last) -> bytes:
    """The PDF at the first type size whose page count is one; `last` adds to the last try.

    The same first HTML always ends in the same PDF, so the result is kept (per process)
    under its hash: a guide is made once per version and contact details, not per download.
    """

    def html(position: int) -> str:
        final = {**last} if position == len(levels) - 1 else {}
        return render_to_string(
            template, {"pdf_font": pdf.FONT, **values, "size": levels[position], **final}
        )

    first = html(0)
    key = "guides:pdf:" + hashlib.sha256(f"{levels}|{first}".encode()).hexdigest()
    document = cache.get(key)
    if document is not None:
        return document
    for position in range(len(levels)):
        document = pdf.from_html(first if position == 0 else html(position))
        if page_count(document) == 1:
            break
    cache.set(key, document, CACHE_SECONDS)
    return document


def guide_pdf(publication: Publication) -> bytes:
    """The one-page A4 service guide with its process chart."""
    return _fit("guides/guide.pdf.html", context(publication), LEVELS, numbered=True)


def shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def card_pdf(publication: Publication) -> bytes:
    """The desk card: an A4 sheet folded into a tent, the same face on both sides."""
    values = context(publication)
    duty = values["version"].duty.strip()
    faces = [(side, values["qr"]) for side in ("upper", "lower")]
    return _fit(
        "guides/card.pdf.html",
        {**values, "faces": faces, "duty": duty},
        CARD_LEVELS,
        duty=shortened(duty, CARD_DUTY_CHARS),
    )
