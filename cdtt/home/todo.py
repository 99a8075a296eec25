"""What each role has to do today, read for its home page.

The member's due items (a report not sent, one returned with the leader's reason, help
requests assigned to her) show as a banner on the entry page; the leader's, the commune's
and the province's to-do pages list counts, each with a link to the page where the work is
done. Everything is read through `scope`, for the month that is due: the one before today's.
"""

import json
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cdtt import parts
from cdtt.accounts.models import Role
from cdtt.accounts.scoping import root_unit, scope
from cdtt.dashboard.shared import shared
from cdtt.orgunits.models import OrgUnit
from cdtt.periods import Period
from cdtt.portal.models import HelpRequest, HelpStatus
from cdtt.reports.actions import REMINDED as REMINDED_ACTION
from cdtt.reports.actions import reminded_today
from cdtt.reports.completeness import (
    EXPECTED_MIN_DAYS,
    Timeliness,
    deadline_for,
    expected_members,
    overlap_days,
)
from cdtt.reports.models import MonthlyReport, Status, TeamMonth, Transition
from cdtt.reports.progress import (
    BEHIND_SHARE,
    Behind,
    TeamRow,
    behind_units,
    due_period,
    open_unlock_requests,
    team_rows,
)
from cdtt.steering.models import Directive, FollowUp
from cdtt.steering.selectors import overdue_follow_ups
from cdtt.teams.access import recent_memberships, todays_memberships
from cdtt.teams.models import Team, TeamRole
from cdtt.teams.names import member_person, told_apart

FOLLOW_UP_SOON_DAYS = 7  # a follow-up task shows on the leader's to-do this long before due
LEADING = (TeamRole.LEADER, TeamRole.DEPUTY)


@dataclass
class Item:
    """One line of a to-do: how many of what, and the page where it is done."""

    label: str
    count: int
    url: str
    urgent: bool = False


@dataclass
class Due:
    """One line of the member's banner."""

    text: str
    url: str
    reason: str = ""
    urgent: bool = False


def _unread_directives(user) -> int:
    """Directives sent to the user's subtree, not by them, that they have not opened."""
    return (
        scope(user, Directive.objects.all()).exclude(reads__user=user).exclude(sent_by=user).count()
    )


def _directives_item(user) -> Item | None:
    unread = _unread_directives(user)
    if not unread:
        return None
    return Item(
        _("directive(s) not read yet"),
        unread,
        reverse("steering:directives"),
    )


# The member's banner


def member_due(user, today=None) -> list[Due]:
    """What the member has to do: a report of the due month not sent yet (where she is
    expected and the month is open), a returned report with the reason, help requests
    given to her. A few queries; nothing when she is on no team."""
    member = getattr(user, "member", None)
    if member is None:
        return []
    today = today or timezone.localdate()
    memberships = recent_memberships(user, today)  # from the first of the due month
    period = due_period(today)
    teams = {m.team_id: m.team for m in memberships}
    # Expected where a membership covers enough of the month (the rule of completeness).
    expected = {
        m.team_id for m in memberships if overlap_days(m.start, m.end, period) >= EXPECTED_MIN_DAYS
    }
    reports = {
        (r.team_id, r.period): r
        for r in MonthlyReport.objects.filter(
            member=member, team_id__in=teams, period__in=[str(period), str(period.next())]
        )
    }
    unsent = [
        team
        for team in teams.values()
        if team.pk in expected
        and getattr(reports.get((team.pk, str(period))), "status", Status.DRAFT) == Status.DRAFT
    ]
    approved = (
        set(
            TeamMonth.objects.filter(
                team_id__in=[team.pk for team in unsent],
                period=str(period),
                approved_at__isnull=False,
            ).values_list("team_id", flat=True)
        )
        if unsent
        else set()
    )
    due = []
    for report in reports.values():
        if report.status == Status.RETURNED:
            step = report.transitions.filter(to_status=Status.RETURNED).last()
            due.append(
                Due(
                    _("Your report for %(month)s was returned: change it and send it again.")
                    % {"month": Period.parse(report.period).label},
                    reverse("reports:my", args=[report.period]),
                    reason=step.comment if step else "",
                    urgent=True,
                )
            )
    for team in unsent:
        if team.pk in approved:  # approved without her report: nothing more to send
            continue
        deadline = deadline_for(team.unit.province, period)
        late = timezone.now() > deadline
        text = (
            _("Your report for %(month)s is late: send it now.")
            if late
            else _("Send your report for %(month)s before %(deadline)s.")
        ) % {"month": period.label, "deadline": deadline.strftime("%d/%m")}
        if len(teams) > 1:
            text = f"{team.unit.name}: {text}"
        due.append(Due(text, reverse("reports:my", args=[str(period)]), urgent=late))
    helping = HelpRequest.objects.filter(assigned_to=member, status=HelpStatus.ASSIGNED).count()
    if helping:
        due.append(
            Due(
                ngettext(
                    "%(n)d resident waits for your help",
                    "%(n)d residents wait for your help",
                    helping,
                )
                % {"n": helping},
                reverse("portal:help_queue"),
            )
        )
    return due


