"""Forms of the team screens: they parse types only; the rules live in `members`."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cdtt.orgunits.forms import VillageImportForm
from cdtt.text import LineField

from . import rules
from .models import Affiliation, Gender, Skill, TeamRole

TOPIC_LENGTH = 200  # as the model (Training.topic, Training.organiser)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberForm(forms.Form):
    """A person's own details, as on the edit page."""

    full_name = LineField(label=_("Full name"), max_length=rules.NAME_LENGTH)
    phone = LineField(
        label=_("Mobile phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    phone_public = forms.BooleanField(
        label=_("Agrees to have this number shown in the public team directory"),
        required=False,
    )
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", "—"), *Gender.choices]
    )
    affiliation = forms.ChoiceField(
        label=_("Affiliation"), required=False, choices=[("", "—"), *Affiliation.choices]
    )
    affiliation_note = LineField(
        label=_("Affiliation or workplace, as written"),
        required=False,
        max_length=rules.NOTE_LENGTH,
    )
    ethnicity = LineField(
        label=_("Ethnicity"),
        required=False,
        max_length=rules.ETHNICITY_LENGTH,
        help_text=_("Sensitive data: optional, never shown publicly."),
    )
    skills = forms.MultipleChoiceField(
        label=_("Can guide residents through"),
        required=False,
        choices=Skill.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class NewMemberForm(MemberForm):
    """A person joining a team: their details, their role and the day they start."""

    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices)
    start = forms.DateField(label=_("Member since"), widget=DATE)

    field_order = ["full_name", "phone", "phone_public", "role", "birth_year", "gender",
                   "affiliation", "affiliation_note", "ethnicity", "skills", "start"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].initial = timezone.localdate()
        self.fields["role"].initial = TeamRole.MEMBER


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices)


class EndForm(forms.Form):
    end = forms.DateField(label=_("Last day in the team"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end"].initial = timezone.localdate()


class TrainingForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE)
    topic = LineField(label=_("Topic"), max_length=TOPIC_LENGTH)
    organiser = LineField(label=_("Organised by"), required=False, max_length=TOPIC_LENGTH)


class MemberImportForm(VillageImportForm):
    """The same upload checks as every list import, the decision's date and whether the
    list replaces the teams it names (kiện toàn)."""

    day = forms.DateField(
        label=_("Date of the decision (the day the list takes effect)"),
        widget=DATE,
        help_text=_("New members start on this day; members who leave stop the day before."),
    )
    replace = forms.BooleanField(
        label=_("This list replaces the whole team (reconstitution): members not on it leave"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()

    def clean_day(self):
        from .imports import check_day

        day = self.cleaned_data["day"]
        refusal = check_day(day)
        if refusal:
            raise forms.ValidationError(refusal)
        return day
