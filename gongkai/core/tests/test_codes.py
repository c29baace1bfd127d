from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gongkai.core import codes

# The example printed in GB 32100-2015.
STANDARD_EXAMPLE = "91350100M000100Y43"


def test_the_standard_example_is_valid():
    codes.validate_credit_code(STANDARD_EXAMPLE)


def test_lower_case_and_spaces_are_normalised():
    codes.validate_credit_code(" 91350100m000100y43 ")


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91350100M000100Y44", "check"),
        ("91350100M000100Y4", "length"),
        ("91350100M000100Y433", "length"),
        ("91350100M0001O0Y43", "characters"),  # the letter O is not used
        ("9135010AM000100Y43", "characters"),  # the division code is six digits
    ],
)
def test_bad_codes_are_refused_with_a_reason(code, error):
    with pytest.raises(ValidationError) as raised:
        codes.validate_credit_code(code)
    assert raised.value.code == error


def test_the_check_error_names_the_expected_character():
    with pytest.raises(ValidationError) as raised:
        codes.validate_credit_code("91350100M000100Y44")
    assert "3" in raised.value.messages[0]


def test_organisation_code_is_characters_9_to_17():
    assert codes.organisation_code(STANDARD_EXAMPLE) == "M000100Y4"


def test_made_codes_validate():
    code = codes.make_credit_code("11", "431399", "10000001X")
    codes.validate_credit_code(code)
    assert codes.organisation_code(code) == "10000001X"