# The leader's to-do


@dataclass
class NotReported:
    """A member expected to report who has not, with the one-tap reminder's state."""

    member: object
    label: str
    missing: bool  # after the deadline
    has_account: bool
    reminded: bool  # reminded today already


@dataclass
class TeamTodo:
    team: Team
    period: Period
    approved: bool
    items: list[Item] = field(default_factory=list)
    not_reported: list[NotReported] = field(default_factory=list)
    expected: int = 0


def led_teams(user) -> list[Team]:
    """The teams the user leads or deputises today, in name order."""
    led = [m.team for m in todays_memberships(user) if m.role in LEADING]
    return sorted(led, key=lambda team: (team.unit.name_sort, team.pk))


def team_todo(user, team: Team, today=None) -> TeamTodo:
    """One led team's to-do for the due month (and reports of this month sent early)."""
    today = today or timezone.localdate()
    period = due_period(today)
    state = TeamMonth.objects.filter(team=team, period=str(period)).first()
    todo = TeamTodo(team, period, approved=bool(state and state.approved))
    waiting = dict(
        MonthlyReport.objects.filter(
            team=team, status=Status.SUBMITTED, period__in=[str(period), str(period.next())]
        )
        .values_list("period")
        .annotate(n=Count("id"))
    )
    for month in (period, period.next()):
        n = waiting.get(str(month), 0)
        if n:
            todo.items.append(
                Item(
                    _("report(s) for %(month)s wait for your confirmation")
                    % {"month": month.label},
                    n,
                    reverse("reports:team", args=[team.pk, str(month)]),
                    urgent=True,
                )
            )
    expected = expected_members(team.unit, period, team=team)
    todo.expected = len(expected)
    if not todo.approved:
        reminded = reminded_today(team, period)
        late = [r for r in expected if r.status in (Timeliness.PENDING, Timeliness.MISSING)]
        labels = told_apart(
            (member_person(r.membership.member, role=r.membership.get_role_display())
             for r in expected),
            phones=True,
        )  # fmt: skip
        todo.not_reported = [
            NotReported(
                r.membership.member,
                labels[r.membership.member_id],
                missing=r.status == Timeliness.MISSING,
                has_account=r.membership.member.user_id is not None,
                reminded=r.membership.member_id in reminded,
            )
            for r in late
        ]
    tasks = FollowUp.objects.filter(
        inspection__team=team,
        done_on__isnull=True,
        due_date__lte=today + timedelta(days=FOLLOW_UP_SOON_DAYS),
    ).aggregate(soon=Count("id"), overdue=Count("id", filter=Q(due_date__lt=today)))
    soon, overdue = tasks["soon"], tasks["overdue"]
    if soon:
        todo.items.append(
            Item(
                _("follow-up task(s) due soon, %(late)d of them overdue") % {"late": overdue},
                soon,
                reverse("dashboard:team", args=[team.pk]) + "#inspections",
                urgent=bool(overdue),
            )
        )
    return todo


def _help_items(user, today) -> list[Item]:
    """Requests of the user's subtree nobody took yet, and those helped for too long."""
    since = timezone.now() - timedelta(days=settings.PORTAL_ESCALATE_AFTER_DAYS)
    found = scope(user, HelpRequest.objects.open()).aggregate(
        waiting=Count("id", filter=Q(status=HelpStatus.NEW)),
        overdue=Count("id", filter=Q(status=HelpStatus.ASSIGNED, assigned_at__lt=since)),
    )
    waiting, overdue = found["waiting"], found["overdue"]
    url = reverse("portal:help_queue")
    items = []
    if waiting:
        items.append(
            Item(
                _("help request(s) with no helper yet"),
                waiting,
                url,
                urgent=True,
            )
        )
    if overdue:
        items.append(
            Item(
                _("help request(s) not done after %(days)d days")
                % {"days": settings.PORTAL_ESCALATE_AFTER_DAYS},
                overdue,
                url,
                urgent=True,
            )
        )
    return items


@dataclass
class LeaderTodo:
    teams: list[TeamTodo]
    items: list[Item]
    own: list[Due]


# What the to-dos read (cdtt.parts). The audit log is stamped per action (the leader's reads
# today's reminders only), the reports per unit (cdtt.reports.actions.reports_of).
_HOME_READS = [
    "accounts_user", "orgunits_orgunit", "portal_helprequest", "reports_teammonth",
    "reports_reportsettings", "steering_directive", "steering_directive_teams",
    "steering_directiveread", "steering_followup", "steering_inspection", "teams_member",
    "teams_membership", "teams_team",
]  # fmt: skip
_REPORTS = [MonthlyReport, Transition]
LEADER = parts.Part.of("leader-todo", reads=_HOME_READS, keyed=["audit_auditentry", *_REPORTS])


