"""Forms of the committee's duties: sending a directive, recording an inspection."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cdtt.text import LineField, TextField

from .actions import FINDINGS_LENGTH, TASK_LENGTH
from .models import Directive

ATTACHMENT_TYPES = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "jpg", "jpeg", "png"]
ATTACHMENT_MAX = 10 * 1024 * 1024
FOLLOW_UP_ROWS = 3


class DirectiveForm(forms.ModelForm):
    class Meta:
        model = Directive
        fields = ["unit", "title", "text", "due_date", "attachment"]
        field_classes = {"title": LineField, "text": TextField}
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.fields["attachment"].validators.append(FileExtensionValidator(ATTACHMENT_TYPES))
        self.fields["attachment"].help_text = _("PDF, Word, Excel or a picture, up to 10 MB.")

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if attachment and attachment.size > ATTACHMENT_MAX:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return attachment


class InspectionForm(forms.Form):
    date = forms.DateField(
        label=_("Date of the inspection"), widget=forms.DateInput(attrs={"type": "date"})
    )
    # No score is chosen beforehand: the inspector picks one, or is told to.
    assessment = forms.TypedChoiceField(
        label=_("Assessment"),
        coerce=int,
        error_messages={"required": _("Choose the assessment, from 1 to 5.")},
        choices=[
            ("", _("— choose a score —")),
            (5, _("5 – very good")),
            (4, _("4 – good")),
            (3, _("3 – fair")),
            (2, _("2 – weak")),
            (1, _("1 – poor")),
        ],
    )
    findings = TextField(
        label=_("Findings"),
        max_length=FINDINGS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        for n in range(1, FOLLOW_UP_ROWS + 1):
            self.fields[f"task_{n}"] = LineField(
                label=_("Follow-up task %(n)s") % {"n": n}, required=False, max_length=TASK_LENGTH
            )
            self.fields[f"due_{n}"] = forms.DateField(
                label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
            )

    def follow_ups(self) -> list:
        return [
            (self.cleaned_data.get(f"task_{n}") or "", self.cleaned_data.get(f"due_{n}"))
            for n in range(1, FOLLOW_UP_ROWS + 1)
        ]

    def task_rows(self):
        return [(self[f"task_{n}"], self[f"due_{n}"]) for n in range(1, FOLLOW_UP_ROWS + 1)]
