"""Urging (đôn đốc): reminders before the deadline, overdue notices and digests after it.

Reminders go only to expected members who have not reported; after the deadline, the member
gets an overdue notice and the team's leaders and the commune officers a digest of who is
missing. Every message has a key, so running the job twice (or daily) sends nothing twice.
The job runs in the queue (`tasks`), so it sends at once (`send_now`) and counts what it sent.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cdtt.accounts.models import Role, User
from cdtt.notify.actions import send_now
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.periods import Period
from cdtt.teams.models import Membership, TeamRole

from .completeness import Timeliness, deadline_for, expected_members
from .models import ReportSettings


@dataclass
class ReminderRun:
    reminders: int = 0
    overdue: int = 0
    digests: int = 0


def send_reminders(today: date | None = None) -> ReminderRun:
    """Urge for the month before `today`, in every province, in Vietnamese."""
    with translation.override(settings.LANGUAGE_CODE):
        return _send_reminders(today)


def _send_reminders(today: date | None) -> ReminderRun:
    today = today or timezone.localdate()
    now = timezone.make_aware(datetime.combine(today, time(12)))
    period = Period.of(today).previous()
    run = ReminderRun()
    for province in OrgUnit.objects.filter(level=Level.PROVINCE):
        deadline = deadline_for(province, period).date()
        setting = ReportSettings.objects.filter(province=province).first()
        before = setting.remind_days_before if setting else 3
        if deadline - timedelta(days=before) <= today <= deadline:
            _remind(province, period, deadline, now, run)
        elif today > deadline:
            _overdue(province, period, now, run)
    return run


def _link(period: Period) -> str:
    return f"/reports/my/{period}/"


def _remind(province, period, deadline, now, run) -> None:
    for row in expected_members(province, period, now):
        user = row.membership.member.user
        if row.status != Timeliness.PENDING or user is None:
            continue
        subject = _("Reminder: your activity report for %(month)s") % {"month": period.label}
        body = _("Please send your monthly report to %(team)s before %(deadline)s.") % {
            "team": row.membership.team,
            "deadline": deadline.strftime("%d/%m/%Y"),
        }
        key = f"reminder:{period}:{row.membership.team_id}:{row.membership.member_id}"
        if send_now(user, key, subject, body, url=_link(period)):
            run.reminders += 1


def _overdue(province, period, now, run) -> None:
    missing_by_team: dict = {}
    for row in expected_members(province, period, now):
        if row.status != Timeliness.MISSING:
            continue
        team = row.membership.team
        missing_by_team.setdefault(team, []).append(row.membership.member)
        user = row.membership.member.user
        if user is not None:
            subject = _("Overdue: your activity report for %(month)s") % {"month": period.label}
            body = _("The deadline has passed. Please send your report to %(team)s now.") % {
                "team": team
            }
            if send_now(
                user,
                f"overdue:{period}:{team.pk}:{row.membership.member_id}",
                subject,
                body,
                url=_link(period),
            ):
                run.overdue += 1
    for team, members in missing_by_team.items():
        names = "\n".join(f"- {m.full_name}" for m in members)
        subject = _("%(team)s: %(n)d member(s) have not reported for %(month)s") % {
            "team": team,
            "n": len(members),
            "month": period.label,
        }
        for user in _digest_recipients(team):
            key = f"digest:{period}:{team.pk}:{user.pk}"
            if send_now(user, key, subject, names, url=f"/reports/team/{team.pk}/{period}/"):
                run.digests += 1


def _digest_recipients(team) -> list[User]:
    """The team's leader and deputies with accounts, and the officers of its commune."""
    leaders = [
        m.member.user
        for m in Membership.objects.current()
        .filter(team=team, role__in=[TeamRole.LEADER, TeamRole.DEPUTY])
        .select_related("member__user")
        if m.member.user is not None
    ]
    commune = team.unit.commune
    officers = list(User.objects.filter(role=Role.COMMUNE, orgunit=commune, is_active=True))
    return leaders + officers
