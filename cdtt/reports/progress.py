"""Where the months of a unit's teams stand: what waits for the leader, for the commune's
approval, who has not reported; which units are behind; what the province is asked. Read by
the to-do pages and the dashboards' summaries."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from cdtt.accounts.scoping import scope
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.periods import Period
from cdtt.teams.models import Team

from .completeness import Timeliness, rollup
from .models import MonthlyReport, Status, TeamMonth, UnlockRequest

# A unit is "behind" when fewer than this share of its expected members reported.
BEHIND_SHARE = 0.8


def due_period(today=None) -> Period:
    """The month whose reports are due: the one before today's."""
    return Period.of(today or timezone.localdate()).previous()


@dataclass
class TeamRow:
    """A team of the commune for the due month: its reports by state."""

    team: Team
    expected: int = 0
    waiting: int = 0  # sent, not confirmed
    confirmed: int = 0
    not_reported: int = 0
    approved: bool = False

    @property
    def approvable(self) -> bool:
        return not self.approved and not self.waiting and self.confirmed > 0


def team_rows(unit: OrgUnit, period: Period) -> list[TeamRow]:
    """Every current team of a commune (its own and its villages') with its reports of
    `period` by state, its own team first (four statements: the villages' teams are the
    commune's children, so completeness counted by child is counted by team)."""
    teams = list(
        Team.objects.in_subtree(unit)
        .filter(unit__valid_until__isnull=True)
        .select_related("unit__parent")
        .order_by("unit__level", "unit__name_sort")
    )
    rows = {team.pk: TeamRow(team) for team in teams}
    by_status = (
        MonthlyReport.objects.filter(team_id__in=rows, period=str(period))
        .values_list("team_id", "status")
        .annotate(n=Count("id"))
    )
    for team_id, status, n in by_status:
        if status == Status.SUBMITTED:
            rows[team_id].waiting += n
        elif status == Status.CONFIRMED:
            rows[team_id].confirmed += n
    for team_id in TeamMonth.objects.filter(
        team_id__in=rows, period=str(period), approved_at__isnull=False
    ).values_list("team_id", flat=True):
        rows[team_id].approved = True
    by_unit = {team.unit_id: rows[team.pk] for team in teams}
    result = rollup(unit, period, rows=False)
    for child, summary in [(unit, result["own"]), *result["children"]]:
        found = by_unit.get(child.pk)
        if found is not None:
            found.expected = summary.expected
            found.not_reported = (
                summary.counts[Timeliness.PENDING] + summary.counts[Timeliness.MISSING]
            )
    return sorted(
        rows.values(), key=lambda r: (r.team.unit.level != Level.COMMUNE, r.team.unit.name_sort)
    )


@dataclass
class Behind:
    unit: OrgUnit
    expected: int
    reported: int

    @property
    def rate(self) -> float:
        return self.reported / self.expected

    @property
    def percent(self) -> int:
        """Rounded down: a unit behind never shows the threshold itself ("79%", not "80%")."""
        return self.reported * 100 // self.expected


def behind_units(unit: OrgUnit, period: Period) -> list[Behind]:
    """The units one level down where fewer than BEHIND_SHARE of the expected members
    reported for `period`, worst first (one statement)."""
    result = rollup(unit, period, rows=False)
    return sorted(
        (
            Behind(child, summary.expected, summary.reported)
            for child, summary in result["children"]
            if summary.expected and summary.rate < BEHIND_SHARE
        ),
        key=lambda b: (b.rate, b.unit.name_sort),
    )


def open_unlock_requests(user):
    """Requests to unlock a month, not closed yet, in the user's subtree, oldest first."""
    return scope(
        user,
        UnlockRequest.objects.filter(closed_at__isnull=True).select_related(
            "team_month__team__unit__parent", "requested_by"
        ),
    )


@dataclass
class MonthCounts:
    """A unit's month in a few counts, for a dashboard's summary of what needs action."""

    approvable_teams: int = 0  # nothing waits for the leader, something confirmed, not approved
    teams_waiting: int = 0  # teams with reports sent and not confirmed
    reports_waiting: int = 0
    not_reported: int = 0  # expected members without a report (pending or missing)


def month_counts(unit: OrgUnit, period: Period) -> MonthCounts:
    """Three statements, whatever the number of teams: reports by team and state, the
    approved months, and completeness counted in SQL."""
    counts = MonthCounts()
    by_team: dict[int, dict[str, int]] = {}
    rows = (
        MonthlyReport.objects.in_subtree(unit)
        .filter(period=str(period))
        .values_list("team_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for team_id, status, n in rows:
        by_team.setdefault(team_id, {})[status] = n
    approved = set(
        TeamMonth.objects.in_subtree(unit)
        .filter(
            period=str(period),
            approved_at__isnull=False,
        )
        .values_list("team_id", flat=True)
    )
    for team_id, statuses in by_team.items():
        if team_id in approved:
            continue
        waiting = statuses.get(Status.SUBMITTED, 0)
        counts.reports_waiting += waiting
        counts.teams_waiting += bool(waiting)
        counts.approvable_teams += not waiting and statuses.get(Status.CONFIRMED, 0) > 0
    total = rollup(unit, period, rows=False)["total"]
    counts.not_reported = total.counts[Timeliness.PENDING] + total.counts[Timeliness.MISSING]
    return counts
