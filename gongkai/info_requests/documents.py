"""The notices an application sends, as official documents (公文) in Word and PDF.

The receipt (回执), the correction notice (补正告知书), the extension notice (延期答复告知书),
the fee notice (收费通知书) and the consultation letter to a third party (征求意见函) are
composed once as an `OfficialDocument`, then laid out on A4 after GB/T 9704-2012: the issuing
body (发文机关标志) in red with a red line under it, the 文号 of the unit's own numbering, the
title, the addressee (主送), the body, and the 落款 (the body's name and the date in Chinese
numerals) with the seal area over the date. The closing block is kept together with the
last lines of the body, so the seal never stands alone on a page.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import qrcode
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from gongkai.core import qr
from gongkai.core.pdf import from_html

from . import fees
from .clock import EventType
from .models import InfoRequest, InfoRequestEvent

RECEIPT = "receipt"
CORRECTION = "correction"
EXTENSION = "extension"
FEE = "fee"
CONSULTATION = "consultation"

# The step each notice is sent with (the receipt goes with the receipt of the application).
STEP_OF = {
    RECEIPT: EventType.RECEIVE,
    CORRECTION: EventType.CLARIFY,
    EXTENSION: EventType.EXTEND,
    FEE: EventType.FEE_NOTICE,
    CONSULTATION: EventType.CONSULT_START,
}
KINDS = tuple(STEP_OF)

# GB/T 9704-2012: A4, margins (top, right, bottom, left) in millimetres; body 3号 (16 pt)
# 仿宋, title 2号 (22 pt) 小标宋, 22 lines of 28 characters.
MARGINS_MM = (37, 26, 35, 28)
BODY_PT = 16
TITLE_PT = 22
ISSUER_PT = 26
RED = "C00000"
WORD_BODY_FONT = "仿宋_GB2312"
WORD_TITLE_FONT = "方正小标宋简体"
WORD_HEADING_FONT = "黑体"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1–31 as written in a date: 十, 十二, 二十三, 三十一."""
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGITS[units]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def chinese_date(day: dt.date) -> str:
    """二〇二六年三月二日: the date of the 落款 in Chinese numerals."""
    year = "".join(_DIGITS[int(c)] for c in str(day.year))
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def plain_date(day: dt.date | str | None) -> str:
    """2026年3月2日, for dates inside the body."""
    if not day:
        return ""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class OfficialDocument:
    kind: str
    issuer: str
    doc_no: str
    title: str
    addressee: str
    body: list[str]
    signatory: str
    date: dt.date
    code: str
    items: list[str] = field(default_factory=list)  # numbered points (what to correct …)
    qr_data: str = ""
    qr_caption: str = ""

    @property
    def date_text(self) -> str:
        return chinese_date(self.date)

    @property
    def filename(self) -> str:
        return f"{self.code}-{self.kind}"

    # The numbered points follow the body's first `items_after` paragraphs.
    items_after: int = 2

    @property
    def lead(self) -> list[str]:
        """The paragraphs before the numbered points (all but the last, without points)."""
        return self.body[: self.items_after] if self.items else self.body[:-1]

    @property
    def after_items(self) -> list[str]:
        """The paragraphs after the points, but the last (which stays with the closing)."""
        return self.body[self.items_after : -1] if self.items else []

    @property
    def last(self) -> str:
        return self.body[-1] if self.body else ""


class NotAvailable(LookupError):
    """The application has had no step that sends this notice."""


def _step(req: InfoRequest, kind: str) -> InfoRequestEvent:
    event = req.events.filter(type=STEP_OF[kind]).order_by("-date", "-id").first()
    if event is None:
        raise NotAvailable(kind)
    return event


def available(req: InfoRequest, events: list[InfoRequestEvent]) -> list[tuple[str, str]]:
    """(kind, title) of the notices this application has sent, in the order of its steps."""
    found = []
    types = {event.type for event in events}
    for kind in KINDS:
        if STEP_OF[kind] in types:
            found.append((kind, titles()[kind]))
    return found


def titles() -> dict[str, str]:
    """The title of each notice, translated when read."""
    return {
        RECEIPT: _("Receipt of an application for government information"),
        CORRECTION: _("Notice to correct an application for government information"),
        EXTENSION: _("Notice of the extension of the reply period"),
        FEE: _("Notice of the information processing fee"),
        CONSULTATION: _("Letter asking a third party's opinion on disclosure"),
    }


def _base(req: InfoRequest, kind: str, event: InfoRequestEvent, addressee: str) -> dict:
    return {
        "kind": kind,
        "issuer": req.unit.name,
        "doc_no": event.data.get("doc_no", ""),
        "title": titles()[kind],
        "addressee": addressee,
        "signatory": req.unit.name,
        "date": event.date,
        "code": req.tracking_code,
    }


