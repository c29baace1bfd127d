"""Pure arithmetic of scores and ranks: no ORM.

A unit's score is the scheme's full score minus the sum of its deductions, each indicator's
deduction being its count times the deduction per finding, capped; the deductions within a
group are capped again at the group's weight (the most points the group can lose); one
finding of a veto indicator (一票否决) costs every point. The score never goes below zero.
Units with equal scores share a rank (1, 1, 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.0")


@dataclass(frozen=True)
class Rule:
    key: str
    deduction: Decimal
    cap: Decimal | None = None
    veto: bool = False
    group: str = ""


def deduction(rule: Rule, count: int, *, full_score: Decimal) -> Decimal:
    if count <= 0:
        return ZERO
    if rule.veto:
        return full_score
    lost = rule.deduction * count
    if rule.cap is not None:
        lost = min(lost, rule.cap)
    return lost.quantize(Decimal("0.1"))


def groups(
    rules: list[Rule], lost: dict[str, Decimal], weights: dict[str, Decimal]
) -> dict[str, Decimal]:
    """The points lost in each group: its indicators' deductions (each already capped), capped
    at the group's weight. A group without a weight is not capped; veto indicators are left
    out (they cost every point, whatever the group)."""
    summed: dict[str, Decimal] = {}
    for rule in rules:
        if not rule.veto:
            summed[rule.group] = summed.get(rule.group, ZERO) + lost.get(rule.key, ZERO)
    return {
        group: (min(total, weights[group]) if group in weights else total).quantize(Decimal("0.1"))
        for group, total in summed.items()
    }


def score(
    rules: list[Rule],
    counts: dict[str, int],
    *,
    full_score: Decimal,
    weights: dict[str, Decimal] | None = None,
) -> tuple[Decimal, dict[str, Decimal], bool]:
    """(score, the deduction of each indicator, vetoed)."""
    lost = {r.key: deduction(r, counts.get(r.key, 0), full_score=full_score) for r in rules}
    vetoed = any(r.veto and counts.get(r.key, 0) > 0 for r in rules)
    if vetoed:
        total = full_score
    else:
        total = min(sum(groups(rules, lost, weights or {}).values(), ZERO), full_score)
    return (full_score - total).quantize(Decimal("0.1")), lost, vetoed


def ranks(scores: dict[int, Decimal]) -> dict[int, int]:
    """Competition ranking by score, highest first: equal scores share a rank."""
    ordered = sorted(scores.values(), reverse=True)
    return {key: ordered.index(value) + 1 for key, value in scores.items()}
