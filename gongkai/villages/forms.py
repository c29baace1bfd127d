from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MONEY_MATTERS, LineKind, Matter


class NewStatementForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=8,
        help_text=_("A month, e.g. 2026-M10, or a quarter, e.g. 2026-Q3."),
    )
    opening_balance = forms.DecimalField(
        label=_("Balance brought forward (yuan)"),
        max_digits=14,
        decimal_places=2,
        initial=Decimal("0"),
    )


class LineForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    subject = forms.CharField(label=_("Subject"), max_length=60)
    kind = forms.ChoiceField(label=_("Income or expenditure"), choices=LineKind.choices)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    counterparty = forms.CharField(label=_("Counterparty"), max_length=120, required=False)
    voucher = forms.CharField(label=_("Voucher number"), max_length=40, required=False)
    matter = forms.ChoiceField(
        label=_("Township matter"),
        choices=[("", _("none")), *[(m.value, m.label) for m in MONEY_MATTERS]],
        required=False,
        help_text=_("For money the township pays or manages: it is cross-checked."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Template file (CSV or XLSX)"),
        help_text=_(
            "All lines of the file replace the statement's lines, or none if any is wrong."
        ),
    )


class ExplainForm(forms.Form):
    village = forms.CharField(widget=forms.HiddenInput, max_length=9)
    matter = forms.ChoiceField(widget=forms.HiddenInput, choices=Matter.choices)
    text = forms.CharField(
        label=_("Explanation"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class RecordForm(forms.Form):
    """One record of the township: what it paid to, or manages for, one of its villages."""

    village = forms.ChoiceField(label=_("Village"))
    matter = forms.ChoiceField(label=_("Matter"), choices=Matter.choices)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    reference = forms.CharField(
        label=_("Reference"),
        max_length=120,
        required=False,
        help_text=_(
            "The payment order or roster, e.g. 代管资金拨付单2026-10. For homestead approvals "
            "the amount is the number of households approved."
        ),
    )

    def __init__(self, *args, villages=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["village"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(v.org_code, v.short_name or v.name) for v in villages]


class CorrectRecordForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)
    reason = forms.CharField(label=_("Why it is corrected"), max_length=300)


class RemoveRecordForm(forms.Form):
    reason = forms.CharField(label=_("Why it is removed"), max_length=300)


class RecordsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Records file (CSV or XLSX)"),
        help_text=_(
            "All rows of the file replace the township's records of this period, or none if "
            "any is wrong."
        ),
    )


class AmendForm(forms.Form):
    reason = forms.CharField(
        label=_("What is corrected, and why"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
