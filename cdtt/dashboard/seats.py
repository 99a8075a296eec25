"""Seats: a member's place in one team over a range of months, and the days it was held.

A person on a commune team and a village team holds two seats; figures count seats, as
report completeness counts (team, member) pairs. A member who left and came back holds one
seat with two spans. Membership is read live (it is not activity data, so it has no facts).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from cdtt.orgunits.models import OrgUnit
from cdtt.periods import Period
from cdtt.teams.models import Member, Membership, Team, TeamRole


@dataclass(frozen=True, slots=True)
class SeatMember:
    """What figures read of a member, built from plain values: a country has 370,000 seats,
    and a model instance per seat cost more than the query that found them."""

    pk: int
    full_name: str
    name_sort: str
    birth_year: int | None
    affiliation: str


@dataclass
class Seat:
    member: SeatMember
    team: Team
    spans: list[tuple[date, date | None]] = field(default_factory=list)
    role: str = ""  # the role of the latest membership (leader, deputy, member)

    @property
    def key(self) -> tuple[int, int]:
        return self.member.pk, self.team.id

    def days_in(self, period: Period) -> int:
        """Days of the period the member was on the team (overlapping spans counted once)."""
        if len(self.spans) == 1:  # most seats: one span, nothing to merge
            start, end = self.spans[0]
            first, last = max(start, period.first_day), min(end or period.last_day, period.last_day)
            return (last - first).days + 1 if first <= last else 0
        clipped = sorted(
            (max(start, period.first_day), min(end or period.last_day, period.last_day))
            for start, end in self.spans
        )
        days, reach = 0, period.first_day - timedelta(days=1)
        for first, last in clipped:
            first = max(first, reach + timedelta(days=1))
            if first <= last:
                days += (last - first).days + 1
                reach = last
        return days

    def held_in(self, period: Period) -> bool:
        """Held on at least one day of the period (days_in > 0, without counting)."""
        first, last = period.first_day, period.last_day
        return any(start <= last and (end is None or end >= first) for start, end in self.spans)

    def months_in_force(self, periods: list[Period]) -> Fraction:
        """Months on the team within the periods, part months as fractions of their days."""
        whole, parts = 0, Fraction(0)
        for period in periods:
            days = self.days_in(period)
            if days == period.days:
                whole += 1
            elif days:
                parts += Fraction(days, period.days)
        return parts + whole

    def in_force_on(self, day: date) -> bool:
        return any(start <= day and (end is None or end >= day) for start, end in self.spans)

    def start_on(self, day: date) -> date | None:
        """The start of the span in force on `day`."""
        starts = [s for s, e in self.spans if s <= day and (e is None or e >= day)]
        return max(starts) if starts else None


def held_counts(found: list[Seat], periods: list[Period]) -> list[int]:
    """For each of the (consecutive) periods, how many of the seats were held in it: one
    pass over the spans, not a check of every seat against every month."""

    def number(day: date) -> int:
        return day.year * 12 + day.month - 1

    base, top = number(periods[0].first_day), number(periods[-1].first_day)
    counts = [0] * len(periods)
    for seat in found:
        held = set()
        for start, end in seat.spans:
            first = max(base, number(start))
            last = min(top, number(end) if end is not None else top)
            held.update(range(first, last + 1))
        for month in held:
            counts[month - base] += 1
    return counts


def seats(unit: OrgUnit, first: Period, last: Period, team: Team | None = None) -> list[Seat]:
    """Every seat of the subtree's teams (or of one team) held on at least one day of
    first..last, in team then member name order (three queries).

    Memberships are read as plain values and each team and member built once: a province
    has ten thousand seats but a few thousand teams, and building five model objects per
    membership cost more than the queries."""
    memberships = Membership.objects.overlapping(first.first_day, last.last_day)
    if team is not None:
        memberships = memberships.filter(team=team)
    else:
        memberships = memberships.filter(team__unit__path__startswith=unit.path)
    rows = list(
        memberships.order_by(
            "team__unit__name_sort", "member__name_sort", "member_id", "start"
        ).values_list("member_id", "team_id", "start", "end", "role")
    )
    # Subqueries, not lists of thousands of ids: the database finds them faster than the
    # driver can send a list.
    teams = {
        t.pk: t
        for t in Team.objects.filter(pk__in=memberships.values("team_id")).select_related(
            "unit__parent"
        )
    }
    members = {
        row[0]: SeatMember(*row[:4], row[4] or "")
        for row in Member.objects.filter(pk__in=memberships.values("member_id")).values_list(
            *SEAT_MEMBER
        )
    }
    roles = dict(TeamRole.choices)
    found: dict[tuple[int, int], Seat] = {}
    for member_id, team_id, start, end, role in rows:
        seat = found.get((member_id, team_id))
        if seat is None:
            seat = found[member_id, team_id] = Seat(members[member_id], teams[team_id])
        seat.spans.append((start, end))
        seat.role = roles.get(role, role)  # ordered by start: the latest wins
    return list(found.values())


# What figures read of a member (SeatMember's fields).
SEAT_MEMBER = ("id", "full_name", "name_sort", "birth_year", "affiliation")
