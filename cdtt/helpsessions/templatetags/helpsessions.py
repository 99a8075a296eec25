"""Help sessions shown inside other apps' pages: the portal's upcoming sessions, and the
open sessions on a member's or leader's home. Each is one line in the host template."""

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from cdtt import parts
from cdtt.orgunits.models import OrgUnit
from cdtt.teams.models import Member, Membership, Team

from ..models import Seat, Session
from ..rules import my_team_ids, visible_sessions

register = template.Library()

SHOWN = 6


@register.inclusion_tag("helpsessions/_upcoming.html")
def upcoming_sessions(unit: OrgUnit | None = None) -> dict:
    """The next planned sessions: all of them on the home page; in a unit's directory page,
    those held in it and those of the units above it (a commune's session for its villages)."""
    sessions = Session.objects.upcoming().select_related("village", "unit")
    if unit is not None:
        sessions = sessions.filter(
            Q(village__in=OrgUnit.objects.in_subtree(unit).values("pk"))
            | Q(unit_id__in=[*unit.ancestor_ids, unit.pk])
        )
    return {"sessions": list(sessions[:SHOWN]), "unit": unit}


# What the open sessions read (cdtt.parts): the sessions, their teams and seats, and the
# user's teams (read once per request, perhaps from the user's memo: named here either way).
OPEN = parts.Part.of(
    "open-sessions",
    reads=[
        Session, Session.teams.through, Seat, Member, Membership, Team, OrgUnit,
    ],
)  # fmt: skip


@register.inclusion_tag("helpsessions/_open.html", takes_context=True)
def open_sessions(context) -> dict:
    """The user's teams' planned sessions still needing people, with a sign-up button; for
    a leader, who is coming. Kept between the changes of what it reads, per user and day."""
    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return {"sessions": []}
    today = timezone.localdate()
    shown = parts.remember(OPEN, (parts.viewer(user), str(today)), lambda: _open(user, today))
    return {**shown, "request": request}


def _open(user, today) -> dict:
    mine = my_team_ids(user)
    sessions = (
        visible_sessions(user, Session.objects.upcoming(today), mine=mine)
        .select_related("village")
        .annotate(seated=Count("seats", distinct=True))
        .prefetch_related("seats__member")
    )
    rows = []
    for session in sessions[:SHOWN]:
        seated = {s.member.user_id for s in session.seats.all()}
        rows.append(
            {
                "session": session,
                "signed_up": user.pk in seated,
                "missing": max(0, session.members_needed - session.seated),
                "names": sorted(s.member.full_name for s in session.seats.all()),
            }
        )
    from ..forms import plans_any

    return {
        "sessions": rows,
        "can_sign_up": bool(mine),
        "can_plan": plans_any(user),
    }


# A province has thousands of villages: the page lists the first ones of a figure, the
# monthly report and the stats API all of them.
LISTED = 60


@register.inclusion_tag("helpsessions/_figures.html")
def session_figures(unit: OrgUnit, first, last) -> dict:
    """The sessions' steering figures on a unit's dashboard page (rendered within the page's
    shared figures), each row's cells in the order of its columns."""
    from ..figures import figures

    shown = []
    for figure in figures(unit, first, last):
        keys = [key for key, _heading in figure.columns]
        rows = [[row[key] for key in keys] for row in figure.rows[:LISTED]]
        shown.append({"figure": figure, "rows": rows, "more": len(figure.rows) - len(rows)})
    return {"figures": shown}
