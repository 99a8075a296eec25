"""Who is told what along the monthly cycle: each event notifies the next person.

report sent → the team's leaders; returned (with the reason) → the member; the last report
of a team confirmed → the commune's officers; month approved and locked → the team; unlock
asked → the province's officers; unlocked (with the reason) → the team and the commune; a
leader's one-tap reminder → the member. Every message goes through `notify` (queued after
the commit, sent from the queue) under a key naming the event, so it is sent once.
Messages are written in Vietnamese whatever language the sender's screen shows.
"""

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cdtt.accounts.models import Role, User
from cdtt.notify.actions import notify
from cdtt.periods import Period
from cdtt.teams.models import Membership, Team, TeamRole

from .models import MonthEvent, MonthlyReport, Transition, UnlockRequest

LEADING = (TeamRole.LEADER, TeamRole.DEPUTY)


def _active(users: Iterable[User | None], but=None) -> list[User]:
    """Active accounts, each once, without the person who acted (they know)."""
    found = {}
    for user in users:
        if user is not None and user.is_active and (but is None or user.pk != but.pk):
            found[user.pk] = user
    return list(found.values())


def team_leaders(team: Team) -> list[User]:
    """The accounts of the team's current leader and deputies."""
    return _active(
        m.member.user
        for m in Membership.objects.current()
        .filter(team=team, role__in=LEADING)
        .select_related("member__user")
    )


def team_accounts(team: Team) -> list[tuple[User, bool]]:
    """The accounts of the team's current members, each with whether they lead it."""
    found: dict[int, tuple[User, bool]] = {}
    for m in Membership.objects.current().filter(team=team).select_related("member__user"):
        user = m.member.user
        if user is not None and user.is_active:
            found[user.pk] = (user, found.get(user.pk, (user, False))[1] or m.role in LEADING)
    return list(found.values())


def commune_officers(team: Team) -> list[User]:
    """The active officers of the team's commune."""
    commune = team.unit.commune
    if commune is None:
        return []
    return list(User.objects.filter(role=Role.COMMUNE, orgunit=commune, is_active=True))


def province_officers(team: Team) -> list[User]:
    """The active officers of the team's province."""
    return list(User.objects.filter(role=Role.PROVINCE, orgunit=team.unit.province, is_active=True))


def team_month_url(team: Team, period: Period | str) -> str:
    """Where the leader and the commune act on a team's month."""
    return reverse("reports:team", args=[team.pk, str(period)])


def my_month_url(period: Period | str) -> str:
    """Where a member reads and sends her report."""
    return reverse("reports:my", args=[str(period)])


def _tell(users: Iterable[User], key: str, subject: str, body: str, url) -> None:
    """Queue one message per user; `url` is a text or a function of the user."""
    for user in users:
        link = url(user) if callable(url) else url
        notify(user, f"{key}:user:{user.pk}", subject, body, url=link)


def _vietnamese():
    return translation.override(settings.LANGUAGE_CODE)


def report_sent(report: MonthlyReport, step: Transition, actor) -> None:
    """A member sent her report: her leaders confirm or return it."""
    period = Period.parse(report.period)
    with _vietnamese():
        subject = _("%(member)s sent the report for %(month)s") % {
            "member": report.member.full_name,
            "month": period.label,
        }
        body = _("Open the team's month to confirm it or return it.")
    _tell(
        _active(team_leaders(report.team), but=actor),
        f"report-sent:{step.pk}",
        subject,
        body,
        team_month_url(report.team, period),
    )


def report_returned(report: MonthlyReport, step: Transition, actor) -> None:
    """The leader returned the report: the member is told why."""
    period = Period.parse(report.period)
    with _vietnamese():
        subject = _("Your report for %(month)s was returned") % {"month": period.label}
        body = _("%(who)s asks: %(reason)s") % {
            "who": actor.get_full_name() or actor.username,
            "reason": step.comment,
        }
    _tell(
        _active([report.member.user], but=actor),
        f"report-returned:{step.pk}",
        subject,
        body,
        my_month_url(period),
    )


def team_confirmed(team: Team, period: Period, step: Transition, confirmed: int) -> None:
    """Every expected member's report is confirmed: the commune may approve the month."""
    with _vietnamese():
        subject = _("%(team)s: every report for %(month)s is confirmed") % {
            "team": team,
            "month": period.label,
        }
        body = _("%(n)d report(s) confirmed by the leader; the month can be approved.") % {
            "n": confirmed
        }
    _tell(
        commune_officers(team),
        f"team-confirmed:{step.pk}",
        subject,
        body,
        team_month_url(team, period),
    )


def month_approved(team: Team, period: Period, event: MonthEvent) -> None:
    """The commune approved and locked the month: the whole team is told."""
    with _vietnamese():
        subject = _("%(team)s: the month %(month)s is approved and locked") % {
            "team": team,
            "month": period.label,
        }
        body = _("Its activities can no longer be changed.")
    accounts = team_accounts(team)
    leading = {user.pk for user, leads in accounts if leads}
    _tell(
        _active(user for user, _leads in accounts),
        f"month-approved:{event.pk}",
        subject,
        body,
        lambda user: team_month_url(team, period) if user.pk in leading else my_month_url(period),
    )


def unlock_requested(request: UnlockRequest, actor) -> None:
    """Someone asks the province to reopen an approved month."""
    month = request.team_month
    period = Period.parse(month.period)
    with _vietnamese():
        subject = _("%(team)s asks to unlock %(month)s") % {
            "team": month.team,
            "month": period.label,
        }
        body = _("Reason: %(reason)s") % {"reason": request.reason}
    _tell(
        _active(province_officers(month.team), but=actor),
        f"unlock-requested:{request.pk}",
        subject,
        body,
        team_month_url(month.team, period),
    )


def month_unlocked(team: Team, period: Period, event: MonthEvent, actor) -> None:
    """The province reopened the month: the team and the commune are told why."""
    with _vietnamese():
        subject = _("%(team)s: the month %(month)s is unlocked") % {
            "team": team,
            "month": period.label,
        }
        body = _("Reason: %(reason)s") % {"reason": event.reason}
    accounts = team_accounts(team)
    leading = {user.pk for user, leads in accounts if leads}
    officers = commune_officers(team)
    leading |= {user.pk for user in officers}
    _tell(
        _active([*(user for user, _leads in accounts), *officers], but=actor),
        f"month-unlocked:{event.pk}",
        subject,
        body,
        lambda user: team_month_url(team, period) if user.pk in leading else my_month_url(period),
    )


def remind_member(actor, team: Team, member, period: Period) -> bool:
    """A leader's one-tap reminder to a member who has not reported: at most one a day per
    member (the key holds the day). False when the member has no account to tell."""
    user = member.user
    if user is None or not user.is_active:
        return False
    with _vietnamese():
        subject = _("Reminder: send your report for %(month)s") % {"month": period.label}
        body = _("%(who)s reminds you to send your monthly report to %(team)s.") % {
            "who": actor.get_full_name() or actor.username,
            "team": team,
        }
    day = timezone.localdate().isoformat()
    notify(user, f"nudge:{period}:{team.pk}:{member.pk}:{day}", subject, body, my_month_url(period))
    return True
