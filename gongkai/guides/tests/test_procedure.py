# ruff: noqa: E501 - the Chinese cases read better unbroken
"""Splitting a procedure (办事程序) into the steps of its process chart, as offices write it."""

from __future__ import annotations

import pytest

from gongkai.guides.procedure import Procedure, number, split

CASES = [
    # The demo's finance office: numbered inline, semicolons between.
    (
        "1. 农户持身份证件到村申报；2. 村委会审核公示；3. 财政所复核；4. 资金经“一卡通”发放至农户社保卡。",
        "",
        [
            "农户持身份证件到村申报",
            "村委会审核公示",
            "财政所复核",
            "资金经“一卡通”发放至农户社保卡",
        ],
    ),
    # One numbered line each, full-width full stop and 、.
    ("1．申请人提交申请\n2．窗口受理\n3．审核办结", "", ["申请人提交申请", "窗口受理", "审核办结"]),
    ("1、提交材料 2、受理 3、办结", "", ["提交材料", "受理", "办结"]),
    ("（1）申请（2）审核（3）发放", "", ["申请", "审核", "发放"]),
    ("1）申请；2）审核", "", ["申请", "审核"]),
    ("①申请 ②受理 ③办结", "", ["申请", "受理", "办结"]),
    # Chinese ordinals, with a lead-in sentence kept apart.
    (
        "申请人按以下程序办理：（一）提交申请；（二）受理（5个工作日内）；（三）审核。",
        "申请人按以下程序办理：",
        ["提交申请", "受理（5个工作日内）", "审核"],
    ),
    ("一、申请\n二、审核\n三、公示", "", ["申请", "审核", "公示"]),
    ("第一步：申请；第二步：审核；第三步：发放。", "", ["申请", "审核", "发放"]),
    ("第1步 申请 第2步 审核", "", ["申请", "审核"]),
    # Numbers that are part of the sentence are not steps.
    (
        "1. 提交2026年度申请表；2. 5个工作日内审核；3. 公示7天。",
        "",
        ["提交2026年度申请表", "5个工作日内审核", "公示7天"],
    ),
    ("1. 提交1.5寸照片；2. 审核", "", ["提交1.5寸照片", "审核"]),
    # A sub-list inside a step stays in that step: the outer numbering starts first.
    (
        "1. 申请：提交（1）身份证；（2）户口簿。2. 审核。",
        "",
        ["申请：提交（1）身份证；（2）户口簿", "审核"],
    ),
    (
        "1. 申请：需要材料 1、身份证 2、户口本；2. 审核",
        "",
        ["申请：需要材料 1、身份证 2、户口本", "审核"],
    ),
    # Numbers out of order are text: the chain is 1, 2, 3.
    ("1. 申请；3. 重复；2. 审核；3. 办结", "", ["申请；3. 重复", "审核", "办结"]),
    # Arrows, lines, sentences, semicolons.
    ("申请→受理→审核→办结", "", ["申请", "受理", "审核", "办结"]),
    ("申请 -> 受理 -> 办结", "", ["申请", "受理", "办结"]),
    ("申请人提交申请\n\n窗口受理\n当场办结", "", ["申请人提交申请", "窗口受理", "当场办结"]),
    (
        "申请人提出申请。工作人员受理并审核。符合条件的予以办理！",
        "",
        ["申请人提出申请", "工作人员受理并审核", "符合条件的予以办理"],
    ),
    ("申请人提出申请；窗口受理；当场办结", "", ["申请人提出申请", "窗口受理", "当场办结"]),
    ("当场办结", "", ["当场办结"]),
    ("", "", []),
    ("   \n ", "", []),
]


@pytest.mark.parametrize(("text", "lead", "steps"), CASES)
def test_procedure_splits_into_steps(text: str, lead: str, steps: list[str]) -> None:
    assert split(text) == Procedure(lead=lead, steps=steps)


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("1", 1),
        ("12", 12),
        ("③", 3),
        ("⑳", 20),
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("十十", None),
        ("零", None),
        ("１", None),  # a full-width digit is not a step number
    ],
)
def test_step_numbers(token: str, value: int | None) -> None:
    assert number(token) == value
