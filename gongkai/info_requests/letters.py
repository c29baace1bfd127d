"""The reply letter (告知书): one text, shown in the browser, and made into Word and PDF.

`compose` writes the letter's paragraphs once, in the current language; the HTML page, the
PDF (WeasyPrint, Noto Sans CJK SC embedded) and the Word file (python-docx) all lay out the
same paragraphs, so they cannot say different things.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.core.models import UnitKind
from gongkai.core.pdf import from_html

from . import outcomes
from .models import InfoRequest, InfoRequestEvent

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WORD_FONT = "宋体"
HEADING_FONT = "黑体"


@dataclass
class Letter:
    unit: str
    title: str
    reference: str
    salutation: str
    body: list[str] = field(default_factory=list)
    review_heading: str = ""
    review: list[str] = field(default_factory=list)
    date: str = ""


def review_notice(req: InfoRequest, outcome: outcomes.Outcome) -> list[str]:
    """The applicant's remedies: review within 60 days; for a refusal, review comes first."""
    # Administrative Review Law Art. 24: a township's acts are reviewed by the county
    # government; Administrative Litigation Law Art. 18: the court where the body sits.
    if req.unit.kind == UnitKind.COUNTY:
        body = _("the people's government at the next level up")
        court = _("the people's court with jurisdiction")
    else:
        body = req.unit.county.name
        place = req.unit.county.name.removesuffix("人民政府")
        court = _("%(place)s People's Court") % {"place": place}
    lines = [
        _(
            "If you disagree with this reply, you may apply for administrative review to "
            "%(body)s within 60 days of receiving it."
        )
        % {"body": body}
    ]
    if outcome.refusal:
        lines.append(
            _(
                "Because disclosure was refused, you must apply for administrative review first "
                "(Administrative Review Law, Art. 23); if you disagree with the review decision, "
                "you may bring an administrative lawsuit to %(court)s within 15 days of "
                "receiving it."
            )
            % {"court": court}
        )
    else:
        lines.append(
            _(
                "You may also bring an administrative lawsuit to %(court)s within six "
                "months of the day you learned of this reply."
            )
            % {"court": court}
        )
    return lines


def compose(req: InfoRequest, reply: InfoRequestEvent) -> Letter:
    outcome = outcomes.BY_KEY[reply.data["outcome"]]
    # The letter is dated the day it was signed off and sent; before that it is a draft.
    signed = (
        req.events.filter(type=InfoRequestEvent.Type.SIGN_OFF, id__gt=reply.id)
        .order_by("-id")
        .first()
    )
    title = _("Reply to an application for government information")
    letter = Letter(
        unit=req.unit.name,
        title=title if signed else _("Draft: %(title)s") % {"title": title},
        reference=_("No. %(code)s") % {"code": req.tracking_code},
        salutation=f"{req.applicant_name}：",
        date=(signed or reply).date.strftime("%Y-%m-%d"),
    )
    letter.body.append(
        _(
            "We received your application for government information on %(day)s, asking for: "
            "%(description)s."
        )
        % {
            "day": req.received_on.strftime("%Y-%m-%d"),
            "description": req.description.rstrip("。."),
        }
    )
    letter.body.append(
        _(
            "Our reply: %(row)s (Regulations on the Disclosure of Government Information, "
            "%(article)s)."
        )
        % {"row": outcome.plain, "article": outcome.article}
    )
    if reply.data.get("already_public"):
        letter.body.append(
            _(
                "The information you asked for has already been made public. "
                "You can obtain it: %(where)s."
            )
            % {"where": reply.data.get("where", "").rstrip("。.")}
        )
    elif reply.data.get("where"):
        letter.body.append(_("Where and how to obtain it") + "：" + reply.data["where"])
    if reply.data.get("reasons"):
        letter.body.append(reply.data["reasons"])
    if reply.data.get("responsible_body"):
        letter.body.append(
            _("The body responsible for this information is %(body)s; you may apply to it.")
            % {"body": reply.data["responsible_body"]}
        )
    if reply.data.get("legal_basis"):
        letter.body.append(_("Legal basis") + "：" + reply.data["legal_basis"])
    if reply.data.get("released"):
        letter.body.append(_("Files released") + "：" + "、".join(reply.data["released"]))
    if outcome.key != outcomes.DISCLOSED_KEY:
        letter.review_heading = _("Your right to administrative review and litigation")
        letter.review = review_notice(req, outcome)
    return letter


def html(letter: Letter, *, standalone: bool = True) -> str:
    return render_to_string(
        "info_requests/letter_body.html", {"letter": letter, "standalone": standalone}
    )


def pdf(letter: Letter) -> bytes:
    return from_html(html(letter))


def docx(letter: Letter) -> bytes:
    document = Document()

    def add(
        text: str,
        *,
        size: float = 14,
        bold: bool = False,
        font: str = WORD_FONT,
        align=None,
        indent: bool = False,
    ) -> None:
        paragraph = document.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(size * 2)
        run = paragraph.add_run(text)
        run.font.name = font
        run.font.size = Pt(size)
        run.bold = bold
        # East Asian text takes its font from w:eastAsia, not from the run's font name.
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)

    add(letter.unit, size=18, bold=True, font=HEADING_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
    add(letter.title, size=18, bold=True, font=HEADING_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
    add(letter.reference, size=12, align=WD_ALIGN_PARAGRAPH.RIGHT)
    add(letter.salutation)
    for text in letter.body:
        add(text, indent=True)
    if letter.review:
        add(letter.review_heading, bold=True, font=HEADING_FONT)
        for text in letter.review:
            add(text, indent=True)
    add(letter.unit, align=WD_ALIGN_PARAGRAPH.RIGHT)
    add(letter.date, align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
