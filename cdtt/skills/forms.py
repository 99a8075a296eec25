"""Forms of the skills pages: they parse; the rules live in `actions`."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cdtt.orgunits.models import OrgUnit
from cdtt.text import LineField

from .models import Task

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CourseForm(forms.Form):
    course_title = LineField(label=_("Course"), max_length=200)
    certificate_number = LineField(label=_("Certificate number"), max_length=60)
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE)
    task = forms.ModelChoiceField(
        label=_("Task it teaches"), queryset=Task.objects.active(), required=False
    )
    photo = forms.FileField(label=_("Photo of the certificate (optional)"), required=False)


class SessionForm(forms.Form):
    unit: "forms.ModelChoiceField[OrgUnit]" = forms.ModelChoiceField(
        label=_("Organised by"), queryset=None
    )
    title = LineField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DATE)
    place = LineField(label=_("Place"), max_length=200)
    tasks = forms.ModelMultipleChoiceField(
        label=_("Tasks covered"),
        queryset=Task.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[OrgUnit]", self.fields["unit"]).queryset = units
