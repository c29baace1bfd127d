from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "gongkai.assessment"
    label = "assessment"
    verbose_name = _("Assessment and accountability")

    def ready(self) -> None:
        # Imported here, not at the top: they use models, and apps.py is loaded before those.
        from gongkai.reports import hooks

        from . import indicators  # noqa: F401 - fills the indicators' labels
        from .sentence import assessment_sentence

        hooks.provide_assessment_sentence(assessment_sentence)
