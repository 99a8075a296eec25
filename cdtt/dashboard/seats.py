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
from cdtt.teams.models import Member, Membership, Team


@dataclass
class Seat:
    member: Member
    team: Team
    spans: list[tuple[date, date | None]] = field(default_factory=list)
    role: str = ""  # the role of the latest membership (leader, deputy, member)

    @property
    def key(self) -> tuple[int, int]:
        return self.member.pk, self.team.pk

    def days_in(self, period: Period) -> int:
        """Days of the period the member was on the team (overlapping spans counted once)."""
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

    def months_in_force(self, periods: list[Period]) -> Fraction:
        """Months on the team within the periods, part months as fractions of their days."""
        return sum((Fraction(self.days_in(p), p.days) for p in periods), Fraction(0))

    def in_force_on(self, day: date) -> bool:
        return any(start <= day and (end is None or end >= day) for start, end in self.spans)

    def start_on(self, day: date) -> date | None:
        """The start of the span in force on `day`."""
        starts = [s for s, e in self.spans if s <= day and (e is None or e >= day)]
        return max(starts) if starts else None


def seats(unit: OrgUnit, first: Period, last: Period, team: Team | None = None) -> list[Seat]:
    """Every seat of the subtree's teams (or of one team) held on at least one day of
    first..last (one query)."""
    found: dict[tuple[int, int], Seat] = {}
    memberships = Membership.objects.overlapping(first.first_day, last.last_day)
    if team is not None:
        memberships = memberships.filter(team=team)
    else:
        memberships = memberships.filter(team__unit__path__startswith=unit.path)
    memberships = memberships.select_related("member", "team__unit__parent").order_by(
        "team__unit__name_sort", "member__name_sort", "member_id", "start"
    )
    for membership in memberships:
        key = (membership.member_id, membership.team_id)
        seat = found.setdefault(key, Seat(membership.member, membership.team))
        seat.spans.append((membership.start, membership.end))
        seat.role = membership.get_role_display()  # ordered by start: the latest wins
    return list(found.values())
