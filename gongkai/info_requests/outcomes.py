"""The reply outcomes (Regulation Art. 36/37) and where each is counted in the annual report.

This is the one place that maps a reply to a data row of table 3 of the annual report
(国办公开办函〔2021〕30号, kept as `gongkai/reports/format_2021.json`), and an applicant type
to its column. The labels are the official ones, character for character: the annual report
counts replies by `Outcome.row`, and a test checks every row against the format.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

RESULTS = "三、本年度办理结果"
NOT_DISCLOSED = "（三）不予公开"
CANNOT_PROVIDE = "（四）无法提供"
NOT_PROCESSED = "（五）不予处理"
OTHER = "（六）其他处理"


class ApplicantType(models.TextChoices):
    """The applicant columns of table 3: 自然人, then 法人或其他组织 in five kinds."""

    NATURAL_PERSON = "natural_person", _("natural person")
    COMMERCIAL_ENTERPRISE = "commercial_enterprise", _("commercial enterprise")
    RESEARCH_INSTITUTION = "research_institution", _("research institution")
    SOCIAL_WELFARE_ORG = "social_welfare_org", _("social welfare organisation")
    LEGAL_SERVICE_ORG = "legal_service_org", _("legal service organisation")
    OTHER_ORG = "other_org", _("other organisation")


# Table 3's column for each applicant type (the group heading, if any, and the column label).
APPLICANT_COLUMNS: dict[str, tuple[str | None, str]] = {
    ApplicantType.NATURAL_PERSON: (None, "自然人"),
    ApplicantType.COMMERCIAL_ENTERPRISE: ("法人或其他组织", "商业企业"),
    ApplicantType.RESEARCH_INSTITUTION: ("法人或其他组织", "科研机构"),
    ApplicantType.SOCIAL_WELFARE_ORG: ("法人或其他组织", "社会公益组织"),
    ApplicantType.LEGAL_SERVICE_ORG: ("法人或其他组织", "法律服务机构"),
    ApplicantType.OTHER_ORG: ("法人或其他组织", "其他"),
}


@dataclass(frozen=True)
class Outcome:
    key: str
    group: str | None  # the numbered group row of table 3 (（三）不予公开 …), None for (一)/(二)
    row: str  # the data row, exactly as in the official table
    label: str  # the row's words without numbering or parenthesised note (the API's `outcome`)
    article: str  # the Regulation article the reply rests on
    withheld: bool = False  # information is withheld: filed with the superior (seed plan, 备案)
    refusal: bool = False  # disclosure refused in whole or part: review comes before litigation

    @property
    def plain(self) -> str:
        """How a letter names it, without the numbering: 不予公开（属于国家秘密）."""
        if self.group:
            return f"{self.group[3:]}（{self.label}）"
        return self.label

    @property
    def report_path(self) -> tuple[str, ...]:
        """The row's place in table 3, from the section heading down."""
        return (RESULTS, self.group, self.row) if self.group else (RESULTS, self.row)


# The keys the code names: disclosing outcomes, and the one that closes for an unpaid fee.
DISCLOSED_KEY = "disclosed"
PARTLY_DISCLOSED_KEY = "partly_disclosed"
FEE_UNPAID_KEY = "fee_unpaid"

OUTCOMES: tuple[Outcome, ...] = (
    Outcome(DISCLOSED_KEY, None, "（一）予以公开", "予以公开", "第三十六条第（一）（二）项"),
    Outcome(
        PARTLY_DISCLOSED_KEY,
        None,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "部分公开",
        "第三十七条",
        withheld=True,
        refusal=True,
    ),
    *(
        Outcome(key, NOT_DISCLOSED, row, row[2:], article, withheld=True, refusal=True)
        for key, row, article in (
            ("state_secret", "1.属于国家秘密", "第十四条"),
            ("prohibited_by_law", "2.其他法律行政法规禁止公开", "第十四条"),
            ("three_securities", "3.危及“三安全一稳定”", "第十四条"),
            ("third_party_rights", "4.保护第三方合法权益", "第十五条"),
            ("internal_affairs", "5.属于三类内部事务信息", "第十六条第一款"),
            ("process_information", "6.属于四类过程性信息", "第十六条第二款"),
            ("enforcement_file", "7.属于行政执法案卷", "第十六条第二款"),
            ("administrative_query", "8.属于行政查询事项", "第三十六条第（七）项"),
        )
    ),
    *(
        Outcome(key, CANNOT_PROVIDE, row, row[2:], article)
        for key, row, article in (
            ("not_held", "1.本机关不掌握相关政府信息", "第三十六条第（四）（五）项"),
            ("needs_compiling", "2.没有现成信息需要另行制作", "第三十八条"),
            ("still_unclear", "3.补正后申请内容仍不明确", "第三十条"),
        )
    ),
    *(
        Outcome(key, NOT_PROCESSED, row, row[2:], article)
        for key, row, article in (
            ("petition", "1.信访举报投诉类申请", "第三十九条"),
            ("repeat", "2.重复申请", "第三十六条第（六）项"),
            ("publication", "3.要求提供公开出版物", "第三十九条"),
            ("excessive", "4.无正当理由大量反复申请", "第三十五条"),
            ("confirm_existing", "5.要求行政机关确认或重新出具已获取信息", "第三十九条"),
        )
    ),
    Outcome(
        "not_corrected",
        OTHER,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "第三十条",
    ),
    Outcome(
        FEE_UNPAID_KEY,
        OTHER,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "第四十二条",
    ),
    Outcome("other", OTHER, "3.其他", "其他", ""),
)

BY_KEY: dict[str, Outcome] = {outcome.key: outcome for outcome in OUTCOMES}
BY_LABEL: dict[str, Outcome] = {outcome.label: outcome for outcome in OUTCOMES}

# The outcome that closes an application whose applicant did not correct it in time.
NOT_CORRECTED = BY_KEY["not_corrected"]
# "Other": the letter must give the reasons; "a published book": it must say where to get it.
OTHER_KEY = "other"
PUBLICATION_KEY = "publication"

# The outcome that closes an application whose fee was not paid in time.
FEE_UNPAID = BY_KEY[FEE_UNPAID_KEY]


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a form's select, in the order of the official table."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for outcome in OUTCOMES:
        heading = outcome.group or outcome.row
        grouped.setdefault(heading, []).append((outcome.key, outcome.row))
    return list(grouped.items())


def find(value: str) -> Outcome | None:
    """An outcome by its key, its API label or its full row label."""
    value = (value or "").strip()
    if value in BY_KEY:
        return BY_KEY[value]
    if value in BY_LABEL:
        return BY_LABEL[value]
    for outcome in OUTCOMES:
        if value == outcome.row:
            return outcome
    return None
