"""The member's banner of what is due, shown above the entry page."""

from django import template
from django.utils import timezone

from cdtt import parts
from cdtt.home.todo import member_due, reports_by_teams
from cdtt.orgunits.models import OrgUnit
from cdtt.portal.models import HelpRequest
from cdtt.reports.models import MonthlyReport, ReportSettings, TeamMonth, Transition
from cdtt.teams.models import Member, Membership, Team

register = template.Library()

# The banner's reads (cdtt.parts). The memberships are read once per request and may come
# from the user's memo, so they are named here whether or not this build reads them. The
# reports are stamped per unit (cdtt.reports.actions.reports_of): by her teams' units.
DUE = parts.Part.of(
    "member-due",
    reads=[Member, Membership, Team, OrgUnit, TeamMonth, ReportSettings, HelpRequest],
    keyed=[MonthlyReport, Transition],
)


@register.inclusion_tag("home/_due.html", takes_context=True)
def due_banner(context, user=None) -> dict:
    """What `user` (the page's user by default) has to do, one line each; kept between
    the changes of what it reads. The day is part of the key: "late" starts at midnight."""
    user = user or context["request"].user
    if not user.is_authenticated:
        return {"due": []}
    today = timezone.localdate()
    due = parts.remember(
        DUE,
        (parts.viewer(user), str(today)),
        lambda: member_due(user, today),
        key=reports_by_teams(user, today),
    )
    return {"due": due}
