from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class WaiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the public as 本期无此事项)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OrderForm(forms.Form):
    instructions = forms.CharField(
        label=_("Instructions"), widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(label=_("Answer by"), widget=forms.DateInput(attrs={"type": "date"}))


class AnswerForm(forms.Form):
    index_no = forms.CharField(label=_("Index number of the publication"), required=False)
    reason = forms.CharField(
        label=_("Or the reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
