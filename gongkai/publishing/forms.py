from __future__ import annotations

import copy

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import CatalogItem
from gongkai.core.models import DOCUMENT_AUDIENCES, Audience

from .models import SERVICE_FIELDS, PublicationVersion
from .richtext import has_inline_picture


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={
                    "accept": ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg",
                }
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The fields the privacy checks read as the clerk writes (the body is HTML).
CHECKED_FIELDS = ("title", "summary", "body", *SERVICE_FIELDS)


class PeriodInput(forms.TextInput):
    """A text box offering the periods still open for the item (a datalist: no script)."""

    def __init__(self, periods: list, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.periods = periods

    def render(self, name, value, attrs=None, renderer=None):
        if not self.periods:
            return super().render(name, value, attrs, renderer)
        list_id = f"{(attrs or {}).get('id') or name}-open"
        box = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join(
            "", '<option value="{}">{}</option>', ((p.code, p.label) for p in self.periods)
        )
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, options)


class PublicationForm(forms.ModelForm):
    """The fields of a draft, with the files sent along with it."""

    item = forms.ModelChoiceField(label=_("Catalog item"), queryset=CatalogItem.objects.none())
    audience = forms.ChoiceField(
        label=_("Audience"), choices=DOCUMENT_AUDIENCES, initial=Audience.PUBLIC
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, Word, Excel, PNG or JPEG; several may be chosen at once."),
    )
    attachment_titles = forms.CharField(
        label=_("Attachment titles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One title a line, in the order of the files chosen, e.g. 2026年部门预算说明. "
            "Readers see and print the title, not the file name."
        ),
    )
    interprets = forms.CharField(
        label=_("Interprets the policy (政策解读)"),
        max_length=32,
        required=False,
        help_text=_(
            "For an interpretation: the index number of the policy it explains, published by "
            "this unit or a unit above it, e.g. 100002003/2026-00001. Leave empty otherwise."
        ),
    )
    table_caption = forms.CharField(label=_("Table title"), max_length=200, required=False)
    table_file = forms.FileField(
        label=_("Table (CSV or Excel .xlsx)"),
        required=False,
        help_text=_(
            "The first row holds the column headings. It is shown as a table and can be downloaded."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    class Meta:
        model = PublicationVersion
        fields = (
            "title",
            "summary",
            "body",
            "topic",
            "publisher_name",
            "doc_no",
            "written_on",
            "period",
            "validity",
            "validity_changed_on",
            "approval_reference",
            "change_reason",
            "changed_on",
            *SERVICE_FIELDS,
        )
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            # With script, the rich-text editor takes the textarea's place and writes its
            # HTML back into it; without, the textarea is the editor.
            "body": forms.Textarea(attrs={"rows": 12, "data-rich-text": ""}),
            "written_on": DATE,
            "validity_changed_on": DATE,
            "changed_on": DATE,
            **{name: forms.Textarea(attrs={"rows": 3}) for name in SERVICE_FIELDS},
        }
        help_texts = {
            "body": _(
                "Write here, or paste from Word or WPS: headings, lists and tables are kept, "
                "fonts and colours are not. The picture button puts a PNG or JPEG picture into "
                "the text, kept as an attachment of the draft. Without the editor: paragraphs "
                "of text, or simple HTML."
            ),
            "doc_no": _("e.g. 青政发〔2026〕3号; leave empty if the document has none."),
        }

    def __init__(
        self,
        *args,
        items,
        service_guide: bool,
        amending: bool,
        fixed_item: bool,
        periods: list | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["doc_no"].widget.attrs["placeholder"] = "青政发〔2026〕3号"
        self.fields["period"].widget = PeriodInput(periods or [])
        self.fields["period"].widget.attrs["placeholder"] = "2026-H1"
        if fixed_item:
            self.fields["item"].disabled = True
            self.fields["audience"].disabled = True
        if not service_guide:
            for name in SERVICE_FIELDS:
                del self.fields[name]
        if amending:
            self.fields["change_reason"].required = True
            self.fields["change_reason"].help_text = _(
                "Shown to the public with the list of versions."
            )
        else:
            del self.fields["change_reason"]

    def content(self) -> dict:
        skip = {
            "item",
            "audience",
            "attachments",
            "attachment_titles",
            "table_caption",
            "table_file",
            "interprets",
        }
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}

    def titles(self) -> list[str]:
        text = self.cleaned_data.get("attachment_titles") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean(self) -> dict:
        cleaned = super().clean()
        files = cleaned.get("attachments") or []
        if files and len(self.titles()) != len(files):
            self.add_error(
                "attachment_titles",
                _(
                    "Give each attachment a title, one a line in the order of the files "
                    "(%(files)d files, %(titles)d titles)."
                )
                % {"files": len(files), "titles": len(self.titles())},
            )
        return cleaned

    def clean_body(self) -> str:
        body = self.cleaned_data.get("body") or ""
        if has_inline_picture(body):
            raise forms.ValidationError(
                _(
                    "A picture was pasted into the text itself. Insert pictures with the "
                    "editor's picture button (PNG or JPEG): each is kept as an attachment of "
                    "the draft, with a title."
                ),
                code="inline_picture",
            )
        return body

    def table_uploads(self) -> list:
        upload = self.cleaned_data.get("table_file")
        return [(self.cleaned_data.get("table_caption") or "", upload)] if upload else []


class ItemChoiceForm(forms.Form):
    """Step one of a new publication: which unit, under which catalog item."""

    item = forms.ModelChoiceField(label=_("Catalog item"), queryset=CatalogItem.objects.none())

    def __init__(self, *args, items, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ReturnForm(forms.Form):
    comments = forms.CharField(
        label=_("Comments for the clerk"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ApproveForm(forms.Form):
    """The secrecy review (保密审查) the reviewer confirms with the approval."""

    no_state_secret = forms.BooleanField(
        label=_("It contains no state secret and no work secret."), required=True
    )
    no_superior_document = forms.BooleanField(
        label=_("It re-posts no non-public document of a superior body."), required=True
    )
    privacy_lawful = forms.BooleanField(
        label=_("It discloses no personal information beyond what the law allows."),
        required=True,
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at (leave empty to publish yourself once approved)"),
        required=False,
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class DecisionForm(forms.Form):
    meeting = forms.CharField(
        label=_("Meeting"), max_length=120, help_text=_("e.g. 青山镇党委会议（党政联席会议）")
    )
    held_on = forms.DateField(label=_("Date of the meeting"), widget=DATE)
    minutes_no = forms.CharField(label=_("Minutes number"), max_length=60)
    attendees = forms.CharField(label=_("Attendees"), widget=forms.Textarea(attrs={"rows": 2}))
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}))


class CongressForm(forms.Form):
    session = forms.CharField(
        label=_("Session"), max_length=120, help_text=_("e.g. 青山镇第十八届人民代表大会第五次会议")
    )
    held_on = forms.DateField(label=_("Date of the session"), widget=DATE)
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(forms.Form):
    """勘误: the text of the published version, corrected, and what and why, for the public."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary of the content"), widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Body"),
        required=False,
        widget=copy.deepcopy(PublicationForm.base_fields["body"].widget),
    )
    correction_note = forms.CharField(
        label=_("What is corrected"),
        max_length=300,
        help_text=_("e.g. 第二段“支出1265万元”更正为“支出1256万元”. Shown to the public."),
    )
    change_reason = forms.CharField(
        label=_("Why"),
        max_length=300,
        help_text=_("e.g. 录入时数字顺序颠倒. Shown to the public with the correction."),
    )

    def text(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "summary", "body")}


class PublishCorrectionForm(forms.Form):
    """The secrecy review (保密审查), confirmed by the one reviewer of a correction."""

    no_state_secret = ApproveForm.base_fields["no_state_secret"]
    no_superior_document = ApproveForm.base_fields["no_superior_document"]
    privacy_lawful = ApproveForm.base_fields["privacy_lawful"]


class MaterialForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the change is material"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. 更正改变了预算金额，须经人大审查批准后重新发布."),
    )


class TakeDownForm(forms.Form):
    """A take-down deletes for good: the reason, and a confirmation that this is meant."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(
        label=_(
            "I confirm: the text, tables and files of every published version are deleted "
            "for good; only their seal hashes stay."
        ),
    )
