"""Reads for the entry page: the member's teams and villages, where they last worked, their
month so far. Every queryset passes through the user's scope."""

import functools
import uuid
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils import timezone

from cdtt import parts
from cdtt.accounts.scoping import scope, sees_unit
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.periods import Period
from cdtt.teams.access import recent_memberships, todays_memberships
from cdtt.teams.models import Member, Membership, Team

from .keepers import Kept, keepers_reads, kept
from .models import Activity, ActivityType, MonthLock
from .rules import can_record_for


def own_member(user) -> Member | None:
    """The team member behind a user account, if it is linked to one (and in the user's
    scope: one of its teams is in the subtree)."""
    if not user.pk:
        return None
    member = getattr(user, "member", None)
    if member is not None and any(
        sees_unit(user, m.team.unit) for m in recent_memberships(user)
    ):  # in scope, as the query below would say, read off the memberships the page reads
        return member
    return scope(user, Member.objects.filter(user=user)).first()


def _todays_teams(user, member: Member) -> list[Team]:
    """The teams `member` is on today, in the user's scope, by level and name."""
    if member.user_id == user.pk:  # the user's own: read with the rest of the page
        teams = {m.team for m in todays_memberships(user) if sees_unit(user, m.team.unit)}
        return sorted(teams, key=lambda t: (t.unit.level, t.unit.name_sort, t.pk))
    today = timezone.localdate()
    return list(
        scope(user, Team.objects.select_related("unit"))
        .filter(memberships__member=member)
        .filter(pk__in=member.memberships.current(on=today).values("team"))
        .distinct()
        .order_by("unit__level", "unit__name_sort")
    )


def team_area(team: Team) -> list[OrgUnit]:
    """Where a team's activities may happen: its unit, and the villages of a commune team."""
    units = [team.unit]
    if team.unit.level == Level.COMMUNE:
        units += list(team.unit.children.current().filter(level=Level.VILLAGE).vietnamese_order())
    return units


@dataclass
class EntryChoices:
    """What the entry form offers, and what it starts with."""

    teams: list[Team]
    villages: list[tuple[Team, OrgUnit]]
    team: Team | None = None
    village: OrgUnit | None = None
    frequent: list[ActivityType] = field(default_factory=list)
    others: list[ActivityType] = field(default_factory=list)


def entry_choices(user, member: Member) -> EntryChoices:
    """The teams the user may record in for this member today, their villages, and the last
    team and village the member worked in (the page opens there)."""
    teams = [
        team
        for team in _todays_teams(user, member)
        if can_record_for(user, member, team, scoped=True)
    ]
    villages = [(team, unit) for team in teams for unit in team_area(team)]
    choices = EntryChoices(teams=teams, villages=villages)
    # Read here, not from the worker's copy (catalog()): the choices are kept (cdtt.parts)
    # under the types' stamp, which a copy may lag behind for a moment.
    types = list(ActivityType.objects.filter(active=True))
    choices.frequent = [t for t in types if t.frequent]
    choices.others = [t for t in types if not t.frequent]
    if not teams:
        return choices
    last = (
        scope(user, Activity.objects.filter(member=member, team__in=teams))
        .select_related("team", "village")
        .order_by("-created_at")
        .first()
    )
    if last is not None and (last.team, last.village) in villages:
        choices.team, choices.village = last.team, last.village
    else:
        home = [(t, u) for t, u in villages if u.pk == getattr(user, "orgunit_id", None)]
        choices.team, choices.village = (home or villages)[0]
    return choices


@dataclass
class MemberMonth:
    """A member's month so far: the newest entries, the totals, which teams are locked."""

    period: Period
    activities: list[Activity]  # the newest `listed` entries, or all of them
    entries: int
    total: int
    days_active: int
    locked_teams: set[int]  # the listed entries' teams whose month is locked
    kept: dict[uuid.UUID, Kept]  # those changed on another app's page (a session's share)


def member_month(user, member: Member, period: Period, listed: int | None = None) -> MemberMonth:
    """Only the `listed` newest entries are read: a leader who records for the whole team
    has hundreds of entries a month. When they are all the month has, the totals are
    counted from them; otherwise by the database."""
    in_month = scope(user, Activity.objects.filter(member=member)).in_period(period).order_by()
    newest = in_month.select_related("type", "village", "team__unit").newest_first()
    rows = list(newest[: listed + 1] if listed is not None else newest)  # one more: all read?
    if listed is None or len(rows) <= listed:
        entries, total = len(rows), sum(row.people_helped for row in rows)
        days = len({row.date for row in rows})
    else:
        rows = rows[:listed]
        totals = in_month.aggregate(
            entries=Count("id"), total=Sum("people_helped"), days=Count("date", distinct=True)
        )
        entries, total, days = totals["entries"], totals["total"] or 0, totals["days"]
    teams = {row.team_id for row in rows}  # the page marks the listed entries that are locked
    locked = MonthLock.objects.filter(period=str(period), team_id__in=teams) if teams else None
    return MemberMonth(
        period=period,
        activities=rows,
        entries=entries,
        total=total,
        days_active=days,
        locked_teams=set(locked.values_list("team_id", flat=True)) if locked is not None else set(),
        kept=kept(row.pk for row in rows),
    )


@functools.cache
def month_part() -> parts.Part:
    """The month as the entry page shows it (cdtt.parts): the member's activities (stamped
    per member), the types and places they name, the month locks, and the keepers' shares.
    Built at first use, once the keepers have registered."""
    return parts.Part.of(
        "member-month",
        reads=[ActivityType, Member, OrgUnit, Team, MonthLock, *keepers_reads()],
        keyed=[Activity],
    )


# Where the member may record today and where she last did (cdtt.parts): her memberships
# (perhaps from the user's memo, named either way), their units, the catalog, her activities.
CHOICES = parts.Part.of(
    "entry-choices", reads=[Member, Membership, Team, OrgUnit, ActivityType], keyed=[Activity]
)


def kept_entry_choices(user, member: Member) -> EntryChoices:
    """`entry_choices`, kept between the changes of what it reads, per user, member and day."""
    return parts.remember(
        CHOICES,
        (parts.viewer(user), member.pk, str(timezone.localdate())),
        lambda: entry_choices(user, member),
        key=member.pk,
    )
