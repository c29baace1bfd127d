"""Anchors: a seal chain's head, written down outside the database, checked later.

The seals prove that each stored version matches its seal and that the seals link up. Someone
who can rewrite the whole database could also recompute every later seal, so the chain is
anchored outside it: the head (county, seal number, seal hash) is public, on the portal's seal
page and printed by `gongkai seal_head`; whoever notes it (the county, an auditor, a villager
with a printed sheet) can later check that seal N still has that hash. Because each seal hash
covers the one before, a match at N vouches for every seal up to N.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Max
from django.utils.translation import gettext as _

from gongkai.core.models import Unit

from .models import Seal

_ANCHOR = re.compile(r"^\s*([0-9A-Za-z]{9})\s*:\s*(\d{1,9})\s*:\s*([0-9a-fA-F]{64})\s*$")


@dataclass(frozen=True)
class Anchor:
    org_code: str
    number: int
    seal_hash: str

    def __str__(self) -> str:
        return f"{self.org_code}:{self.number}:{self.seal_hash}"


class BadAnchor(ValueError):
    pass


def parse(text: str) -> Anchor:
    """`ORGCODE:NUMBER:HASH`, as `seal_head` prints it and the seal page shows it."""
    match = _ANCHOR.match(text or "")
    if not match:
        raise BadAnchor(
            _(
                "An anchor is written as organisation code, seal number and seal hash, "
                "separated by colons, e.g. 000014349:42:<64 hexadecimal digits>."
            )
        )
    code, number, digest = match.groups()
    return Anchor(code.upper(), int(number), digest.lower())


def heads() -> list[tuple[Unit, Seal]]:
    """Each county's newest seal, counties in tree order."""
    last = dict(Seal.objects.values("county").annotate(n=Max("number")).values_list("county", "n"))
    seals = {
        seal.county_id: seal
        for seal in Seal.objects.filter(county__in=last.keys()).select_related("county")
        if seal.number == last[seal.county_id]
    }
    return [(seal.county, seal) for seal in sorted(seals.values(), key=lambda s: s.county.path)]


def anchor_of(seal: Seal) -> Anchor:
    return Anchor(seal.county.org_code, seal.number, seal.seal_hash)


def check(anchor: Anchor) -> list[str]:
    """What is wrong with the chain as against the anchor; [] when seal N still has that hash."""
    county = Unit.objects.filter(org_code=anchor.org_code, parent__isnull=True).first()
    if county is None:
        return [_("No county has the organisation code %(code)s.") % {"code": anchor.org_code}]
    seal = Seal.objects.filter(county=county, number=anchor.number).first()
    if seal is None:
        return [
            _("%(county)s's chain has no seal %(number)d: seals were removed.")
            % {"county": county.name, "number": anchor.number}
        ]
    if seal.seal_hash != anchor.seal_hash:
        return [
            _(
                "Seal %(number)d of %(county)s now reads %(now)s, not %(then)s: the chain was "
                "rewritten since the anchor was noted."
            )
            % {
                "number": anchor.number,
                "county": county.name,
                "now": seal.seal_hash,
                "then": anchor.seal_hash,
            }
        ]
    return []
