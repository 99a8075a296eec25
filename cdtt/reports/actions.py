"""Every change of a report's state goes through these functions (web, API and commands).

Each checks who may do it, moves the state, keeps the transition and writes the audit log,
then tells the next person (`notices`, sent from the queue after the commit). Approving a
team's month locks its activities; unlocking needs the province and a reason.
"""

from datetime import datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cdtt import parts, text
from cdtt.accounts.models import Role
from cdtt.activities.locks import lock_month, unlock_month
from cdtt.audit.log import record
from cdtt.audit.models import AuditEntry
from cdtt.periods import Period
from cdtt.teams.models import Member, Membership, Team, TeamRole

from . import notices
from .completeness import Timeliness, expected_members
from .figures import snapshot
from .models import MonthEvent, MonthlyReport, Status, TeamMonth, Transition, UnlockRequest


class ReportError(ValueError):
    """A report action that is not allowed; the message says why, for the user. `field`
    names the text at fault when the refusal is about what was typed."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


# The words of the cycle and their lengths (the models' max_length; forms and the API hold
# the same): refused here too, so that no caller stores a megabyte or a control character.
_LABELS = {
    "difficulties": gettext_lazy("Difficulties"),
    "proposals": gettext_lazy("Proposals"),
    "comment": gettext_lazy("Comment"),
    "assessment": gettext_lazy("Leader's assessment"),
    "reason": gettext_lazy("Reason for unlocking"),
}
_LENGTHS = {"difficulties": 4000, "proposals": 4000, "comment": 2000, "assessment": 4000,
            "reason": 2000}  # fmt: skip


def words(field: str, value: object) -> str:
    """Typed words of the cycle as stored (`cdtt.text.lines`), or ReportError naming the field."""
    try:
        return text.lines(value, _LENGTHS[field])
    except text.TextError as error:
        raise ReportError(f"{_LABELS[field]}: {text.sentence(error)}", field) from error


def _is_officer_over(user, team: Team, roles=(Role.ADMIN, Role.PROVINCE, Role.COMMUNE)) -> bool:
    if user.role not in roles:
        return False
    return user.role == Role.ADMIN or user.orgunit.contains(team.unit)


def leads(user, team: Team, on=None) -> bool:
    """True when the user is the team's leader or deputy (in force on the day)."""
    member = getattr(user, "member", None)
    if member is None:
        return False
    return (
        Membership.objects.current(on)
        .filter(team=team, member=member, role__in=[TeamRole.LEADER, TeamRole.DEPUTY])
        .exists()
    )


def team_month(team: Team, period: Period) -> TeamMonth:
    month, _created = TeamMonth.objects.get_or_create(team=team, period=str(period))
    return month


def read_team_month(team: Team, period: Period) -> TeamMonth:
    """The team's month as stored, or, before anything was written to it, as it starts
    (unsaved, not approved): showing a month writes nothing."""
    found = TeamMonth.objects.filter(team=team, period=str(period)).first()
    return found or TeamMonth(team=team, period=str(period))


def read_report(team: Team, member: Member, period: Period) -> MonthlyReport:
    """The member's report of the month, or, before they wrote anything, a draft not yet
    saved: opening one's month writes nothing."""
    found = MonthlyReport.objects.filter(team=team, member=member, period=str(period)).first()
    return found or MonthlyReport(team=team, member=member, period=str(period))


def reports_of(team: Team) -> list[str]:
    """The keys under which a write of the team's reports renews kept parts (cdtt.parts):
    its unit and every unit above it. A member's or leader's part reads by the unit of her
    team, a commune's by the commune."""
    return [f"unit-{pk}" for pk in (*team.unit.ancestor_ids, team.unit_id)]


def get_or_start_report(team: Team, member: Member, period: Period) -> MonthlyReport:
    with parts.writing(MonthlyReport, reports_of(team)):
        report, _created = MonthlyReport.objects.get_or_create(
            team=team, member=member, period=str(period)
        )
    return report


