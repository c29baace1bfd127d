from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .actions import COMMENT_MAX
from .models import ASPECTS, SCALE_RANGE, Evaluation, Finding, Scale, Verdict


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Your rating"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment (optional; shown after the unit has read it)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ErrorReportForm(forms.Form):
    description = forms.CharField(
        label=_("What is wrong?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    contact = forms.CharField(
        label=_("Phone or email, if you want to be contacted (optional)"),
        required=False,
        max_length=120,
    )


class ChallengeForm(forms.Form):
    """A small sum, asked when many ratings or reports come from one address."""

    challenge_token = forms.CharField(widget=forms.HiddenInput)
    challenge_answer = forms.CharField(label=_("Answer"), max_length=6)


class TrackReportForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approve", _("Show the comment to the public")),
            ("reject", _("Do not show it (abusive, personal data, off topic)")),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("The unit's public answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerReportForm(forms.Form):
    finding = forms.ChoiceField(
        label=_("Finding"), choices=Finding.choices, widget=forms.RadioSelect
    )
    answer = forms.CharField(
        label=_("Answer to the reporter (public)"), widget=forms.Textarea(attrs={"rows": 4})
    )


class OpenRoundForm(forms.Form):
    year = forms.IntegerField(label=_("Year evaluated"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=120)
    scale = forms.ChoiceField(label=_("Scores"), choices=Scale.choices, initial=Scale.FIVE)

    def __init__(self, *args, today: dt.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = today.year - 1
        self.fields["title"].initial = f"{today.year - 1}年度政务公开工作评议"


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = [*ASPECTS, "remarks"]
        widgets = {"remarks": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, scale: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        low, high = SCALE_RANGE[scale]
        for name in ASPECTS:
            self.fields[name].widget.attrs.update({"min": low, "max": high})
            self.fields[name].validators += [MinValueValidator(low), MaxValueValidator(high)]
            self.fields[name].help_text = _("%(low)d to %(high)d") % {"low": low, "high": high}
