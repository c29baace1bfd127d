from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .actions import ITEM_FIELDS
from .models import CatalogItem, Channel


class CatalogItemForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("channels and carriers"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CatalogItem
        fields = ITEM_FIELDS
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "basis": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, own: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if own:
            del self.fields["unit_kind"]


class AdoptionForm(forms.Form):
    """The items a unit discloses: one checkbox per item of the county's catalog."""

    items = forms.ModelMultipleChoiceField(
        label=_("Items this unit discloses"),
        queryset=CatalogItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, items, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items
