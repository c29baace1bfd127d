"""The unified social credit code (统一社会信用代码, GB 32100-2015) and the organisation code in it.

An 18-character code: registration authority (1), organisation type (1), administrative
division (6), organisation code (9, GB 11714), check character (1). The check character is
computed over the first 17 characters with the weights below, modulo 31.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_SHAPE = re.compile(rf"^[{ALPHABET}]{{2}}\d{{6}}[{ALPHABET}]{{10}}$")


def check_character(first17: str) -> str:
    total = sum(
        ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True)
    )
    return ALPHABET[(31 - total % 31) % 31]


def normalize(code: str) -> str:
    return code.strip().upper()


def validate_credit_code(code: str) -> None:
    code = normalize(code)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="length",
            params={"count": len(code)},
        )
    if not _SHAPE.match(code):
        raise ValidationError(
            _(
                "A unified social credit code uses digits and the capital letters "
                "A–Y except I, O, S, V and Z, with six digits for the division code."
            ),
            code="characters",
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character of this credit code should be %(expected)s, not %(given)s."),
            code="check",
            params={"expected": expected, "given": code[17]},
        )


def organisation_code(credit_code: str) -> str:
    """Characters 9–17 of the credit code: the first part of every index number (LAW.md)."""
    return normalize(credit_code)[8:17]


def make_credit_code(prefix: str, division: str, body: str) -> str:
    """Build a valid code from its parts (the demo and tests use this)."""
    first17 = f"{prefix}{division}{body}"
    return first17 + check_character(first17)
