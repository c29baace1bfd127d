"""Privacy screening (个人信息筛查): personal information in a draft, and where it is.

The detectors are written for Chinese text: no word boundaries (`\\b` never separates two
Chinese characters, so 申请人张三的身份证号… would slip through); a number is delimited by
"no digit (or letter) on either side" instead. Numbers are checked as well as matched: an
18-digit ID by its date of birth (a wrong check character is still a finding), a bank card by Luhn.

Fields screened (LAW.md): resident ID numbers (18 and 15 digits), mobile and landline phone
numbers, bank card numbers, email addresses, house numbers of home addresses, dates of
birth, medical records, disability types, marriage status, family relations, pregnancy and
family-planning measures. Property is not screened: budgets and subsidy lists must show
amounts.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

KINDS = {
    "id18": gettext_lazy("resident ID number"),
    "id15": gettext_lazy("old 15-digit ID number"),
    "mobile": gettext_lazy("mobile phone number"),
    "landline": gettext_lazy("landline phone number"),
    "bank_card": gettext_lazy("bank card number"),
    "email": gettext_lazy("email address"),
    "house_no": gettext_lazy("house number of an address"),
    "birth_date": gettext_lazy("date of birth"),
    "medical": gettext_lazy("medical information"),
    "disability": gettext_lazy("disability type"),
    "marriage": gettext_lazy("marriage status"),
    "family": gettext_lazy("family relation"),
    "pregnancy": gettext_lazy("pregnancy or family-planning measure"),
    "unreadable": gettext_lazy(
        "check by hand: a file whose text could not be read (an image, a scan, an old .doc or "
        ".xls file, or a damaged file)"
    ),
}


class Unreadable(Exception):
    """The file's text cannot be read here: a person must look at it before it is published."""


_ND = r"(?<![0-9A-Za-z])"  # no digit or Latin letter before
_NA = r"(?![0-9A-Za-z])"  # ... or after
_DATE8 = r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_DATE6 = r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_CN_NUM = "0-9〇零一二三四五六七八九十百"

_ID18 = re.compile(_ND + r"[1-9]\d{5}" + _DATE8 + r"\d{3}[0-9Xx]" + _NA)
_ID15 = re.compile(_ND + r"[1-9]\d{5}" + _DATE6 + r"\d{3}" + _NA)
_MOBILE = re.compile(_ND + r"(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}" + _NA)
_LANDLINE = re.compile(_ND + r"(?:0\d{2,3}-|[（(]0\d{2,3}[)）]\s?)[2-9]\d{6,7}(?:-\d{1,5})?" + _NA)
_CARD = re.compile(_ND + r"[1-9]\d{3}(?:[ -]?\d{4}){2}[ -]?\d{4}(?:[ -]?\d{1,3})?" + _NA)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_HOUSE = re.compile(
    rf"(?<=[村组路街巷弄区栋幢苑里])[{_CN_NUM}]+(?:-[0-9]+)?号(?:[0-9]+(?:-[0-9]+)?室)?"
)
_BIRTH = re.compile(
    r"(?:(?<=出生日期)|(?<=出生年月)|(?<=出生年月日)|(?<=生日))[：:\s]*"
    r"(\d{4}\s*[年.\-/]\s*\d{1,2}(?:\s*[月.\-/]\s*\d{1,2}\s*日?|\s*月)?)"
    r"|(\d{4}年\d{1,2}月(?:\d{1,2}日)?)(?=出生|生人)"
)
_AFTER_LABEL = r"[：:\s]*([^，。；;,、\s<]{1,20})"
_MEDICAL = re.compile(r"(?:诊断为|诊断结果|患有|病历|病史|病情)" + _AFTER_LABEL)
_DISABILITY = re.compile(
    r"(?:[一二三四1-4]级)?(?:视力|听力|言语|肢体|智力|精神|多重)残疾(?:[一二三四1-4]级)?"
)
# A bare status word, but not a document or procedure a service guide names (离婚证, 再婚登记).
_MARRIAGE = re.compile(
    r"婚姻状况" + _AFTER_LABEL + r"|(?:离异|丧偶|未婚|已婚|再婚|离婚)(?![证登手协判调])"
)
# 家庭成员 as a field label ("家庭成员：王某（妻）"); in a sentence ("家庭成员人均收入低于…",
# a service guide's conditions) it names no one.
_FAMILY = re.compile(
    r"(?:与户主关系|家庭关系)" + _AFTER_LABEL + r"|家庭成员[：:]\s*([^，。；;,、\s<]{1,20})"
)
_PREGNANCY = re.compile(r"(?:怀孕|孕\d+周|妊娠|结扎|上环|取环|引产|流产|计划外生育)")

