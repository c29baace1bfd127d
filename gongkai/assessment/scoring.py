"""Pure arithmetic of scores and ranks: no ORM.

A unit's score is the scheme's full score minus the sum of its deductions, each indicator's
deduction being its count times the deduction per finding, capped; one finding of a veto
indicator (一票否决) costs every point. The score never goes below zero. Units with equal
scores share a rank (1, 1, 3).
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


def deduction(rule: Rule, count: int, *, full_score: Decimal) -> Decimal:
    if count <= 0:
        return ZERO
    if rule.veto:
        return full_score
    lost = rule.deduction * count
    if rule.cap is not None:
        lost = min(lost, rule.cap)
    return lost.quantize(Decimal("0.1"))


def score(
    rules: list[Rule], counts: dict[str, int], *, full_score: Decimal
) -> tuple[Decimal, dict[str, Decimal], bool]:
    """(score, the deduction of each indicator, vetoed)."""
    lost = {r.key: deduction(r, counts.get(r.key, 0), full_score=full_score) for r in rules}
    vetoed = any(r.veto and counts.get(r.key, 0) > 0 for r in rules)
    total = min(sum(lost.values(), ZERO), full_score)
    return (full_score - total).quantize(Decimal("0.1")), lost, vetoed


def ranks(scores: dict[int, Decimal]) -> dict[int, int]:
    """Competition ranking by score, highest first: equal scores share a rank."""
    ordered = sorted(scores.values(), reverse=True)
    return {key: ordered.index(value) + 1 for key, value in scores.items()}
