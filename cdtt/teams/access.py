"""Who may change which team or person, and what a member may read about teammates: the
rules pages, API, exports and imports all ask.

Seeing is decided first by `cdtt.accounts.scoping.scope` (the user's subtree); what follows
narrows it.

Changing. A leader account changes its own team only, a commune officer every team of the
commune, province officers and administrators every team below them (`can_manage_team`).
A person's own record (name, phone, details, skills, training) is changed only by those who
manage every team she is on now (`can_manage_member`): someone on a village team and on a
team of another commune is kept by an officer over both; each leader still changes their
own team's membership row (role, end).

Reading teammates (the rule of docs/security.md, "What a member may read"). A member's
account reads, about the other members of her team:

- their name and role in the team: yes;
- their phone number: only when they agreed to show it publicly (`Member.phone_public`),
  as the public directory does;
- their figures and words (activities, monthly figures and reports, the team's month and
  its assessment, completeness, every export) and their details (birth year, gender,
  affiliation, ethnicity, skills, training): no.

Her own, all of them. Officers and leader accounts read all of these for the teams of their
subtree; a member who leads a team (its leader or deputy, in force today) reads them for
that team, whose reports she confirms.
"""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from cdtt import parts
from cdtt.accounts.models import Role
from cdtt.orgunits.models import OrgUnit
from cdtt.periods import Period

from .models import Member, Membership, Team, TeamRole

LEADING = (TeamRole.LEADER, TeamRole.DEPUTY)


def _active(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def can_manage_team(user, team: Team) -> bool:
    """True when `user` may add, edit and end the memberships of `team`."""
    if not _active(user):
        return False
    if user.role == Role.ADMIN:
        return True
    if user.orgunit_id is None:
        return False
    if user.role in (Role.PROVINCE, Role.COMMUNE):
        return team.unit.path.startswith(user.orgunit.path)
    if user.role == Role.LEADER:
        return team.unit_id == user.orgunit_id
    return False


def can_manage_member(user, member: Member) -> bool:
    """True when the user may change the member's own record: they manage every team she is
    on now (memberships not ended, or ending today or later), or, once every one has ended,
    every team she was on. Reads all her memberships afresh (never a scoped prefetch, which
    would hide the teams outside the user's subtree)."""
    if not _active(user):
        return False
    if user.role == Role.ADMIN:
        return True
    memberships = list(Membership.objects.filter(member=member).select_related("team__unit"))
    today = timezone.localdate()
    open_ones = [m for m in memberships if m.end is None or m.end >= today]
    chosen = open_ones or memberships
    return bool(chosen) and all(can_manage_team(user, m.team) for m in chosen)


def manages_a_team_of(user, member: Member) -> bool:
    """True when the user manages a team the member belongs to now or belonged to: who may
    read her sensitive data (ethnicity). Reads `member.memberships.all()`, so prefetch
    `memberships__team__unit` for lists."""
    return any(can_manage_team(user, m.team) for m in member.memberships.all())


def can_import(user) -> bool:
    """Imports cover a whole commune or more: officers only."""
    return getattr(user, "is_authenticated", False) and user.is_officer


# Reading: what a member may read about teammates (the module's docstring).


def reads_everyone(user) -> bool:
    """Officers and leader accounts read the figures, words and details of every member of
    their subtree (the subtree itself is `scope`'s)."""
    return _active(user) and (user.is_officer or user.role == Role.LEADER)


def recent_memberships(user, today: date | None = None) -> list[Membership]:
    """The memberships of the user's own member in force on some day from the first of last
    month (the month whose reports are due) to `today` (by default today), with their teams
    up to the province (whose deadline counts): the homes ask about them in several places,
    so they are read once and kept on the user object for the rest of the request."""
    member = getattr(user, "member", None) if _active(user) else None
    if member is None:
        return []
    today = today or timezone.localdate()
    kept = getattr(user, "_cdtt_recent_memberships", None)
    if kept is None or kept[0] != today:
        found = parts.remember(
            MEMBERSHIPS,
            (member.pk, str(today)),
            lambda: list(
                Membership.objects.overlapping(Period.of(today).previous().first_day, today)
                .filter(member=member)
                .select_related("team__unit__parent__parent")
            ),
        )
        kept = user._cdtt_recent_memberships = (today, found)
    return kept[1]


# Every page of a member or leader reads them: kept between the changes of the memberships,
# the teams and the units (cdtt.parts).
MEMBERSHIPS = parts.Part.of("recent-memberships", reads=[Membership, Team, OrgUnit])


def todays_memberships(user) -> list[Membership]:
    """Those of `recent_memberships` in force today."""
    today = timezone.localdate()
    return [
        m
        for m in recent_memberships(user)
        if m.start <= today and (m.end is None or m.end >= today)
    ]


def led_teams(user) -> set[int]:
    """Ids of the teams the user leads today (leader or deputy)."""
    return {m.team_id for m in todays_memberships(user) if m.role in LEADING}


def reads_team_work(user, team: Team) -> bool:
    """The figures and words of the team's members, and their details (the team's month,
    its exports, its dashboard page)."""
    return reads_everyone(user) or (_active(user) and team.pk in led_teams(user))


def reads_area_work(user) -> bool:
    """A unit's month, its official report and its completeness (every team at or below the
    unit): officers and leader accounts."""
    return reads_everyone(user)


def reads_member(user, member: Member) -> bool:
    """The member's figures and words, and her details: herself, officers and leader
    accounts, and those who lead a team she is on today."""
    if not _active(user):
        return False
    if reads_everyone(user) or (member.user_id is not None and member.user_id == user.pk):
        return True
    led = led_teams(user)
    if not led:
        return False
    return Membership.objects.current().filter(member=member, team_id__in=led).exists()


def shown_phone(user, member: Member) -> str | None:
    """The member's phone as the user may read it: when she agreed to show it, or to those
    who read her details (`reads_member`)."""
    if not member.phone:
        return None
    if member.phone_public or reads_member(user, member):
        return member.phone
    return None


def work_of(user, queryset: QuerySet) -> QuerySet:
    """Activities or reports (rows with a `member` and a `team`) the user may read, inside
    what `scope` already left: all of them for officers and leader accounts; for a member,
    her own and those of the teams she leads."""
    if reads_everyone(user):
        return queryset
    if not _active(user):
        return queryset.none()
    return queryset.filter(Q(member__user=user) | Q(team_id__in=led_teams(user)))
