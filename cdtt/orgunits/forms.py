"""Forms of the units screens: a village typed in, an Excel list of villages uploaded."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cdtt.spreadsheets import XLSX_ADVICE
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
    """An upload of a list: .xlsx (or an old .xls, or a CSV in UTF-8), at most 2 MB.

    What is inside is checked by `cdtt.spreadsheets` (hostile archives, layout, encodings).
    """

    file = forms.FileField(
        label=_("Excel file (.xlsx, .xls or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        if not upload.name.lower().endswith((".xlsx", ".xls", ".csv")):
            raise forms.ValidationError(
                _("Choose an Excel file (.xlsx or .xls) or a CSV file. Other kinds: %(advice)s.")
                % {"advice": XLSX_ADVICE}
            )
        return upload
