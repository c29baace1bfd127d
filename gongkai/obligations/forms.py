from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import CatalogItem


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


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CatalogItem) -> str:
        return f"{obj.level1} · {obj.level2}"


class EventForm(forms.Form):
    """A matter that arose and must be disclosed within its own limit."""

    item: ItemChoiceField = ItemChoiceField(
        label=_("Catalog item"), queryset=CatalogItem.objects.none()
    )
    on = forms.DateField(
        label=_("Date of the decision or event"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("What happened"),
        max_length=200,
        help_text=_("e.g. 准予王某某建房许可（青山镇许可〔2026〕12号）"),
    )

    def __init__(self, *args, items: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        assert isinstance(field, ItemChoiceField)
        field.queryset = items
