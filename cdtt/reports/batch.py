"""The commune's actions on several teams at once: confirm their sent reports, or approve and
lock their months. A summary says first what each team's month holds and what will be locked;
the work then runs as a job (cdtt.jobs), team by team, each team's action all or nothing."""

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cdtt.accounts.scoping import scope
from cdtt.activities.models import Activity
from cdtt.jobs.running import JobFailed, run, start
from cdtt.periods import Period
from cdtt.teams.models import Team

from . import actions
from .completeness import Timeliness, expected_members
from .models import MonthlyReport, Status, TeamMonth

ACTIONS = {
    "approve": gettext_lazy("Approve and lock the months of several teams"),
    "confirm": gettext_lazy("Confirm the sent reports of several teams"),
}


@dataclass
class Planned:
    """One chosen team and what the action would do to its month."""

    team: Team
    confirmed: int = 0
    waiting: int = 0
    not_reported: int = 0
    activities: int = 0
    approved: bool = False

    @property
    def blocked(self) -> str:
        """Why the approval cannot go ahead for this team ("" when it can)."""
        if self.approved:
            return _("already approved")
        if self.waiting:
            return _("%(n)d report(s) still wait for the leader's confirmation") % {
                "n": self.waiting
            }
        return ""


def chosen_teams(user, ids) -> list[Team]:
    """The chosen teams the user may see (others are left out as if they did not exist)."""
    wanted = [int(i) for i in ids if str(i).isascii() and str(i).isdigit()]
    return list(
        scope(user, Team.objects.filter(pk__in=wanted))
        .select_related("unit__parent")
        .order_by("unit__level", "unit__name_sort")
    )


def plan(teams: list[Team], period: Period) -> list[Planned]:
    """What the month of each team holds: reports by state, members who have not reported,
    the activities an approval would lock."""
    planned = {team.pk: Planned(team) for team in teams}
    counts = (
        MonthlyReport.objects.filter(team__in=teams, period=str(period))
        .values_list("team_id", "status")
        .annotate(n=Count("id"))
    )
    for team_id, status, n in counts:
        if status == Status.CONFIRMED:
            planned[team_id].confirmed += n
        elif status == Status.SUBMITTED:
            planned[team_id].waiting += n
    activities = (
        Activity.objects.filter(team__in=teams)
        .in_period(period)
        .values_list("team_id")
        .annotate(n=Count("id"))
    )
    for team_id, n in activities:
        planned[team_id].activities = n
    for team_id in TeamMonth.objects.filter(
        team__in=teams, period=str(period), approved_at__isnull=False
    ).values_list("team_id", flat=True):
        planned[team_id].approved = True
    for team in teams:
        planned[team.pk].not_reported = sum(
            row.status in (Timeliness.PENDING, Timeliness.MISSING)
            for row in expected_members(team.unit, period, team=team)
        )
    return list(planned.values())


def start_batch(user, action: str, teams: list[Team], period: Period, back: str):
    """Queue the action on the teams as a job of the user's; returns the job."""
    from .tasks import month_actions

    return start(
        user,
        f"reports.{action}",
        ACTIONS[action],
        month_actions,
        params={"action": action, "teams": [t.pk for t in teams], "period": str(period),
                "back": back},
        total=len(teams),
    )  # fmt: skip


def run_batch(job_id: int) -> None:
    """The job: each team in turn; a refusal of one team is said and the others go on."""
    with run(job_id) as job:
        params = job.job.params
        user, period = job.job.user, Period.parse(params["period"])
        teams = chosen_teams(user, params["teams"])
        if not teams:
            raise JobFailed(_("None of the chosen teams can be found."))
        done, refused = [], []
        for index, team in enumerate(teams, start=1):
            job.progress(index - 1, len(teams), team.unit.name)
            try:
                if params["action"] == "approve":
                    actions.approve_month(user, team, period)
                    done.append(_("%(team)s: approved and locked.") % {"team": team.unit.name})
                else:
                    n = actions.confirm_sent_reports(user, team, period)
                    done.append(
                        _("%(team)s: %(n)d report(s) confirmed.") % {"team": team.unit.name, "n": n}
                    )
            except actions.ReportError as error:
                refused.append(
                    _("%(team)s: not done. %(why)s") % {"team": team.unit.name, "why": error}
                )
        job.progress(len(teams), len(teams))
        job.finish(
            summary=done + refused,
            result={"done": len(done), "refused": len(refused)},
            url=params.get("back") or reverse("home:todo"),
        )
