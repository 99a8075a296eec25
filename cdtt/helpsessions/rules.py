"""Who may plan, staff, attend and record a help session, and which sessions a user reads.

Reading follows the subtree rule (`cdtt.accounts.scoping.scope`), widened by one thing: a
member reads the sessions her teams staff, even when a commune planned them above her
village. Residents read the planned sessions on the portal without an account.
"""

from django.db.models import Q, QuerySet
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.accounts.scoping import scope
from cdtt.orgunits.models import Level
from cdtt.teams.access import can_manage_team, led_teams, todays_memberships
from cdtt.teams.models import Member, Membership, Team

from .models import Session


class SessionError(ValueError):
    """A session write that cannot be done; `errors` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


class SessionForbidden(SessionError):
    """The actor may not do this to the session (the API answers 403, not 400)."""


def _active(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def member_of(user) -> Member | None:
    """The person behind an account, or None."""
    if not _active(user):
        return None
    try:
        return user.member
    except Member.DoesNotExist:
        return None


def my_team_ids(user, day=None) -> set[int]:
    """The teams the user is a member of on `day` (today by default)."""
    member = member_of(user)
    if member is None:
        return set()
    if day is None:
        return {m.team_id for m in todays_memberships(user)}
    return set(
        Membership.objects.current(on=day).filter(member=member).values_list("team_id", flat=True)
    )


def visible_sessions(
    user, queryset: QuerySet | None = None, mine: set[int] | None = None
) -> QuerySet:
    """The sessions the user reads: those of her subtree and those her teams staff (`mine`:
    her teams today, when the caller has read them already)."""
    queryset = Session.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    in_scope = scope(user, Session.objects.all()).values("pk")
    mine = my_team_ids(user) if mine is None else mine
    if not mine:
        return queryset.filter(pk__in=in_scope)
    staffed = Session.objects.filter(teams__in=mine).values("pk")
    return queryset.filter(Q(pk__in=in_scope) | Q(pk__in=staffed))


def can_plan(user, unit, teams: list[Team]) -> bool:
    """A team's session by those who manage or lead the team; a commune's session (several
    teams, or the commune's own) by the officers over the commune."""
    if not _active(user) or unit.level not in (Level.COMMUNE, Level.VILLAGE) or not teams:
        return False
    if any(not team.unit.path.startswith(unit.path) for team in teams):
        return False
    if user.is_officer:
        return bool(
            scope(user, Team.objects.filter(pk__in=[t.pk for t in teams])).count() == len(teams)
        )
    if len(teams) != 1 or teams[0].unit_id != unit.pk:
        return False
    return can_manage_team(user, teams[0]) or teams[0].pk in led_teams(user)


def can_manage(user, session: Session) -> bool:
    """Assign members, take the attendance, cancel: the officers over it and the leaders of
    its teams."""
    if not _active(user):
        return False
    if user.is_officer:
        return user.role == Role.ADMIN or session.unit.path.startswith(user.orgunit.path)
    teams = list(session.teams.all())
    return any(can_manage_team(user, t) or t.pk in led_teams(user) for t in teams)


def seat_team(member: Member, session: Session, day=None) -> Team | None:
    """The team through which the member staffs the session: her first team among its
    teams, in force on `day` (today by default)."""
    ids = [t.pk for t in session.teams.all()]
    membership = (
        Membership.objects.current(on=day or timezone.localdate())
        .filter(member=member, team_id__in=ids)
        .select_related("team__unit")
        .order_by("team_id")
        .first()
    )
    return membership.team if membership else None
