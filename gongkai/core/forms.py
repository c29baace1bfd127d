from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .actions import CONTACT_FIELDS, FOOTER_FIELDS
from .models import PARENT_KIND, CalendarDay, Role, Unit, UnitKind, User


class UnitContactForm(forms.ModelForm):
    website = forms.URLField(label=_("online contact"), required=False, assume_scheme="https")
    police_link = forms.URLField(
        label=Unit._meta.get_field("police_link").verbose_name,
        help_text=Unit._meta.get_field("police_link").help_text,
        required=False,
        assume_scheme="https",
    )
    party_mark_link = forms.URLField(
        label=Unit._meta.get_field("party_mark_link").verbose_name,
        help_text=Unit._meta.get_field("party_mark_link").help_text,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Unit
        fields = CONTACT_FIELDS + FOOTER_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.kind != UnitKind.COUNTY:
            # Only a county's website identifiers are shown, in the portal's footer.
            for name in FOOTER_FIELDS:
                del self.fields[name]


class ChildUnitForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"))
    name = forms.CharField(label=_("full name"), max_length=120)
    short_name = forms.CharField(label=_("short name"), max_length=40)
    credit_code = forms.CharField(
        label=_("unified social credit code"),
        max_length=18,
        min_length=18,
        help_text=_("18 characters, as on the unit's registration certificate."),
    )
    started_on = forms.DateField(
        label=_("in operation since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a unit that already existed; it owes every period."),
    )

    def __init__(self, *args, parent: Unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind.value, kind.label) for kind in UnitKind if PARENT_KIND[kind] == parent.kind
        ]


class MembershipForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)

    def clean_username(self) -> User:
        username = self.cleaned_data["username"]
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("There is no active account named %(name)s."), params={"name": username}
            )
        return user


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ("day", "is_workday", "name")
        widgets = {"day": forms.DateInput(attrs={"type": "date"})}


class AnnounceYearForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2004, max_value=2100)
    source = forms.CharField(label=_("source"), max_length=200)