def _started(report: MonthlyReport) -> MonthlyReport:
    """The report as stored, started now if it was only read (`read_report`): call inside
    the writer's transaction, so that a refusal after it rolls the start back too."""
    if report.pk is not None:
        return report
    return get_or_start_report(report.team, report.member, Period.parse(report.period))


def _move(report: MonthlyReport, actor, to_status: str, comment: str = "") -> Transition:
    before = report.status
    report.status = to_status
    period = Period.parse(report.period)
    if to_status == Status.SUBMITTED:
        report.submitted_at = timezone.now()
        report.figures_sent = snapshot(report.member, report.team, period)
        report.figures_confirmed = None
    elif to_status == Status.CONFIRMED and before == Status.SUBMITTED:
        report.figures_confirmed = snapshot(report.member, report.team, period)
    with parts.writing((MonthlyReport, Transition), reports_of(report.team)):
        report.save()
        step = Transition.objects.create(
            report=report, from_status=before, to_status=to_status, actor=actor, comment=comment
        )
    record(
        actor,
        f"report_{to_status}",
        report,
        orgunit_path=report.team.unit.path,
        before={"status": before},
        after={"status": to_status, "comment": comment},
    )
    return step


def _check_open(report: MonthlyReport) -> None:
    if read_team_month(report.team, Period.parse(report.period)).approved:
        raise ReportError(
            _("The month %(period)s of this team is approved and locked.")
            % {"period": Period.parse(report.period).label}
        )


@transaction.atomic
def save_words(actor, report: MonthlyReport, difficulties: str, proposals: str) -> MonthlyReport:
    """The member's own words; editable while the report is a draft or returned."""
    report = _started(report)
    _check_may_submit(actor, report)
    if report.status not in (Status.DRAFT, Status.RETURNED):
        raise ReportError(_("A submitted report can no longer be changed."))
    report.difficulties = words("difficulties", difficulties)
    report.proposals = words("proposals", proposals)
    with parts.writing(MonthlyReport, reports_of(report.team)):
        report.save(update_fields=["difficulties", "proposals", "updated_at"])
    return report


def _check_may_submit(actor, report: MonthlyReport) -> None:
    own = getattr(actor, "member", None) == report.member
    if not (own or leads(actor, report.team) or _is_officer_over(actor, report.team)):
        raise ReportError(_("Only the member or the team's leader can do this."))
    _check_open(report)


@transaction.atomic
def submit_report(
    actor, report: MonthlyReport, difficulties: str | None = None, proposals: str | None = None
) -> MonthlyReport:
    """Send the month's report to the leader (by the member, or the leader on their behalf)."""
    report = MonthlyReport.objects.select_for_update().get(pk=_started(report).pk)
    _check_may_submit(actor, report)
    if report.status not in (Status.DRAFT, Status.RETURNED):
        raise ReportError(_("This report was already submitted."))
    period = Period.parse(report.period)
    if period.first_day > timezone.localdate():
        raise ReportError(_("A month can be reported once it has begun."))
    if difficulties is not None:
        report.difficulties = words("difficulties", difficulties)
    if proposals is not None:
        report.proposals = words("proposals", proposals)
    notices.report_sent(report, _move(report, actor, Status.SUBMITTED), actor)
    return report


def _check_may_review(actor, report: MonthlyReport) -> None:
    if not (leads(actor, report.team) or _is_officer_over(actor, report.team)):
        raise ReportError(_("Only the team's leader or deputy can confirm or return reports."))
    _check_open(report)


@transaction.atomic
def confirm_report(actor, report: MonthlyReport, comment: str = "") -> MonthlyReport:
    comment = words("comment", comment)
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    _check_may_review(actor, report)
    if report.status != Status.SUBMITTED:
        raise ReportError(_("Only a submitted report can be confirmed."))
    step = _move(report, actor, Status.CONFIRMED, comment)
    _tell_if_team_confirmed(report.team, Period.parse(report.period), step)
    return report


