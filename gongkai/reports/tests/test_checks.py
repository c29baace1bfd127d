"""The consistency checks (LAW.md) and the warning for copied text."""

from __future__ import annotations

import pytest
from django.utils import translation

from gongkai.reports import checks, layout
from gongkai.reports.layout import t3, t4


def consistent() -> dict[str, int]:
    values = dict.fromkeys(layout.CELLS, 0)
    # 自然人: 3 new + 1 carried in = 3 answered (2 disclosed, 1 not held) + 1 carried out.
    for r, n in (
        (layout.T3_NEW, 3),
        (layout.T3_CARRIED_IN, 1),
        (layout.T3_ROW_INDEX["（一）予以公开"], 2),
        (layout.T3_ROW_INDEX["1.本机关不掌握相关政府信息"], 1),
        (layout.T3_RESULTS_TOTAL, 3),
        (layout.T3_CARRIED_OUT, 1),
    ):
        values[t3(r, 0)] = n
        values[t3(r, layout.T3_TOTAL_COLUMN)] = n
    values[t4(0, 0)] = values[t4(0, 4)] = 1
    return values


def names(failures) -> list[str]:
    return [f.check for f in failures]


def test_consistent_tables_pass():
    assert checks.run(consistent()) == []


@pytest.mark.parametrize(
    ("change", "failing"),
    [
        # 一 + 二 = （七）总计 + 四: one more received, in both 自然人 and 总计 columns
        ({t3(layout.T3_NEW, 0): 4, t3(layout.T3_NEW, 6): 4}, ["balance", "balance"]),
        # （七）总计 is not the sum of the outcome rows
        (
            {t3(layout.T3_ROW_INDEX["（一）予以公开"], 0): 3, t3(layout.T3_CARRIED_OUT, 0): 0},
            ["balance", "results_total", "row_total", "row_total"],
        ),
        # the 总计 column is not the sum of the six
        ({t3(layout.T3_NEW, 6): 5}, ["balance", "row_total"]),
        # table 4's total
        ({t4(0, 4): 2}, ["case_total"]),
        # a negative count
        ({t3(layout.T3_NEW, 1): -1}, ["number"]),
        # not a number
        ({"t2_3_0_0": "abc"}, ["number"]),
    ],
)
def test_each_inconsistency_is_named(change, failing):
    values = {**consistent(), **change}
    assert sorted(names(checks.run(values))) == sorted(failing)


def test_last_years_carried_to_next_year_must_be_this_years_carried_over():
    last_year = consistent()
    last_year[t3(layout.T3_CARRIED_OUT, 0)] = 2
    failures = checks.run(consistent(), last_year=last_year)
    assert names(failures) == ["carried_over"]
    assert "自然人" in failures[0].message


def test_failure_messages_are_in_chinese_and_name_the_column():
    values = {**consistent(), t3(layout.T3_NEW, 0): 4, t3(layout.T3_NEW, 6): 4}
    with translation.override("zh-hans"):
        message = checks.run(values)[0].message
    assert "自然人" in message
    assert "一 + 二" in message
    assert "申请" in message  # translated: the explanation is Chinese


TEXT = (
    "2025年，青山镇深入贯彻落实《中华人民共和国政府信息公开条例》，围绕乡村振兴、民生保障和"
    "基层治理，依托县政府门户网站、镇村公开栏和便民服务站主动公开政府信息。"
)


def test_similarity_of_a_copied_text_is_high_and_of_a_different_text_low():
    copied = TEXT.replace("2025", "2026")
    different = (
        "白水乡本年度重点推进了财政预决算公开、惠农补贴一卡通发放信息公开和村级公开栏标准化建设，"
        "并组织开展了两次政务公开业务培训，培训基层干部八十余人次。"
    )
    assert checks.similarity(copied, TEXT) > 0.8
    assert checks.similarity(different, TEXT) < 0.2
    assert checks.similarity("", TEXT) == 0.0
    found = checks.similar_to(copied, [("last", TEXT), ("other", different)])
    assert [obj for obj, _score in found] == ["last"]