def _applied(req: InfoRequest) -> str:
    return _(
        "Your application for government information received by this office on %(day)s "
        "(tracking code %(code)s), asking for: %(description)s."
    ) % {
        "day": plain_date(req.received_on),
        "code": req.tracking_code,
        "description": req.description.rstrip("。."),
    }


def receipt(req: InfoRequest) -> OfficialDocument:
    event = _step(req, RECEIPT)
    track = qr.absolute_url(reverse("info_requests_public:track") + f"?code={req.tracking_code}")
    body = [
        _(
            "This office received your application for government information on %(day)s "
            "(Regulations on the Disclosure of Government Information, Art. 31), asking for: "
            "%(description)s."
        )
        % {"day": plain_date(req.received_on), "description": req.description.rstrip("。.")},
        _(
            "Under Art. 33 of the Regulations this office will reply by %(due)s (within 20 "
            "working days of receipt); if the period has to be extended, you will be told in "
            "writing. Time asking you to correct the application, or consulting a third party, "
            "is not counted."
        )
        % {"due": plain_date(req.due_on)},
        _(
            "Your tracking code is %(code)s. Scan the QR code, or visit %(url)s, and enter the "
            "tracking code and the last four digits of your phone number to see how your "
            "application stands."
        )
        % {"code": req.tracking_code, "url": track},
    ]
    return OfficialDocument(
        **{**_base(req, RECEIPT, event, req.applicant_name), "doc_no": ""},
        body=body,
        qr_data=track,
        qr_caption=_("Tracking code: %(code)s") % {"code": req.tracking_code},
    )


def correction_notice(req: InfoRequest) -> OfficialDocument:
    event = _step(req, CORRECTION)
    items = [line.strip() for line in event.data.get("corrections", "").splitlines()]
    body = [
        _applied(req),
        _(
            "Having examined it, this office finds the application unclear. Under Art. 30 of "
            "the Regulations, please correct the following, all of it at once:"
        ),
    ]
    closing = [
        _(
            "Please send the corrected application by %(deadline)s. The reply period starts "
            "again on the day this office receives the corrected application. If you do not "
            "correct it by then without good reason, the application is taken as withdrawn "
            "and will not be processed further."
        )
        % {"deadline": plain_date(event.data.get("deadline"))},
        _(
            "You may answer online through the status link you received when applying, by "
            "post, or in person."
        ),
    ]
    return OfficialDocument(
        **_base(req, CORRECTION, event, req.applicant_name),
        body=[*body, *closing],
        items=[item for item in items if item],
    )


def extension_notice(req: InfoRequest) -> OfficialDocument:
    event = _step(req, EXTENSION)
    body = [
        _applied(req),
        _(
            "For this reason: %(reason)s, this office cannot reply within the statutory period. "
            "Under Art. 33(2) of the Regulations, with the approval of the head of the "
            "disclosure office (%(approver)s), the reply period is extended by %(days)s working "
            "days; this office will reply by %(due)s."
        )
        % {
            "reason": (event.data.get("reason") or "").rstrip("。.") or "—",
            "approver": event.data.get("approved_by", ""),
            "days": event.data.get("days", ""),
            "due": plain_date(event.due_after),
        },
    ]
    return OfficialDocument(**_base(req, EXTENSION, event, req.applicant_name), body=body)


def _standard(method: str) -> str:
    if method == fees.BY_PAGES:
        return _(
            "by the pages of one application: up to 30 pages free; pages 31 to 100 at 10 yuan a "
            "page; pages 101 to 200 at 20 yuan a page; from page 201, 40 yuan a page"
        )
    return _(
        "by the number of applications of one applicant in a calendar month: up to 10 free; "
        "the 11th to the 30th at 100 yuan each; from the 31st, 100 yuan more for each further "
        "band of 10"
    )


def fee_notice(req: InfoRequest) -> OfficialDocument:
    event = _step(req, FEE)
    method = event.data.get("method", fees.BY_COUNT)
    quantity = (
        _("%(n)s pages") % {"n": event.data.get("quantity")}
        if method == fees.BY_PAGES
        else _("your application no. %(n)s this month") % {"n": event.data.get("quantity")}
    )
    body = [
        _applied(req),
        _(
            "Under the Measures for the Administration of Information Processing Fees "
            "(国办函〔2020〕109号), your application is charged an information processing fee."
        ),
        _("Standard: %(standard)s. Charged for: %(quantity)s; amount due: %(amount)s yuan.")
        % {
            "standard": _standard(method),
            "quantity": quantity,
            "amount": event.data.get("amount", ""),
        },
        _(
            "Please pay by %(day)s (within 20 working days of this notice) at this office's "
            "government information disclosure office. If you do not pay by then, the "
            "application is taken as withdrawn and will not be processed further. The days from "
            "this notice to your payment are not counted in the reply period."
        )
        % {"day": plain_date(event.data.get("pay_by"))},
    ]
    return OfficialDocument(**_base(req, FEE, event, req.applicant_name), body=body)