def _tell_if_team_confirmed(team: Team, period: Period, step: Transition) -> None:
    """The commune hears when every member expected in the team has a confirmed report."""
    expected = expected_members(team.unit, period, team=team)
    reports = dict(
        MonthlyReport.objects.filter(team=team, period=str(period)).values_list(
            "member_id", "status"
        )
    )
    if expected and all(
        reports.get(row.membership.member_id) == Status.CONFIRMED for row in expected
    ):
        notices.team_confirmed(team, period, step, len(expected))


@transaction.atomic
def return_report(actor, report: MonthlyReport, comment: str) -> MonthlyReport:
    comment = words("comment", comment)
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    _check_may_review(actor, report)
    if report.status not in (Status.SUBMITTED, Status.CONFIRMED):
        raise ReportError(_("Only a submitted or confirmed report can be returned."))
    if not comment:
        raise ReportError(_("Say what must be changed when returning a report."), "comment")
    notices.report_returned(report, _move(report, actor, Status.RETURNED, comment), actor)
    return report


@transaction.atomic
def save_assessment(actor, team: Team, period: Period, assessment: str) -> TeamMonth:
    assessment = words("assessment", assessment)
    month = team_month(team, period)
    if not (leads(actor, team) or _is_officer_over(actor, team)):
        raise ReportError(_("Only the team's leader can write its assessment."))
    if month.approved:
        raise ReportError(
            _("The month %(period)s of this team is approved and locked.")
            % {"period": period.label}
        )
    month.assessment = assessment
    month.save(update_fields=["assessment"])
    return month


@transaction.atomic
def approve_month(actor, team: Team, period: Period) -> TeamMonth:
    """The commune approves the team's month: confirmed reports are approved, and the month's
    activities are locked. Reports still submitted must be confirmed or returned first."""
    if not _is_officer_over(actor, team):
        raise ReportError(_("Only the commune steering committee can approve a team's month."))
    month = TeamMonth.objects.select_for_update().get(pk=team_month(team, period).pk)
    if month.approved:
        raise ReportError(_("This month is already approved."))
    waiting = MonthlyReport.objects.filter(
        team=team, period=str(period), status=Status.SUBMITTED
    ).count()
    if waiting:
        raise ReportError(
            _("%(n)d report(s) still wait for the leader's confirmation.") % {"n": waiting}
        )
    for report in MonthlyReport.objects.filter(
        team=team, period=str(period), status=Status.CONFIRMED
    ):
        _move(report, actor, Status.APPROVED)
    month.approved_at, month.approved_by = timezone.now(), actor
    month.save(update_fields=["approved_at", "approved_by"])
    event = MonthEvent.objects.create(team_month=month, kind=MonthEvent.Kind.APPROVED, actor=actor)
    lock_month(actor, team, period)
    record(
        actor, "month_approved", month, orgunit_path=team.unit.path, after={"period": str(period)}
    )
    notices.month_approved(team, period, event)
    return month


@transaction.atomic
def unlock_team_month(actor, team: Team, period: Period, reason: str) -> TeamMonth:
    """Reopen an approved month: the province level (or an administrator), with a reason."""
    if not _is_officer_over(actor, team, roles=(Role.ADMIN, Role.PROVINCE)):
        raise ReportError(_("Only the province level can unlock an approved month."))
    reason = words("reason", reason)
    if not reason:
        raise ReportError(_("Give the reason for unlocking."), "reason")
    month = TeamMonth.objects.select_for_update().get(pk=team_month(team, period).pk)
    if not month.approved:
        raise ReportError(_("This month is not locked."))
    month.approved_at = month.approved_by = None
    month.save(update_fields=["approved_at", "approved_by"])
    for report in MonthlyReport.objects.filter(
        team=team, period=str(period), status=Status.APPROVED
    ):
        _move(report, actor, Status.CONFIRMED, reason)
    event = MonthEvent.objects.create(
        team_month=month, kind=MonthEvent.Kind.UNLOCKED, actor=actor, reason=reason
    )
    unlock_month(actor, team, period, reason)
    UnlockRequest.objects.filter(team_month=month, closed_at__isnull=True).update(
        closed_at=timezone.now(), closed_by=actor
    )
    record(
        actor,
        "month_unlocked",
        month,
        orgunit_path=team.unit.path,
        after={"period": str(period), "reason": reason},
    )
    notices.month_unlocked(team, period, event, actor)
    return month


