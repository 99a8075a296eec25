"""The figures of a report, always compiled from the activities: never typed twice.

Per activity type (in catalog order): number of activities, the count the type counts
(people, applications, households…), its breakdown, and households met without a
smartphone; plus days active. One GROUP BY query per call, whatever the number of teams.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from cdtt.activities import measures
from cdtt.activities.catalog import catalog
from cdtt.activities.models import Activity
from cdtt.orgunits.models import OrgUnit
from cdtt.periods import Period


@dataclass
class Line:
    """One row of figures: a type, a team or a member; each measure by name."""

    label: str
    values: dict = field(default_factory=lambda: dict(measures.EMPTY))
    days_active: int = 0

    def add(self, row: dict) -> None:
        for key in measures.NAMES:
            self.values[key] += row.get(key) or 0

    @property
    def cells(self) -> list[tuple[measures.Measure, int]]:
        """Each measure with its value, in the declaration's order (the report's columns)."""
        return [(m, self.values[m.name]) for m in measures.MEASURES]


@dataclass
class Figures:
    by_type: list[Line]
    total: Line
    by_group: list[tuple[object, Line]] = field(default_factory=list)
    columns: tuple[measures.Measure, ...] = measures.MEASURES  # the measures, in order


def _by_type(activities) -> tuple[list[Line], Line]:
    rows = {r["type_id"]: r for r in activities.values("type_id").annotate(**measures.aggregates())}
    lines, total = [], Line("total")
    for activity_type in catalog():
        if activity_type.pk not in rows and not activity_type.active:
            continue
        line = Line(activity_type.display_name)
        if activity_type.pk in rows:
            line.add(rows[activity_type.pk])
            total.add(rows[activity_type.pk])
        lines.append(line)
    total.days_active = activities.values("member_id", "date").distinct().count()
    return lines, total


def member_figures(member, team, period: Period) -> Figures:
    activities = Activity.objects.filter(member=member, team=team).in_period(period)
    lines, total = _by_type(activities)
    return Figures(lines, total)


def team_figures(team, period: Period) -> Figures:
    """By type, and per member of the team (with their days active)."""
    activities = Activity.objects.filter(team=team).in_period(period)
    lines, total = _by_type(activities)
    per_member = {
        r["member_id"]: r for r in activities.values("member_id").annotate(**measures.aggregates())
    }
    days = {
        r["member_id"]: r["days"]
        for r in activities.values("member_id").annotate(days=Count("date", distinct=True))
    }
    groups = []
    for member_id, row in per_member.items():
        line = Line(str(member_id))
        line.add(row)
        line.days_active = days.get(member_id, 0)
        groups.append((member_id, line))
    return Figures(lines, total, groups)


def unit_figures(unit: OrgUnit, period: Period) -> Figures:
    """By type for the whole subtree, and per team."""
    activities = Activity.objects.in_subtree(unit).in_period(period)
    lines, total = _by_type(activities)
    groups = []
    for row in activities.values("team_id").annotate(**measures.aggregates()):
        line = Line(str(row["team_id"]))
        line.add(row)
        groups.append((row["team_id"], line))
    return Figures(lines, total, groups)


def snapshot(member, team, period: Period) -> dict:
    """The member's figures of the month in one row, as a report keeps them when it is sent
    and when it is confirmed: entries, the sum of their counts, days active."""
    row = (
        Activity.objects.filter(member=member, team=team)
        .in_period(period)
        .aggregate(
            **{name: measures.BY_NAME[name].aggregate() for name in ("activities", "count")},
            days=Count("date", distinct=True),
        )
    )
    return {
        "activities": row["activities"] or 0,
        "count": row["count"] or 0,
        "days_active": row["days"] or 0,
    }


def line_snapshot(line: "Line | None") -> dict:
    """The same row read off a member's line of `team_figures` (no line: nothing recorded)."""
    if line is None:
        return {"activities": 0, "count": 0, "days_active": 0}
    return {
        "activities": line.values["activities"],
        "count": line.values["count"],
        "days_active": line.days_active,
    }


@dataclass
class Change:
    """A sent report whose figures moved since: what was sent, and what stands now."""

    before: dict
    now: dict

    @property
    def entries(self) -> int:
        return self.now["activities"] - self.before["activities"]

    @property
    def count(self) -> int:
        return self.now["count"] - self.before["count"]


def change_since_sent(report, now: dict) -> Change | None:
    """The change of a sent (or confirmed) report's figures since it was sent, or None."""
    before = report.figures_sent
    if report.status not in ("submitted", "confirmed") or not before:
        return None
    if (before["activities"], before["count"]) == (now["activities"], now["count"]):
        return None
    return Change(before, now)
