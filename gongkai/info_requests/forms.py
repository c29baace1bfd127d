from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Unit, UnitKind, User
from gongkai.publishing import uploads

from . import clock, fees, outcomes
from .actions import APPLICANT_FIELDS
from .models import RECORDS_RESULTS, Channel, IdType, InfoRequest
from .outcomes import ApplicantType


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def handling_units():
    """The units an application may be addressed to: townships and their offices, the county."""
    return Unit.objects.filter(
        Q(kind=UnitKind.TOWNSHIP) | Q(kind=UnitKind.OFFICE) | Q(kind=UnitKind.COUNTY)
    ).order_by("path")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit: Unit) -> str:
        # Offices are indented under their township so the list reads as the tree it is.
        return ("\u3000" if unit.kind == UnitKind.OFFICE else "") + unit.name


class ApplicantForm(forms.ModelForm):
    """What the applicant tells us (Art. 29). Shared by the public form and staff registration."""

    unit = UnitChoiceField(
        label=_("Which township or office is the application for?"),
        queryset=Unit.objects.none(),
        empty_label=_("— choose —"),
    )

    class Meta:
        model = InfoRequest
        fields = ("unit", *APPLICANT_FIELDS)
        widgets = {
            "applicant_type": forms.RadioSelect,
            "delivery": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "applicant_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        labels = {
            "applicant_name": _("Name (of the person or organisation)"),
            "contact_person": _("Contact person (for an organisation)"),
            "contact_email": _("Email (optional: we send a notice at each step)"),
            "contact_address": _("Postal address (needed for replies on paper)"),
            "document_number": _("Document number, if known"),
            "accessibility_need": _("Do you need help with reading, sight or hearing? (optional)"),
        }
        help_texts = {
            "description": _(
                "Name the information you want, its document number, "
                "or describe it so it can be found."
            ),
            "id_number": _("The number on the document that proves who you are."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = handling_units()
        self.fields["applicant_type"].choices = ApplicantType.choices
        self.fields["delivery"].choices = self.fields["delivery"].choices[1:]
        self.fields["id_type"].required = True
        self.fields["id_type"].choices = IdType.choices
        self.fields["id_type"].initial = IdType.ID_CARD
        self.fields["applicant_type"].initial = ApplicantType.NATURAL_PERSON
        self.fields["id_number"].required = True

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("applicant_type")
        if kind and kind != ApplicantType.NATURAL_PERSON and not data.get("contact_person"):
            self.add_error("contact_person", _("An organisation must name its contact person."))
        if data.get("delivery") == "paper" and not data.get("contact_address"):
            self.add_error("contact_address", _("Give a postal address for a reply on paper."))
        if data.get("delivery") == "electronic" and not data.get("contact_email"):
            self.add_error("contact_email", _("Give an email address for an electronic reply."))
        if kind == ApplicantType.NATURAL_PERSON and data.get("id_type") == IdType.CREDIT_CODE:
            self.add_error(
                "id_type", _("A natural person proves identity with a personal document.")
            )
        return data

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in APPLICANT_FIELDS}


class RegisterForm(ApplicantForm):
    channel = forms.ChoiceField(
        label=_("How it arrived"),
        choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
        widget=forms.RadioSelect,
    )
    arrived_on = forms.DateField(label=_("Day it arrived"), widget=DateInput, required=False)
    received_on = forms.DateField(
        label=_("Date of receipt"),
        widget=DateInput,
        required=False,
        help_text=_(
            "In person: the day handed in. Registered post: the day signed for. Ordinary post, "
            "fax, email: the day the office confirmed with the applicant; leave empty until then."
        ),
    )

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


def _date_field(label=_("Date")) -> forms.DateField:  # noqa: B008 - a lazy string
    return forms.DateField(label=label, widget=DateInput, help_text=_("The day it happened."))


class StepForm(forms.Form):
    """A clock step: the day it happened and the step's own fields."""

    date = _date_field()

    def __init__(self, *args, today: dt.date, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("date", today)
        super().__init__(*args, **kwargs)

    def step_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("date", "files")}


class ReceiveForm(StepForm):
    date = _date_field(_("Date of receipt (the day confirmed with the applicant)"))
    note = forms.CharField(label=_("How it was confirmed"), max_length=200, required=False)


class ClarifyForm(StepForm):
    corrections = forms.CharField(
        label=_("Everything the applicant must correct"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A clarification may be asked for once only: list everything."),
    )
    deadline = forms.DateField(label=_("Correction deadline"), widget=DateInput)

    def __init__(self, *args, today: dt.date, calendar, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault(
            "deadline", clock.default_correction_deadline(today, calendar)
        )
        super().__init__(*args, today=today, **kwargs)


class CorrectedForm(StepForm):
    date = _date_field(_("Day the corrected application was received"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ConsultStartForm(StepForm):
    party = forms.CharField(label=_("Third party or agency consulted"), max_length=200)
    party_kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            ("third_party", _("third party (Art. 32)")),
            ("agency", _("other agency (Art. 34)")),
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ConsultEndForm(StepForm):
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[
            ("agreed", _("agreed to disclosure")),
            ("objected", _("objected, with reasons")),
            ("no_answer", _("no answer within the deadline")),
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ExtendForm(StepForm):
    days = forms.IntegerField(
        label=_("Working days"),
        min_value=1,
        max_value=clock.MAX_EXTENSION_DAYS,
        initial=clock.MAX_EXTENSION_DAYS,
    )
    reason = forms.CharField(
        label=_("Reason (told to the applicant)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class FeeNoticeForm(StepForm):
    method = forms.ChoiceField(
        label=_("Fee counted"),
        choices=[
            (fees.BY_COUNT, _("by the applicant's applications this month")),
            (fees.BY_PAGES, _("by the pages of this application")),
        ],
        widget=forms.RadioSelect,
    )
    quantity = forms.IntegerField(
        label=_("Pages"),
        min_value=1,
        required=False,
        help_text=_("Only for a fee by pages; by count, the applications are counted for you."),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("method") == fees.BY_PAGES and not data.get("quantity"):
            self.add_error("quantity", _("Give the number of pages."))
        if data.get("method") == fees.BY_COUNT:
            data.pop("quantity", None)
        return data

    def step_data(self) -> dict:
        return {k: v for k, v in super().step_data().items() if v is not None}


class SignOffForm(StepForm):
    """签发: recorded by the reviewer or leader who approves the drafted reply."""

    date = _date_field(_("Date signed off and sent"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ThirdPartyNoticeForm(StepForm):
    """Art. 32: the third party is told before information is disclosed over its objection."""

    date = _date_field(_("Date the notice was sent to the third party"))
    note = forms.CharField(label=_("How it was sent"), max_length=200, required=False)


class FeePaidForm(StepForm):
    note = forms.CharField(label=_("Receipt or note"), max_length=200, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _checked_files(files: list) -> list:
    """The files, each checked by the attachments' one validator (content, not name; size;
    shape), so that the form says early what the action would refuse."""
    uploads.check_attachments(files)
    return files


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ReplyForm(StepForm):
    outcome = forms.ChoiceField(label=_("Outcome (row of the annual report's table 3)"))
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    reasons = forms.CharField(
        label=_("Reasons, or where and how the information can be obtained"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    already_public = forms.BooleanField(
        label=_("The information has already been made public"), required=False
    )
    where = forms.CharField(
        label=_("Where and how to obtain it (printed in the letter)"),
        max_length=300,
        required=False,
    )
    responsible_body = forms.CharField(
        label=_("The body responsible for the information, when known"),
        max_length=120,
        required=False,
    )
    files = MultipleFileField(label=_("Files released"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", _("— choose —")), *outcomes.choices()]

    def clean_files(self) -> list:
        return _checked_files(self.cleaned_data.get("files") or [])

    def clean(self) -> dict:
        data = super().clean() or {}
        outcome = outcomes.BY_KEY.get(data.get("outcome", ""))
        if (
            outcome
            and outcome.key != outcomes.DISCLOSED_KEY
            and not (data.get("reasons") or "").strip()
        ):
            self.add_error("reasons", _("Give the reasons: the applicant is told them."))
        if outcome and outcome.refusal and not (data.get("legal_basis") or "").strip():
            self.add_error("legal_basis", _("A refusal must name its legal basis."))
        wants_where = data.get("already_public") or (
            outcome and outcome.key == outcomes.PUBLICATION_KEY
        )
        if wants_where and not (data.get("where") or "").strip():
            self.add_error(
                "where", _("Say where and how the applicant can obtain the information.")
            )
        return data


class AssignForm(forms.Form):
    to = forms.ModelChoiceField(
        label=_("Handler"), queryset=None, required=False, empty_label=_("— nobody —")
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = User.objects.filter(pk__in=[p.pk for p in people])


class TransferForm(forms.Form):
    to = forms.ModelChoiceField(label=_("Transfer to"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, targets, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = targets


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)
    token = forms.CharField(
        label=_("Secret key from your status link"), max_length=64, required=False
    )
    phone_last4 = forms.RegexField(
        label=_("Or: the last four digits of the phone given in the application"),
        regex=r"^\d{4}$",
        required=False,
        error_messages={"invalid": _("Give four digits.")},
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if not data.get("token") and not data.get("phone_last4") and not self.errors:
            raise ValidationError(
                _("Give the secret key from your link, or the last four digits of your phone.")
            )
        return data


class AskReasonsForm(StepForm):
    questions = forms.CharField(
        label=_("What the applicant is asked to explain"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Art. 35: the number or frequency of the applications clearly exceeds a reasonable "
            "range. The days until the reasons come are not counted (our reading)."
        ),
    )
    deadline = forms.DateField(label=_("Reasons due by"), widget=DateInput)


class ReasonsAnsweredForm(StepForm):
    result = forms.ChoiceField(
        label=_("The reasons"),
        choices=[
            ("reasonable", _("reasonable: the application is handled")),
            ("unreasonable", _("unreasonable: the application will not be processed")),
            ("no_answer", _("not given by the deadline")),
        ],
    )
    later_due = forms.DateField(
        label=_("A later reply date, if reasonable but the 20 working days cannot be met"),
        widget=DateInput,
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ProactiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (how many have asked for it)"),
        max_length=500,
        help_text=_(
            "Art. 44: information many applicants ask for may be disclosed proactively. A draft "
            "item goes into the unit's catalog, to be completed and brought into use."
        ),
    )


class RecordsAskForm(StepForm):
    records = forms.CharField(
        label=_("Records the applicant says are inaccurate"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.CharField(label=_("Evidence given"), max_length=500)


class RecordsDecideForm(StepForm):
    result = forms.ChoiceField(
        label=_("Decision"), choices=[(k, v) for k, v in RECORDS_RESULTS.items()]
    )
    body = forms.CharField(
        label=_("Body that may correct the records (when not this office)"),
        max_length=200,
        required=False,
    )
    note = forms.CharField(
        label=_("Reasons or what was corrected (told to the applicant)"),
        max_length=500,
        required=False,
    )


STEP_FORMS: dict[str, type[StepForm]] = {
    "receive": ReceiveForm,
    "clarify": ClarifyForm,
    "corrected": CorrectedForm,
    "consult_start": ConsultStartForm,
    "consult_end": ConsultEndForm,
    "extend": ExtendForm,
    "reply": ReplyForm,
    "sign_off": SignOffForm,
    "third_party_notice": ThirdPartyNoticeForm,
    "fee_notice": FeeNoticeForm,
    "fee_paid": FeePaidForm,
    "ask_reasons": AskReasonsForm,
    "reasons_answered": ReasonsAnsweredForm,
}


class CorrectionAnswerForm(forms.Form):
    """The applicant's answer to a correction request, on their status page."""

    text = forms.CharField(
        label=_("Your correction"),
        help_text=_("Answer every point the office listed: what you want, and its details."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        required=False,
    )
    files = MultipleFileField(
        label=_("Files (optional: PDF, Word, Excel, PNG or JPEG)"), required=False
    )

    def clean_files(self) -> list:
        return _checked_files(self.cleaned_data.get("files") or [])
