from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import AssessmentScheme, IncidentKind, IndicatorGroup

DATE = forms.DateInput(attrs={"type": "date"})


class SchemeForm(forms.Form):
    """The latest version's values to start from; saving makes the next version."""

    full_score = forms.DecimalField(
        label=_("Full score"), max_digits=6, decimal_places=1, min_value=Decimal("1")
    )
    note = forms.CharField(label=_("What changed"), max_length=200)

    def __init__(self, *args, scheme: AssessmentScheme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(scheme.indicators.all())
        self.fields["full_score"].initial = scheme.full_score
        current = {w.group: w.weight for w in scheme.weights.all()}
        for value, label in IndicatorGroup.choices:
            self.fields[f"weight-{value}"] = forms.DecimalField(
                label=label,
                max_digits=6,
                decimal_places=1,
                min_value=Decimal("0"),
                initial=current.get(value),
            )
        for i in self.indicators:
            self.fields[f"{i.key}-deduction"] = forms.DecimalField(
                label=_("Points per finding"),
                max_digits=5,
                decimal_places=1,
                min_value=Decimal("0"),
                initial=i.deduction,
            )
            self.fields[f"{i.key}-cap"] = forms.DecimalField(
                label=_("Most points lost (empty: no cap)"),
                max_digits=6,
                decimal_places=1,
                min_value=Decimal("0"),
                required=False,
                initial=i.cap,
            )
            self.fields[f"{i.key}-veto"] = forms.BooleanField(
                label=_("Veto (一票否决)"), required=False, initial=i.veto
            )

    def rows(self):
        """(indicator, its three fields) for the template's table."""
        return [
            (i, self[f"{i.key}-deduction"], self[f"{i.key}-cap"], self[f"{i.key}-veto"])
            for i in self.indicators
        ]

    def weight_fields(self):
        """The group weight fields, in the order of the index."""
        return [self[f"weight-{value}"] for value in IndicatorGroup.values]

    def weights(self) -> dict[str, Decimal]:
        return {value: self.cleaned_data[f"weight-{value}"] for value in IndicatorGroup.values}

    def rules(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "key": i.key,
                "deduction": data[f"{i.key}-deduction"],
                "cap": data[f"{i.key}-cap"],
                "veto": data[f"{i.key}-veto"],
            }
            for i in self.indicators
        ]


class RecomputeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the published results are recomputed"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RectificationForm(forms.Form):
    finding = forms.CharField(label=pgettext_lazy("rectification", "Finding"), max_length=300)
    record_url = forms.CharField(label=_("Link to the record"), max_length=300, required=False)
    instructions = forms.CharField(
        label=_("What to rectify"), widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(label=_("Rectify by"), widget=DATE)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    index_no = forms.CharField(
        label=_("Evidence: index number of a publication"), max_length=32, required=False
    )
    evidence_url = forms.CharField(
        label=_("Evidence: link to the corrected record"), max_length=300, required=False
    )


class SettleForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=pgettext_lazy("rectification", "Decision"),
        choices=[
            ("1", _("Accept the rectification and close the order")),
            ("0", _("Send it back")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    remarks = forms.CharField(
        label=_("Remarks"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_deadline = forms.DateField(
        label=_("New deadline (when sent back)"), required=False, widget=DATE
    )


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of leak"), choices=IncidentKind.choices)
    occurred_on = forms.DateField(label=_("Occurred on"), widget=DATE)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AccountabilityForm(forms.Form):
    person = forms.CharField(label=_("Person held accountable"), max_length=60)
    position = forms.CharField(
        label=pgettext_lazy("accountability", "Position"), max_length=60, required=False
    )
    finding = forms.CharField(
        label=pgettext_lazy("rectification", "Finding"), widget=forms.Textarea(attrs={"rows": 2})
    )
    measure = forms.CharField(label=_("Measure taken"), max_length=200)
    decided_on = forms.DateField(label=pgettext_lazy("accountability", "Decided on"), widget=DATE)
    order = forms.IntegerField(
        label=_("Number of the rectification order (optional)"), required=False, min_value=1
    )