def reports_by_teams(user, today=None) -> dict:
    """The keys of the reports a member's or leader's part reads: her teams' units."""
    units = [f"unit-{m.team.unit_id}" for m in recent_memberships(user, today)]
    return {model: units for model in _REPORTS}


def leader_keys(user) -> dict:
    return {"audit_auditentry": [REMINDED_ACTION], **reports_by_teams(user)}


def leader_todo(user, today=None) -> LeaderTodo:
    """The leader's day: each team he leads, what waits in his subtree, his own report."""
    today = today or timezone.localdate()
    items = _help_items(user, today)
    directives = _directives_item(user)
    if directives:
        items.append(directives)
    return LeaderTodo(
        teams=[team_todo(user, team, today) for team in led_teams(user)],
        items=items,
        own=member_due(user, today),
    )


# The commune's to-do


@dataclass
class CommuneTodo:
    unit: OrgUnit
    period: Period
    deadline: object
    to_approve: list[TeamRow]
    to_confirm: list[TeamRow]
    not_reported: list[TeamRow]
    items: list[Item]


COMMUNE = parts.Part.of("commune-todo", reads=_HOME_READS, keyed=_REPORTS)


def commune_keys(user) -> dict:
    return {model: [f"unit-{_own_unit(user).pk}"] for model in _REPORTS}


def commune_todo(user, today=None) -> CommuneTodo:
    """The commune officer's day: the teams' months by what they wait for, and the rest."""
    today = today or timezone.localdate()
    unit = _own_unit(user)
    period = due_period(today)
    rows = team_rows(unit, period)
    items = []
    overdue = overdue_follow_ups(unit, today).count()
    if overdue:
        items.append(
            Item(
                _("follow-up task(s) of inspections overdue"),
                overdue,
                reverse("dashboard:unit", args=[unit.pk]) + "#follow_ups",
                urgent=True,
            )
        )
    escalated = scope(user, HelpRequest.objects.open()).filter(escalated_at__isnull=False).count()
    if escalated:
        items.append(
            Item(
                _("help request(s) escalated to the commune, waiting for a helper"),
                escalated,
                reverse("portal:help_queue"),
                urgent=True,
            )
        )
    directives = _directives_item(user)
    if directives:
        items.append(directives)
    return CommuneTodo(
        unit=unit,
        period=period,
        deadline=deadline_for(unit.province, period),
        to_approve=[r for r in rows if r.approvable],
        to_confirm=[r for r in rows if r.waiting and not r.approved],
        not_reported=[r for r in rows if r.not_reported and not r.approved],
        items=items,
    )


# The province's to-do


@dataclass
class ProvinceTodo:
    unit: OrgUnit
    period: Period
    behind: list[Behind]
    unlock_requests: list
    items: list[Item]
    behind_share: float = BEHIND_SHARE


def province_todo(user, today=None) -> ProvinceTodo:
    """The province officer's day: unlock requests, communes behind, tasks overdue."""
    today = today or timezone.localdate()
    unit = _own_unit(user)
    period = due_period(today)
    behind = _shared_behind(unit, period)
    requests = list(open_unlock_requests(user))
    items = []
    overdue = overdue_follow_ups(unit, today).count()
    if overdue:
        items.append(
            Item(
                _("follow-up task(s) of inspections overdue"),
                overdue,
                reverse("dashboard:unit", args=[unit.pk]) + "#follow_ups",
                urgent=True,
            )
        )
    return ProvinceTodo(unit, period, behind, requests, items)


def _shared_behind(unit: OrgUnit, period: Period) -> list[Behind]:
    """The units behind, shared for a short while like the dashboard's figures: a province's
    completeness is one statement over all its seats, alike for every officer who opens
    the to-do at the end of the month."""
    entry = shared(
        f"todo-behind:{unit.pk}:{period}",
        lambda: json.dumps(
            [[b.unit.pk, b.expected, b.reported] for b in behind_units(unit, period)]
        ),
    )
    rows = json.loads(entry.html)
    units = OrgUnit.objects.in_bulk([pk for pk, _expected, _reported in rows])
    return [Behind(units[pk], expected, reported) for pk, expected, reported in rows if pk in units]


def _own_unit(user) -> OrgUnit:
    """An officer's unit (an administrator, bound to no unit, has no to-do: 404)."""
    unit = root_unit(user)
    if unit is None:
        raise Http404
    return unit


def has_todo(user) -> bool:
    """Leaders, commune and province officers have a to-do page."""
    return user.is_authenticated and user.role in (Role.LEADER, Role.COMMUNE, Role.PROVINCE)
