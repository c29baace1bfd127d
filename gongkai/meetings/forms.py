from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.catalog.models import CatalogItem
from gongkai.core.models import Unit
from gongkai.publishing.models import Topic

from .models import Kind, Meeting


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.ModelForm):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Unit"), empty_label=None)
    starts_at = forms.DateTimeField(
        label=_("Time (Beijing time)"), widget=DateTimeInput(), help_text=_("Date and time.")
    )
    signup_days = forms.IntegerField(
        label=_("Sign-up closes (working days before the meeting)"),
        min_value=0,
        max_value=30,
        initial=2,
        help_text=_("0: sign-up stays open until the day before the meeting."),
    )
    seats = forms.IntegerField(label=_("Seats for the public"), min_value=1, max_value=10_000)

    class Meta:
        model = Meeting
        fields = ("unit", "kind", "title", "about", "starts_at", "place", "how_to_attend", "seats")
        widgets = {
            "about": forms.Textarea(attrs={"rows": 4}),
            "how_to_attend": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = (
        "unit",
        "kind",
        "title",
        "about",
        "starts_at",
        "place",
        "how_to_attend",
        "seats",
        "signup_days",
    )

    def __init__(self, *args, units: list[Unit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = Kind.choices


class PostponeForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("New time (Beijing time)"), widget=DateTimeInput())
    reason = forms.CharField(label=_("Reason"), max_length=300)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class DecisionsForm(forms.Form):
    item = forms.ModelChoiceField(
        queryset=CatalogItem.objects.none(),
        label=_("Catalog item"),
        help_text=_("The item of the unit's catalog the decisions are published under."),
    )
    topic = forms.ChoiceField(label=_("Subject classification"), choices=Topic.choices)

    def __init__(self, *args, unit: Unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        item_field = self.fields["item"]
        assert isinstance(item_field, forms.ModelChoiceField)
        item_field.queryset = (
            CatalogItem.objects.adopted_by(unit).active().exclude(audience="internal").in_order()
        )
        self.fields["topic"].initial = Topic.GENERAL


class SignupForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=40)
    phone = forms.CharField(
        label=_("Telephone"),
        max_length=20,
        help_text=_("For the organisers only; it is never published."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("If you give one, we write to you when the meeting is postponed or cancelled."),
    )
