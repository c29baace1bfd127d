"""A service matter's procedure (办事程序) split into the steps of its process chart (流程图).

Pure text work, no database. Offices write the procedure the way they always have:
numbered ("1. 申请人提交…；2. …", "1、", "（1）", "①"), in Chinese ordinals ("（一）…",
"一、…", "第一步：…"), as arrows ("申请→受理→审核→办结"), one step a line, or plain
sentences. Nothing is lost: text before the first number is kept as the lead, and a
sub-list inside a step ("1. 提交材料：（1）身份证…") stays inside that step, because the
outermost numbering (the one that starts first) is the one followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DIGITS = "零一二三四五六七八九"
# Where a number may start a step: the start of the text, a space, or after punctuation.
# Elsewhere a number is part of the sentence ("5个工作日", "2026年").
_AFTER = r"(?:^|(?<=[\s；;。，,：:！!？?]))"
_CN = r"[一二三四五六七八九十]{1,3}"

# Each kind of numbering: a pattern whose group "n" is the number.
MARKERS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"{_AFTER}第(?P<n>{_CN}|\d{{1,2}})步\s*[：:，,、.．]?\s*"),
    re.compile(rf"{_AFTER}(?P<n>\d{{1,2}})\s*[.．](?!\d)\s*"),
    re.compile(rf"{_AFTER}(?P<n>\d{{1,2}})\s*、\s*"),
    re.compile(rf"{_AFTER}(?P<n>\d{{1,2}})\s*[)）]\s*"),
    re.compile(r"[（(]\s*(?P<n>\d{1,2})\s*[)）]\s*"),
    re.compile(r"(?P<n>[\u2460-\u2473])\s*"),  # ① … ⑳
    re.compile(rf"[（(]\s*(?P<n>{_CN})\s*[)）]\s*"),
    re.compile(rf"{_AFTER}(?P<n>{_CN})\s*、\s*"),
)
ARROWS = re.compile(r"\s*(?:→|⟶|➝|➔|⇒|—+>|-+>|－+>)\s*")
SENTENCE_END = re.compile(r"(?<=[。！？!?])")
# What may close a step in running text; a box in the chart needs none of it.
TRAILING = "；;，,、。.！!：: \t\r\n"


@dataclass(frozen=True)
class Procedure:
    lead: str = ""  # what comes before the first step, e.g. "申请人按以下程序办理："
    steps: list[str] = field(default_factory=list)


def number(token: str) -> int | None:
    """The value of a step number: 12, ③, 十二 (up to 99)."""
    if token.isdigit() and token.isascii():
        return int(token)
    if len(token) == 1 and "\u2460" <= token <= "\u2473":
        return ord(token) - 0x2460 + 1
    if "十" in token:
        tens, _, units = token.partition("十")
        if len(tens) > 1 or len(units) > 1 or not set(tens + units) <= set(DIGITS[1:]):
            return None
        return (DIGITS.index(tens) if tens else 1) * 10 + (DIGITS.index(units) if units else 0)
    if len(token) == 1 and token in DIGITS[1:]:
        return DIGITS.index(token)
    return None


def _chain(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """The markers of one kind numbered 1, 2, 3 … in order; others of that kind are text."""
    chain: list[re.Match[str]] = []
    for match in pattern.finditer(text):
        if number(match.group("n")) == len(chain) + 1:
            chain.append(match)
    return chain


def _clean(step: str) -> str:
    return re.sub(r"\s+", " ", step).strip(TRAILING)


def _steps(parts: list[str]) -> list[str]:
    return [cleaned for cleaned in map(_clean, parts) if cleaned]


def split(text: str) -> Procedure:
    """The procedure's lead and its steps, in order."""
    text = (text or "").strip()
    if not text:
        return Procedure()
    chains = [chain for pattern in MARKERS if len(chain := _chain(pattern, text)) >= 2]
    if chains:
        # The numbering that starts first is the outer list; others are nested in its steps.
        chain = min(chains, key=lambda found: found[0].start())
        ends = [match.start() for match in chain[1:]] + [len(text)]
        return Procedure(
            lead=re.sub(r"\s+", " ", text[: chain[0].start()]).strip(),
            steps=_steps([text[match.end() : end] for match, end in zip(chain, ends, strict=True)]),
        )
    lines = _steps(text.splitlines())
    if len(lines) > 1:
        return Procedure(steps=lines)
    if ARROWS.search(text):
        return Procedure(steps=_steps(ARROWS.split(text)))
    sentences = _steps(SENTENCE_END.split(text))
    if len(sentences) > 1:
        return Procedure(steps=sentences)
    return Procedure(steps=_steps(re.split(r"[；;]", text)))
