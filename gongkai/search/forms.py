from __future__ import annotations

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Unit

from .backends import Filters
from .index import MAX_PAGE
from .models import SearchDocument, Validity
from .text import MAX_QUERY_CHARS

CHOICES_CACHE_SECONDS = 300


class QueryField(forms.CharField):
    """Free text that is never refused: NUL characters become spaces, long input is cut."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\x00", " ")[: MAX_QUERY_CHARS * 2]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        # Indent by depth so the tree shows in a plain <select>.
        return "\u3000" * max(0, obj.depth - 1) + obj.name


def topic_choices() -> list[str]:
    return cache.get_or_set(
        "search:topics",
        lambda: sorted(
            SearchDocument.objects.exclude(topic="")
            .order_by()
            .values_list("topic", flat=True)
            .distinct()
        ),
        CHOICES_CACHE_SECONDS,
    )


def catalog_choices() -> list[tuple[int, str]]:
    return cache.get_or_set(
        "search:catalog_items",
        lambda: sorted(
            SearchDocument.objects.filter(catalog_item_id__isnull=False)
            .order_by()
            .values_list("catalog_item_id", "catalog_item_name")
            .distinct(),
            key=lambda pair: (pair[1], pair[0]),
        ),
        CHOICES_CACHE_SECONDS,
    )


class SearchForm(forms.Form):
    q = QueryField(label=_("Search words"), required=False)
    unit = UnitChoiceField(
        label=_("Issuing unit"),
        queryset=Unit.objects.order_by("path"),
        to_field_name="org_code",
        required=False,
        empty_label=_("All units"),
    )
    catalog = forms.TypedChoiceField(
        label=_("Catalog item"), coerce=int, required=False, empty_value=None
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    validity = forms.ChoiceField(
        label=_("Validity"),
        required=False,
        choices=[("", _("Any validity")), *Validity.choices],
    )
    date_from = forms.DateField(
        label=_("Date from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Date to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        topics = topic_choices()
        asked = self.data.get("topic") if self.is_bound else ""
        if asked and asked not in topics:
            # Just indexed, and not yet in the cached list.
            topics = [*topics, asked]
        self.fields["topic"].choices = [("", _("All topics")), *((t, t) for t in topics)]
        items = catalog_choices()
        self.fields["catalog"].choices = [("", _("All catalog items")), *items]
        if self.is_bound and (asked_item := self.data.get("catalog")):
            known = {str(pk) for pk, _name in items}
            if asked_item.isdigit() and asked_item not in known:
                self.fields["catalog"].choices.append((int(asked_item), asked_item))

    def clean_page(self) -> int:
        return min(self.cleaned_data.get("page") or 1, MAX_PAGE)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            unit_id=data["unit"].pk if data.get("unit") else None,
            catalog_item_id=data.get("catalog"),
            topic=data.get("topic") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            validity=frozenset([data["validity"]]) if data.get("validity") else frozenset(),
        )