# A landline after one of these labels is an office's public number, not a person's.
_OFFICE_PHONE = re.compile(r"(?:监督|咨询|举报|投诉|办公|值班|服务|受理)(?:电话|热线)[：:\s]*$")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id18_valid(number: str) -> bool:
    """The check character of a resident ID number (GB 11643), and a real date of birth."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != number[17].upper():
        return False
    return _real_date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id18_plausible(number: str) -> bool:
    """An 18-character resident ID with a real date of birth, whatever its check character.

    A wrong check character is most often a typing error in someone's real number, so it is
    screened all the same.
    """
    if len(number) != 18 or not number[:17].isdigit():
        return False
    if not (number[17].isdigit() or number[17] in "Xx"):
        return False
    year = int(number[6:10])
    return 1900 <= year <= 2099 and _real_date(year, int(number[10:12]), int(number[12:14]))


def id15_valid(number: str) -> bool:
    return _real_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def luhn_valid(number: str) -> bool:
    digits = [int(d) for d in number]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


@dataclass(frozen=True)
class Hit:
    kind: str
    value: str
    start: int
    end: int


def _matches(pattern: re.Pattern, text: str) -> Iterator[tuple[str, int, int]]:
    for match in pattern.finditer(text):
        groups = [i for i in range(1, (pattern.groups or 0) + 1) if match.group(i)]
        index = groups[0] if groups else 0
        yield match.group(index), match.start(index), match.end(index)


def scan(text: str, public: frozenset[str] = frozenset()) -> list[Hit]:
    """Every piece of personal information in `text`, in order, without overlaps.

    `public` holds the unit's own published contact numbers and addresses (`contact_key` of
    each, see `unit_contacts`): they are never findings. Text already masked (it holds a
    `*`) is not found again.
    """
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, value: str, start: int, end: int) -> None:
        if any(start < b and a < end for a, b in taken):
            return
        if "*" in value or "＊" in value:
            return
        if public and kind in _CONTACT_KINDS and contact_key(value) in public:
            return
        taken.append((start, end))
        hits.append(Hit(kind, value, start, end))

    for value, start, end in _matches(_ID18, text):
        if id18_valid(value) or id18_plausible(value):
            add("id18", value, start, end)
    for value, start, end in _matches(_CARD, text):
        digits = re.sub(r"[ -]", "", value)
        if 16 <= len(digits) <= 19 and luhn_valid(digits):
            add("bank_card", value, start, end)
    for value, start, end in _matches(_ID15, text):
        if id15_valid(value):
            add("id15", value, start, end)
    simple = (
        ("email", _EMAIL),
        ("mobile", _MOBILE),
        ("landline", _LANDLINE),
        ("house_no", _HOUSE),
        ("birth_date", _BIRTH),
        ("medical", _MEDICAL),
        ("disability", _DISABILITY),
        ("marriage", _MARRIAGE),
        ("family", _FAMILY),
        ("pregnancy", _PREGNANCY),
    )
    for kind, pattern in simple:
        for value, start, end in _matches(pattern, text):
            if kind == "landline" and _OFFICE_PHONE.search(text[max(0, start - 8) : start]):
                continue
            add(kind, value, start, end)
    return sorted(hits, key=lambda hit: hit.start)


_CONTACT_KINDS = {"mobile", "landline", "email"}


def contact_key(value: str) -> str:
    """A phone number by its digits (without the +86 prefix), an address in lower case."""
    if "@" in value:
        return value.strip().lower()
    digits = re.sub(r"\D", "", value)
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits


def unit_contacts(unit) -> frozenset[str]:
    """The unit's own published contact numbers and email (its disclosure guide's phone, fax,
    email and the supervision phone in force): never personal information in its drafts."""
    texts = [unit.phone, unit.fax, unit.email, unit.supervision_phone_in_force()]
    keys = set()
    for text in texts:
        for hit in scan(text or ""):
            if hit.kind in _CONTACT_KINDS:
                keys.add(contact_key(hit.value))
        # Numbers written without an area code or in another shape still count as the unit's.
        for run in re.findall(r"\d[\d\- ()（）]{5,}\d", text or ""):
            keys.add(contact_key(run))
    return frozenset(key for key in keys if key)


# Masking that keeps the shape: a reader still sees that a number was there and which kind.
_KEEP = {  # kind → (digits kept at the start, digits kept at the end)
    "mobile": (3, 4),
    "id18": (4, 4),
    "id15": (4, 4),
    "bank_card": (4, 4),
}
_STRUCTURE = set("年月日号室栋幢单元层-－/.：:（）()、，, ")
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,6}$")


def mask_digits(value: str, keep_start: int, keep_end: int) -> str:
    """Every digit (and the X of an ID) hidden but the first and last few; separators kept."""
    positions = [i for i, c in enumerate(value) if c.isdigit() or c in "Xx"]
    hidden = set(
        positions[keep_start : len(positions) - keep_end] if keep_end else positions[keep_start:]
    )
    return "".join("*" if i in hidden else c for i, c in enumerate(value))


def mask_name(name: str) -> str:
    """A person's name with its middle hidden: 张*明, 王*, 欧**明."""
    name = name.strip()
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask(kind: str, value: str) -> str:
    """What replaces a finding when it is masked: the value with its shape kept
    (138****1234, 4301**********1234, 0731-****1234, z***@example.com, 张*明)."""
    if kind in _KEEP:
        start, end = _KEEP[kind]
        digits = re.sub(r"\D", "", value)
        if kind == "mobile" and len(digits) == 13 and digits.startswith("86"):
            start += 2  # the +86 prefix stays with the first three digits
        return mask_digits(value, start, end)
    if kind == "landline":
        area = re.match(r"^\D*0\d{2,3}", value)
        return mask_digits(value, len(re.sub(r"\D", "", area.group(0))) if area else 0, 4)
    if kind == "email":
        local, _at, domain = value.partition("@")
        return local[:1] + "*" * max(len(local) - 1, 1) + "@" + domain
    if kind in ("house_no", "birth_date"):
        return "".join(c if c in _STRUCTURE else "*" for c in value)
    if kind == "family" and _HAN_NAME.match(value):
        return mask_name(value)
    return "".join(c if c in _STRUCTURE else "*" for c in value)


