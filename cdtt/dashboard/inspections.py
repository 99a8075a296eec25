"""Inspecting teams (kiểm tra): recording an inspection and its follow-up tasks, completing
them, and finding the teams nobody has looked at and the tasks left overdue.

Where leaders look regularly, teams work: the dashboard flags teams not inspected for
DASHBOARD_INSPECTION_MONTHS months and follow-ups past their due date.
"""

import calendar
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cdtt import text
from cdtt.audit.log import record
from cdtt.orgunits.models import OrgUnit
from cdtt.teams.models import Team

from .models import FollowUp, Inspection

FINDINGS_LENGTH = 10000
TASK_LENGTH = 300


class InspectionError(ValueError):
    """An inspection that cannot be recorded; `errors` maps fields to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(" ".join(v) for v in errors.values()))
        self.errors = errors


def _snapshot(inspection: Inspection) -> dict:
    return {
        "team": inspection.team_id,
        "date": inspection.date.isoformat(),
        "assessment": inspection.assessment,
        "findings": inspection.findings,
        "follow_ups": [
            {"task": f.task, "due_date": f.due_date.isoformat()}
            for f in inspection.follow_ups.all()
        ],
    }


@transaction.atomic
def record_inspection(
    actor,
    team: Team,
    *,
    day: date,
    findings: str,
    assessment: int,
    follow_ups: list[tuple[str, date]] = (),
) -> Inspection:
    """Record an officer's inspection of a team with its follow-up tasks (task, due date)."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if day > today:
        errors["date"] = [_("An inspection cannot be in the future.")]
    try:
        findings = text.lines(findings)
    except text.TextError as error:
        errors["findings"], findings = [text.sentence(error)], "-"
    if not findings:
        errors["findings"] = [_("Write what the inspection found.")]
    elif len(findings) > FINDINGS_LENGTH:
        errors["findings"] = [_("The findings are too long.")]
    if assessment not in range(1, 6):
        errors["assessment"] = [_("The assessment is a number from 1 to 5.")]
    tasks = []
    for task, due in follow_ups:
        try:
            task = text.line(task)
        except text.TextError as error:
            errors.setdefault("follow_ups", []).append(text.sentence(error))
            continue
        if not task:
            continue
        if len(task) > TASK_LENGTH:
            errors.setdefault("follow_ups", []).append(_("A task is too long."))
        elif due is None:
            errors.setdefault("follow_ups", []).append(
                _("The task “%(task)s” needs a due date.") % {"task": task}
            )
        elif due < day:
            errors.setdefault("follow_ups", []).append(
                _("The task “%(task)s” is due before the inspection.") % {"task": task}
            )
        else:
            tasks.append((task, due))
    if errors:
        raise InspectionError(errors)
    inspection = Inspection.objects.create(
        team=team,
        date=day,
        findings=findings,
        assessment=assessment,
        inspector=actor if getattr(actor, "pk", None) else None,
    )
    FollowUp.objects.bulk_create(
        [FollowUp(inspection=inspection, task=task, due_date=due) for task, due in tasks]
    )
    record(
        actor,
        "inspection_recorded",
        inspection,
        orgunit_path=team.unit.path,
        after=_snapshot(inspection),
    )
    return inspection


@transaction.atomic
def complete_follow_up(actor, follow_up: FollowUp, day: date | None = None) -> FollowUp:
    """Mark a follow-up task done (idempotent: a done task keeps its first date)."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.done_on is not None:
        return follow_up
    follow_up.done_on = day or timezone.localdate()
    follow_up.done_by = actor if getattr(actor, "pk", None) else None
    follow_up.save(update_fields=["done_on", "done_by"])
    team = follow_up.inspection.team
    record(
        actor,
        "follow_up_done",
        follow_up,
        orgunit_path=team.unit.path,
        after={"task": follow_up.task, "done_on": follow_up.done_on.isoformat()},
    )
    return follow_up


def months_ago(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day where it is shorter)."""
    year, index = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, index + 1, min(day.day, calendar.monthrange(year, index + 1)[1]))


def not_inspected(unit: OrgUnit, today: date | None = None):
    """Teams of the subtree without an inspection in the last N months (`last_inspected`
    annotated, None for never), longest neglected first: a query, so a page reads only the
    rows it shows (a province has thousands of teams)."""
    today = today or timezone.localdate()
    since = months_ago(today, settings.DASHBOARD_INSPECTION_MONTHS)
    return (
        Team.objects.filter(unit__path__startswith=unit.path, unit__valid_until__isnull=True)
        .select_related("unit__parent")
        .annotate(last_inspected=Max("inspections__date"))
        .filter(Q(last_inspected__isnull=True) | Q(last_inspected__lt=since))
        .order_by(F("last_inspected").asc(nulls_first=True), "unit__name_sort", "pk")
    )


def overdue_follow_ups(unit: OrgUnit, today: date | None = None):
    """Follow-up tasks of the subtree past their due date and not done, oldest first."""
    today = today or timezone.localdate()
    return (
        FollowUp.objects.filter(
            inspection__team__unit__path__startswith=unit.path,
            done_on__isnull=True,
            due_date__lt=today,
        )
        .select_related("inspection__team__unit__parent")
        .order_by("due_date", "pk")
    )