def consultation_letter(req: InfoRequest) -> OfficialDocument:
    """To the third party: what is asked for, never who asked (the applicant's data stays)."""
    event = _step(req, CONSULTATION)
    body = [
        _(
            "On %(day)s this office received an application for the disclosure of the "
            "following government information: %(description)s. The information may harm your "
            "lawful rights and interests (trade secrets, personal privacy and the like)."
        )
        % {"day": plain_date(req.received_on), "description": req.description.rstrip("。.")},
        _(
            "Under Art. 32 of the Regulations, this office asks for your opinion in writing. "
            "Please answer in writing by %(deadline)s (within 15 working days of receiving this "
            "letter). If you object to the disclosure, give your reasons; if you give no "
            "opinion by then, this office decides under the Regulations."
        )
        % {"deadline": plain_date(event.data.get("third_party_deadline"))},
        _(
            "Where you object with good reasons, the information is not disclosed, unless this "
            "office finds that withholding it would seriously harm the public interest; it then "
            "discloses it and tells you in writing what is disclosed and why."
        ),
    ]
    return OfficialDocument(
        **_base(req, CONSULTATION, event, event.data.get("party", "")), body=body
    )


BUILDERS = {
    RECEIPT: receipt,
    CORRECTION: correction_notice,
    EXTENSION: extension_notice,
    FEE: fee_notice,
    CONSULTATION: consultation_letter,
}


def compose(req: InfoRequest, kind: str) -> OfficialDocument:
    if kind not in BUILDERS:
        raise NotAvailable(kind)
    return BUILDERS[kind](req)


def html(document: OfficialDocument) -> str:
    qr_svg = qr.svg(document.qr_data, size_mm=28) if document.qr_data else ""
    return render_to_string(
        "info_requests/official_document.html", {"doc": document, "qr_svg": qr_svg}
    )


def pdf(document: OfficialDocument) -> bytes:
    return from_html(html(document))


def docx(document: OfficialDocument) -> bytes:
    word = Document()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, right, bottom, left = MARGINS_MM
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)

    def add(
        text: str,
        *,
        size: float = BODY_PT,
        font: str = WORD_BODY_FONT,
        bold: bool = False,
        align=None,
        indent: bool = False,
        red: bool = False,
        keep: bool = False,
        right_chars: int = 0,
        before: float = 0,
        after: float = 0,
    ):
        paragraph = word.add_paragraph()
        layout = paragraph.paragraph_format
        layout.space_before, layout.space_after = Pt(before), Pt(after)
        # No extra space between Chinese and Latin text or digits: 28 characters a line.
        properties = paragraph._p.get_or_add_pPr()
        for name in ("w:autoSpaceDE", "w:autoSpaceDN"):
            element = OxmlElement(name)
            element.set(qn("w:val"), "0")
            properties.append(element)
        layout.line_spacing = Pt(28.9)  # 22 lines on the type area
        if align is not None:
            paragraph.alignment = align
        if indent:
            layout.first_line_indent = Pt(size * 2)
        if right_chars:
            layout.right_indent = Pt(BODY_PT * right_chars)
        # Kept with what follows: the last lines, the 落款 and the seal share one page.
        layout.keep_with_next = keep
        layout.keep_together = True
        run = paragraph.add_run(text)
        run.font.name = font
        run.font.size = Pt(size)
        run.bold = bold
        if red:
            run.font.color.rgb = RGBColor.from_string(RED)
        # East Asian text takes its font from w:eastAsia, not from the run's font name.
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        return paragraph

    def red_line(paragraph) -> None:
        borders = OxmlElement("w:pBdr")
        bottom_border = OxmlElement("w:bottom")
        for name, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "4")):
            bottom_border.set(qn(name), value)
        bottom_border.set(qn("w:color"), RED)
        borders.append(bottom_border)
        paragraph._p.get_or_add_pPr().append(borders)

    center, right_align = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    issuer = add(document.issuer, size=ISSUER_PT, font=WORD_TITLE_FONT, align=center, red=True)
    if document.doc_no:
        red_line(add(document.doc_no, align=center))
    else:
        red_line(issuer)
    add(document.title, size=TITLE_PT, font=WORD_TITLE_FONT, align=center, before=12, after=8)
    add(f"{document.addressee}：")
    for text in document.lead:
        add(text, indent=True)
    for number, item in enumerate(document.items, 1):
        add(f"{number}. {item}", indent=True)
    for text in document.after_items:
        add(text, indent=True)
    add(document.last, indent=True, keep=True, after=14)
    if document.qr_data:
        image = qrcode.make(document.qr_data)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        picture = word.add_paragraph()
        picture.paragraph_format.keep_with_next = True
        picture.add_run().add_picture(io.BytesIO(buffer.getvalue()), width=Mm(28))
        add(document.qr_caption, size=12, keep=True)
    add(document.signatory, align=right_align, keep=True, right_chars=4)
    add(document.date_text, align=right_align, right_chars=4)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
