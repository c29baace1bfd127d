from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from gongkai.publishing.forms import ApproveForm

from . import layout
from .models import AnnualReport, CaseKind, CaseResult, ReviewCase

MAX_COUNT = 10_000_000


class PublishForm(ApproveForm):
    """The secrecy review the publisher confirms; the report goes out at once."""

    publish_at = None


class OpenReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2008)

    def __init__(self, *args, today: dt.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["max"] = today.year
        self.fields["year"].validators.append(_max_year(today.year))
        self.initial.setdefault("year", today.year - 1 if today.month <= 3 else today.year)


def _max_year(year: int) -> MaxValueValidator:
    return MaxValueValidator(
        year, message=_("A report can be opened only for this year or an earlier one.")
    )


class ValuesForm(forms.Form):
    """One field per cell of the three tables; every count a whole number of zero or more."""

    def __init__(self, *args, report: AnnualReport, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for key, cell in layout.CELLS.items():
            label = f"{cell.row} · {cell.column}"
            attrs = {"aria-label": label, "class": "cell-input"}
            if cell.kind == layout.MONEY:
                field = forms.DecimalField(
                    label=label,
                    min_value=0,
                    max_digits=14,
                    decimal_places=4,
                    widget=forms.NumberInput(attrs={**attrs, "step": "0.0001", "min": "0"}),
                )
            else:
                field = forms.IntegerField(
                    label=label,
                    min_value=0,
                    max_value=MAX_COUNT,
                    widget=forms.NumberInput(attrs={**attrs, "min": "0", "inputmode": "numeric"}),
                )
            field.error_messages = {
                **field.error_messages,
                "required": _("Enter a number (0 if none)."),
                "invalid": _("Enter a number, such as 0 or 12."),
                "min_value": _("A count cannot be negative."),
            }
            self.fields[key] = field
            self.initial[key] = report.value(key)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            raise forms.ValidationError(
                _("Some counts are not valid; nothing was saved. Correct the marked cells.")
            )
        return cleaned


class TextForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = layout.SECTION_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in layout.SECTION_FIELDS}


class CaseForm(forms.ModelForm):
    result = forms.ChoiceField(
        label=_("result"),
        choices=[("", _("not decided yet (尚未审结)")), *CaseResult.choices],
        required=False,
    )

    class Meta:
        model = ReviewCase
        fields = ("kind", "reference", "subject", "filed_on", "result", "decided_on")
        widgets = {
            "filed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "decided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = CaseKind.choices


class DeadlineForm(forms.Form):
    due_on = forms.DateField(
        label=_("Townships' reports due on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ReportingRuleForm(forms.Form):
    offices_separately = forms.BooleanField(
        label=_("The townships' offices write annual reports of their own"),
        help_text=_(
            "Unchecked (the rule unless the county decides otherwise): applications to an "
            "office, its cases and its fees are counted in its township's report."
        ),
        required=False,
    )
