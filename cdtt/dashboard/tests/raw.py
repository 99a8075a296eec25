"""The dashboard's figures computed the slow, obvious way: straight from the activities.

The property test compares every figure of `Figures` (read from facts, the seats' rules
applied by the database) with these. Only the reading of memberships (`seats`) is shared with
the code under test; the rules of days in force, and everything that comes from activities,
are applied here in plain Python.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from functools import cached_property

from django.conf import settings

from cdtt.activities.models import Activity, ActivityType, Counts
from cdtt.dashboard.seats import Seat
from cdtt.dashboard.seats import seats as read_seats
from cdtt.orgunits.models import OrgUnit
from cdtt.periods import Period
from cdtt.teams.rules import age_band

AREA = ("activities", "count", "women", "ethnic_minority", "elderly",
        "households_without_smartphone")  # fmt: skip


def seats(unit, first: Period, last: Period) -> list[Seat]:
    return list(read_seats(unit, first.first_day, last.last_day).values())


def days_in(seat: Seat, period: Period) -> int:
    """Days of the period the member was on the team (overlapping spans counted once)."""
    clipped = sorted(
        (max(start, period.first_day), min(end or period.last_day, period.last_day))
        for start, end in seat.spans
    )
    days, reach = 0, period.first_day - timedelta(days=1)
    for first, last in clipped:
        first = max(first, reach + timedelta(days=1))
        if first <= last:
            days += (last - first).days + 1
            reach = last
    return days


def months_in_force(seat: Seat, periods: list[Period]) -> Fraction:
    """Months on the team within the periods, part months as fractions of their days."""
    return sum((Fraction(days_in(seat, p), p.days) for p in periods), Fraction(0))


def in_force_on(seat: Seat, day: date) -> bool:
    return any(start <= day and (end is None or end >= day) for start, end in seat.spans)


def start_on(seat: Seat, day: date) -> date | None:
    """The start of the span in force on `day`."""
    starts = [s for s, e in seat.spans if s <= day and (e is None or e >= day)]
    return max(starts) if starts else None


@dataclass
class Raw:
    unit: OrgUnit
    first: Period
    last: Period
    today: object

    def __post_init__(self):
        self.activities = list(Activity.objects.select_related("team__unit", "village", "type"))
        self.periods = self.first.range(self.last)
        self.reference_day = min(self.last.last_day, self.today)

    def _in(self, a, first, last) -> bool:
        return first.first_day <= a.date <= last.last_day

    def _mine(self, a) -> bool:
        return a.team.unit.path.startswith(self.unit.path)

    def by_type(self) -> dict:
        sums = defaultdict(lambda: dict.fromkeys(AREA, 0))
        for a in self.activities:
            if self._mine(a) and self._in(a, self.first, self.last):
                row = sums[a.type.code]
                row["activities"] += 1
                row["count"] += a.people_helped
                for name in AREA[2:]:
                    row[name] += getattr(a, name)
        return {
            t.code: tuple(sums[t.code][k] for k in AREA)
            for t in ActivityType.objects.all()
            if t.active or t.code in sums
        }

    def people(self) -> int:
        return sum(
            a.people_helped
            for a in self.activities
            if self._mine(a) and self._in(a, self.first, self.last) and a.type.counts == "people"
        )

    @cached_property
    def lines(self) -> dict:
        """(member, team) -> (activities, count, days, performing, in force, last date, days
        since, this month, month before)."""
        lines = {}
        threshold = settings.DASHBOARD_PERFORMING_THRESHOLD
        previous = self.last.previous()
        for seat in seats(self.unit, self.first, self.last):
            if not any(days_in(seat, p) for p in self.periods):
                continue
            own = [a for a in self.activities if (a.member_id, a.team_id) == seat.key]
            in_range = [a for a in own if self._in(a, self.first, self.last)]
            before_end = [a.date for a in own if a.date <= self.last.last_day]
            last_date = max(before_end) if before_end else None
            in_force = in_force_on(seat, self.reference_day)
            since = last_date or start_on(seat, self.reference_day)
            expected = threshold * months_in_force(seat, self.periods)
            lines[seat.key] = (
                len(in_range),
                sum(a.people_helped for a in in_range),
                len({a.date for a in in_range}),
                bool(in_range) and len(in_range) >= expected,
                in_force,
                last_date,
                (self.reference_day - since).days if in_force and since else None,
                sum(1 for a in own if self._in(a, self.last, self.last)),
                sum(1 for a in own if self._in(a, previous, previous)),
                seat,
            )
        return lines

    def participation(self, lines=None) -> tuple:
        lines = self.lines if lines is None else lines
        return (
            len(lines),
            sum(1 for v in lines.values() if v[0]),
            sum(1 for v in lines.values() if v[3]),
            sum(v[0] for v in lines.values()),
        )

    def by_affiliation(self) -> dict:
        groups = defaultdict(dict)
        for key, value in self.lines.items():
            groups[value[-1].member.affiliation or ""][key] = value
        return {k: self.participation(v) for k, v in groups.items()}

    def by_age_band(self) -> dict:
        groups = defaultdict(dict)
        for key, value in self.lines.items():
            groups[age_band(value[-1].member.birth_year, self.last.year)][key] = value
        return {k: self.participation(v) for k, v in groups.items()}

    def inactive(self) -> dict:
        return {k: (v[5], v[6]) for k, v in self.lines.items() if v[4] and not v[7]}

    def dropouts(self) -> set:
        return {k for k, v in self.lines.items() if v[4] and v[8] and not v[7]}

    def performing(self) -> set:
        return {k for k, v in self.lines.items() if v[3]}

    def trend(self) -> list:
        first = self.last
        for _ in range(11):
            first = first.previous()
        all_seats = seats(self.unit, min(first, self.first), self.last)
        points = []
        for period in first.range(self.last):
            mine = [a for a in self.activities if self._mine(a) and self._in(a, period, period)]
            points.append(
                (
                    str(period),
                    len(mine),
                    sum(a.people_helped for a in mine if a.type.counts == Counts.PEOPLE),
                    sum(1 for s in all_seats if days_in(s, period)),
                    len({(a.member_id, a.team_id) for a in mine}),
                )
            )
        return points

    def coverage(self) -> dict:
        """child id (None: the whole subtree) -> (villages, households, reached, without, met)."""
        result = defaultdict(lambda: [0, 0, 0, 0, 0])
        for village in OrgUnit.objects.filter(
            path__startswith=self.unit.path, households__isnull=False
        ):
            here = [
                a
                for a in self.activities
                if a.village_id == village.pk and self._in(a, self.first, self.last)
            ]
            reached = sum(a.people_helped for a in here if a.type.counts == Counts.HOUSEHOLDS)
            met = sum(a.households_without_smartphone for a in here)
            values = (1, village.households, reached, village.households_without_smartphone or 0,
                      met)  # fmt: skip
            head = village.path[len(self.unit.path) :].split("/", 1)[0]
            keys = [None] + ([int(head)] if head else [])
            for key in keys:
                if key is None or OrgUnit.objects.get(pk=key).parent_id == self.unit.pk:
                    result[key] = [x + y for x, y in zip(result[key], values, strict=True)]
        return {k: tuple(v) for k, v in result.items()}

    def ranking(self) -> dict:
        """child id -> (seats, active, performing, activities, count, people)."""
        lines = self.lines
        result = {}
        for child in self.unit.children.current():
            mine = {k: v for k, v in lines.items() if v[-1].team.unit.path.startswith(child.path)}
            acts = [
                a
                for a in self.activities
                if a.team.unit.path.startswith(child.path) and self._in(a, self.first, self.last)
            ]
            result[child.pk] = (
                *self.participation(mine),
                sum(a.people_helped for a in acts),
                sum(a.people_helped for a in acts if a.type.counts == Counts.PEOPLE),
            )
        return result
