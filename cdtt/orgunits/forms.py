"""Forms of the units screens: a village typed in, an Excel list of villages uploaded."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cdtt.text import LineField

from .models import VILLAGE_KINDS

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class VillageForm(forms.Form):
    name = LineField(label=_("Name of the village"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.label) for k in VILLAGE_KINDS])
    population = forms.IntegerField(
        label=_("Population"), required=False, min_value=0, max_value=10_000_000
    )
    households = forms.IntegerField(
        label=_("Households"), required=False, min_value=0, max_value=10_000_000
    )
    households_without_smartphone = forms.IntegerField(
        label=_("Households without a smartphone"),
        required=False,
        min_value=0,
        max_value=10_000_000,
    )


class VillageImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel .xlsx file."))
        return upload