def html_text(html: str) -> str:
    """The text of rich-text HTML, one block per line."""
    html = re.sub(r"(?i)<br\s*/?>|</(?:p|div|li|tr|h[1-6]|td|th)>", "\n", html or "")
    return strip_tags(html).replace("&nbsp;", " ")


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    number = 0
    for line in text.splitlines():
        if line.strip():
            number += 1
            yield number, line


def attachment_text(kind: str, data: bytes) -> list[tuple[str, str]]:
    """The text of a PDF, Word or Excel file as (where, text) pairs.

    Raises Unreadable (or the parser's own error) for a file whose text cannot be read here:
    images, old .doc and .xls files, a PDF without any text (a scan), a damaged file. The
    screening turns that into a finding a person must check by hand.
    """
    if kind == "pdf":
        from pypdf import PdfReader  # here: pypdf is not loaded when a worker starts

        reader = PdfReader(io.BytesIO(data))
        parts = [
            (_("page %(n)d") % {"n": n}, page.extract_text() or "")
            for n, page in enumerate(reader.pages, 1)
        ]
        if not any(text.strip() for _where, text in parts):
            raise Unreadable("a PDF without a text layer")
        return parts
    if kind == "docx":
        document = docx.Document(io.BytesIO(data))
        parts = [
            (_("paragraph %(n)d") % {"n": n}, p.text) for n, p in enumerate(document.paragraphs, 1)
        ]
        for t, table in enumerate(document.tables, 1):
            for r, row in enumerate(table.rows, 1):
                parts.append(
                    (
                        _("table %(t)d, row %(r)d") % {"t": t, "r": r},
                        " | ".join(cell.text for cell in row.cells),
                    )
                )
        return parts
    if kind == "xlsx":
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        parts = []
        for sheet in workbook.worksheets:
            for r, row in enumerate(sheet.iter_rows(values_only=True), 1):
                for c, cell in enumerate(row, 1):
                    if cell is not None and str(cell).strip():
                        parts.append(
                            (
                                _("sheet “%(s)s”, row %(r)d, column %(c)d")
                                % {"s": sheet.title, "r": r, "c": c},
                                str(cell),
                            )
                        )
        workbook.close()
        return parts
    raise Unreadable(f"no text reader for {kind} files")


def check_texts(
    fields: list[tuple[str, str, str]], public: frozenset[str] = frozenset()
) -> list[dict[str, object]]:
    """The findings in a draft being written, one per piece of information, in order.

    `fields` holds (name, label, text) of each field; the body ("body") is HTML and is
    screened paragraph by paragraph. Each finding names where it is and what masking it
    writes instead, so the clerk sees it beside the text and masks it with one click.
    """
    found: dict[tuple[str, str], dict[str, object]] = {}
    for name, label, text in fields:
        if name == "body":
            lines = [
                (_("body, paragraph %(n)d") % {"n": n}, line)
                for n, line in paragraphs(html_text(text))
            ]
        else:
            lines = [(str(label), text or "")]
        for where, line in lines:
            for hit in scan(line, public):
                entry = found.setdefault(
                    (hit.kind, hit.value),
                    {
                        "kind": hit.kind,
                        "label": str(KINDS[hit.kind]),
                        "value": hit.value,
                        "masked": mask(hit.kind, hit.value),
                        "places": [],
                    },
                )
                places = entry["places"]
                assert isinstance(places, list)
                if where not in places:
                    places.append(where)
    return list(found.values())
