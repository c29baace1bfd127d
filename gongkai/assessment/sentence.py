"""The sentence the annual report's section 五 cites: the unit's assessment of the year."""

from __future__ import annotations

import datetime as dt

from django.utils.timezone import localdate
from django.utils.translation import override

from gongkai.core.models import Unit, UnitKind

from . import reads


def assessment_sentence(unit: Unit, year: int, *, today: dt.date | None = None) -> str:
    """Published scores, or the scores the platform measures while none are published."""
    if unit.kind not in reads.ASSESSED_KINDS:
        return ""
    county = unit.county
    with override("zh-hans"):  # the paragraph is Chinese, and so are the indicators' names
        found = reads.standing(
            county,
            year,
            today=today or localdate(),
            drafts=True,
            scheme=reads.latest_scheme(county),
        )
    if found is None:
        return ""
    row = found.of_unit(unit)
    if row is None:
        return ""
    peers = len(found.of_kind(unit.kind))
    kind = "乡镇" if unit.kind == UnitKind.TOWNSHIP else "站所"
    if found.published:
        text = (
            f"在{county.name}{year}年度政务公开考核中，本单位得分{row.score}分，"
            f"在{peers}个{kind}中排名第{row.rank}"
        )
    else:
        text = (
            f"按{county.name}政务公开考核方案，平台记录测算本单位{year}年度得分"
            f"{row.score}分，在{peers}个{kind}中排名第{row.rank}"
        )
    lost = sorted(row.lost, key=lambda p: -p.deduction)[:3]
    if lost:
        text += "，主要失分项为" + "、".join(f"{p.label}（扣{p.deduction}分）" for p in lost)
    return f"考核方面，{text}。"
