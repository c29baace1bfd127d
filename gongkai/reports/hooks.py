"""What other apps tell the annual report, without reports importing them.

Section 五's starting paragraph cites the county's assessment (考核) of the unit's year; the
assessment app knows it and provides the sentence in its `AppConfig.ready()`:

    hooks.provide_assessment_sentence(sentence)

Without a provider (an installation without assessment) the paragraph says nothing of it.
"""

from __future__ import annotations

from collections.abc import Callable

from gongkai.core.models import Unit

AssessmentSentence = Callable[[Unit, int], str]

_providers: dict[str, AssessmentSentence] = {}


def provide_assessment_sentence(provider: AssessmentSentence) -> None:
    """`provider(unit, year)` answers a Chinese sentence on the unit's assessment, or ""."""
    _providers["assessment_sentence"] = provider


def assessment_sentence(unit: Unit, year: int) -> str:
    provider = _providers.get("assessment_sentence")
    return provider(unit, year) if provider is not None else ""
