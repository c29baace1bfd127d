from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import CatalogItem, Group
from gongkai.core.models import Unit
from gongkai.publishing.models import Publication

from . import photos, sheets


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class SheetOptionsForm(forms.Form):
    """Paper size, 公开期限 and the sign-off block: the choices made when printing."""

    size = forms.ChoiceField(
        label=_("Paper size"),
        choices=[(s, s) for s in sheets.SIZES],
        initial="A4",
        widget=forms.RadioSelect,
    )
    shown_from = forms.DateField(label=_("Display period from"), widget=DateInput())
    shown_to = forms.DateField(label=_("Display period to"), widget=DateInput())
    signoff_for_all = forms.BooleanField(
        label=_("Sign-off block of the village supervision committee on every sheet"),
        required=False,
        help_text=_("Sheets of village matters always carry it."),
    )

    def __init__(self, *args, today: dt.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        start, end = sheets.suggested_display_period(today)
        self.fields["shown_from"].initial = start
        self.fields["shown_to"].initial = end

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("shown_from"), data.get("shown_to")
        if start and end and end < start:
            self.add_error("shown_to", _("The display period cannot end before it begins."))
        return data


class BatchForm(forms.Form):
    """Which publications go on one board's batch sheet."""

    unit = UnitChoiceField(label=_("Board of"), queryset=Unit.objects.none())
    start = forms.DateField(label=_("Published from"), widget=DateInput())
    end = forms.DateField(label=_("Published to"), widget=DateInput())
    group = forms.ChoiceField(
        label=_("Catalog group"), choices=[("", _("All groups")), *Group.choices], required=False
    )
    item = forms.ModelChoiceField(
        label=_("Catalog item"),
        queryset=CatalogItem.objects.none(),
        required=False,
        empty_label=_("All items"),
    )

    def __init__(self, *args, units: list[Unit], today: dt.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by(
            "path"
        )
        if units:
            self.fields["unit"].initial = units[0].pk
        counties = {u.path.strip("/").split("/")[0] for u in units}
        self.fields["item"].queryset = (
            CatalogItem.objects.active()
            .of_county()
            .filter(catalog__county_id__in=[int(c) for c in counties])
            .in_order()
        )
        start, end = sheets.quarter(today)
        self.fields["start"].initial = start
        self.fields["end"].initial = end

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The range cannot end before it begins."))
        return data


class PublicationsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Publication) -> str:
        return f"{obj.current.title}（{obj.index_no}）"


class PostingForm(forms.Form):
    unit = UnitChoiceField(label=_("Board of"), queryset=Unit.objects.none())
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        help_text=_("Where the board is, e.g. 青山村村委会公开栏."),
    )
    posted_on = forms.DateField(label=_("Posted on"), widget=DateInput())
    publications = PublicationsField(
        label=_("Publications on the sheet"),
        queryset=Publication.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    photo = forms.FileField(
        label=_("Photo of the posted sheet (JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def __init__(self, *args, units: list[Unit], candidates, today: dt.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by(
            "path"
        )
        self.fields["publications"].queryset = candidates
        self.fields["posted_on"].initial = today

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            try:
                photos.check_photo(photo)
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return photo


class TakeDownForm(forms.Form):
    taken_down_on = forms.DateField(label=_("Came down on"), widget=DateInput())
