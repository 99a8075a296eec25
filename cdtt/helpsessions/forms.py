"""The planning form: what a leader or a commune officer fills in to plan a session."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cdtt.accounts.models import Role
from cdtt.accounts.scoping import scope
from cdtt.activities.models import ActivityType
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.teams.access import led_teams
from cdtt.teams.models import Team
from cdtt.text import LineField, TextField

from .actions import MAX_NEEDED, MAX_WEEKS
from .models import DEFAULT_BRING


def plannable_teams(user):
    """The teams the user may plan sessions for: his subtree's for an officer, the teams he
    leads (or his unit's) for a leader."""
    teams = Team.objects.select_related("unit").order_by("unit__path")
    if user.is_officer:
        return scope(user, teams).filter(unit__level__in=(Level.COMMUNE, Level.VILLAGE))
    unit_team = [user.orgunit_id] if user.orgunit_id else []
    return teams.filter(pk__in=led_teams(user)) | teams.filter(unit_id__in=unit_team)


def plans_any(user) -> bool:
    """Whether the user may plan a session for some team (a leader of a team may: no
    query)."""
    if user.role == Role.MEMBER:
        return False
    return (not user.is_officer and bool(led_teams(user))) or plannable_teams(user).exists()


class PlanForm(forms.Form):
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"), queryset=Team.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    village = forms.ModelChoiceField(label=_("Village"), queryset=OrgUnit.objects.none())
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Start"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("End"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = LineField(
        label=_("Place"), max_length=120, help_text=_("For example: Nhà văn hóa bản Mường 1.")
    )
    address = LineField(label=_("Address"), max_length=200, required=False)
    types = forms.ModelMultipleChoiceField(
        label=_("Help offered"),
        queryset=ActivityType.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    bring = TextField(
        label=_("What to bring (one per line)"),
        max_length=600,
        required=False,
        initial="\n".join(DEFAULT_BRING),
    )
    members_needed = forms.IntegerField(
        label=_("Members needed"), min_value=1, max_value=MAX_NEEDED, initial=3
    )
    weeks = forms.IntegerField(
        label=_("Repeat every week, number of sessions"),
        min_value=1,
        max_value=MAX_WEEKS,
        initial=1,
        help_text=_("1: once. 4: the same day and time for the next 4 weeks."),
    )
    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        teams = plannable_teams(user) if user.is_authenticated else Team.objects.none()
        self.fields["teams"].queryset = teams
        self.fields["teams"].label_from_instance = lambda team: team.unit.name
        paths = [t.unit.path for t in teams]
        communes = {t.unit.commune.pk for t in teams if t.unit.commune}
        villages = OrgUnit.objects.current().filter(
            level__in=(Level.COMMUNE, Level.VILLAGE), parent_id__in=communes
        ) | OrgUnit.objects.filter(pk__in=communes)
        if not getattr(user, "is_officer", False):
            villages = OrgUnit.objects.filter(pk__in=[t.unit_id for t in teams])
        self.fields["village"].queryset = villages.order_by("path")
        if len(paths) == 1:
            self.fields["teams"].initial = [teams[0].pk]
            self.fields["village"].initial = teams[0].unit_id
        self.fields["date"].initial = _next_sunday()
        self.fields["start"].initial = "07:30"
        self.fields["end"].initial = "11:00"

    def bring_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["bring"].splitlines() if line.strip()]

    def unit(self):
        """The organising unit: the team's own for one team, the commune for several."""
        teams = list(self.cleaned_data["teams"])
        if len(teams) == 1:
            return teams[0].unit
        return teams[0].unit.commune


def _next_sunday():
    today = timezone.localdate()
    return today + timedelta(days=(6 - today.weekday()) % 7 or 7)