def open_unlock_request(team: Team, period: Period) -> UnlockRequest | None:
    """The request to unlock the team's month still waiting for the province, if any."""
    return UnlockRequest.objects.filter(
        team_month__team=team, team_month__period=str(period), closed_at__isnull=True
    ).first()


@transaction.atomic
def request_unlock(actor, team: Team, period: Period, reason: str) -> UnlockRequest:
    """Ask the province to reopen an approved month: the team's leader or an officer over
    the team, with a reason; one open request per month."""
    if not (leads(actor, team) or _is_officer_over(actor, team)):
        raise ReportError(_("Only the team's leader or the commune can ask to unlock a month."))
    reason = words("reason", reason)
    if not reason:
        raise ReportError(_("Say why the month must be unlocked."), "reason")
    month = TeamMonth.objects.select_for_update().get(pk=team_month(team, period).pk)
    if not month.approved:
        raise ReportError(_("This month is not locked."))
    if open_unlock_request(team, period) is not None:
        raise ReportError(_("The province has already been asked to unlock this month."))
    request = UnlockRequest.objects.create(team_month=month, reason=reason, requested_by=actor)
    record(
        actor,
        "unlock_requested",
        request,
        orgunit_path=team.unit.path,
        after={"period": str(period), "reason": request.reason},
    )
    notices.unlock_requested(request, actor)
    return request


def may_review(user, team: Team) -> bool:
    """The team's leaders and the officers over it confirm, return and remind."""
    return leads(user, team) or _is_officer_over(user, team)


def confirm_sent_reports(actor, team: Team, period: Period) -> int:
    """Confirm every report of the team's month still waiting for it (the commune doing it
    for several teams at once); returns how many. Each is confirmed by `confirm_report`."""
    waiting = MonthlyReport.objects.filter(
        team=team, period=str(period), status=Status.SUBMITTED
    ).order_by("member__name_sort", "pk")
    confirmed = 0
    for report in waiting:
        confirm_report(actor, report)
        confirmed += 1
    return confirmed


def remind(actor, team: Team, member: Member, period: Period) -> bool:
    """A leader's (or officer's) one-tap reminder to a member expected to report who has
    not; at most one a day reaches the member. False when they have no account."""
    if not may_review(actor, team):
        raise ReportError(_("Only the team's leader or deputy can remind its members."))
    expected = {
        row.membership.member_id: row for row in expected_members(team.unit, period, team=team)
    }
    row = expected.get(member.pk)
    if row is None:
        raise ReportError(_("This member is not expected to report this month."))
    if row.status in (Timeliness.ON_TIME, Timeliness.LATE):
        raise ReportError(_("This member has already reported."))
    told = notices.remind_member(actor, team, member, period)
    if told:
        record(
            actor,
            REMINDED,
            member,
            orgunit_path=team.unit.path,
            after={"team": team.pk, "period": str(period)},
        )
    return told


REMINDED = "report_reminded"


def reminded_today(team: Team, period: Period) -> set[int]:
    """The members of the team a leader or officer reminded today for `period`."""
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    return {
        int(pk)
        for pk in AuditEntry.objects.filter(
            action=REMINDED, orgunit_path=team.unit.path, at__gte=start, after__period=str(period)
        ).values_list("object_id", flat=True)
    }
