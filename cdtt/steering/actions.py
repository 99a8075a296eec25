"""What the steering committee writes: directives (chỉ đạo, hướng dẫn) sent to the teams of a
subtree and read by their members, inspections (kiểm tra) of a team with their follow-up tasks,
and those tasks completed. Pages, the API and commands all write through these functions; each
write is audited, and a directive's notices go to the queue after the commit.
"""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cdtt import text as text_rules
from cdtt.audit.log import record
from cdtt.notify.actions import send_now
from cdtt.orgunits.models import OrgUnit
from cdtt.teams.models import Membership, Team

from . import tasks
from .models import Directive, DirectiveRead, FollowUp, Inspection

BODY_PREVIEW = 300
TITLE_LENGTH, TEXT_LENGTH = 200, 10000  # as the model
FINDINGS_LENGTH = 10000
TASK_LENGTH = 300


class DirectiveError(ValueError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(" ".join(v) for v in errors.values()))
        self.errors = errors


class InspectionError(ValueError):
    """An inspection that cannot be recorded; `errors` maps fields to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(" ".join(v) for v in errors.values()))
        self.errors = errors


# Directives ------------------------------------------------------------------------------


def _recipients(directive: Directive):
    """Members with an account on the directive's teams today (one query)."""
    return (
        Membership.objects.current()
        .filter(team__in=directive.teams.all(), member__user__isnull=False)
        .select_related("member__user")
        .order_by("member_id")
    )


def send_directive(
    actor,
    unit: OrgUnit,
    *,
    title: str,
    text: str,
    due_date: date | None = None,
    attachment=None,
) -> Directive:
    """Send a directive to every current team at or under `unit`, and notify their members
    who have an account (once each, whatever the number of their teams), from the queue."""
    errors = {}
    try:
        title = text_rules.line(title, TITLE_LENGTH)
    except text_rules.TextError as error:
        errors["title"], title = [text_rules.sentence(error)], "-"
    try:
        text = text_rules.lines(text, TEXT_LENGTH)
    except text_rules.TextError as error:
        errors["text"], text = [text_rules.sentence(error)], "-"
    if not title:
        errors["title"] = [_("A directive needs a title.")]
    if not text:
        errors["text"] = [_("A directive needs a text.")]
    if due_date is not None and due_date < timezone.localdate():
        errors["due_date"] = [_("The due date has passed.")]
    if errors:
        raise DirectiveError(errors)
    with transaction.atomic():
        directive = Directive.objects.create(
            unit=unit,
            title=title,
            text=text,
            due_date=due_date,
            attachment=attachment or "",
            sent_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            actor,
            "directive_sent",
            directive,
            orgunit_path=unit.path,
            after={"title": title, "unit": unit.pk,
                   "due_date": due_date.isoformat() if due_date else None},
        )  # fmt: skip
        # Its teams are linked and their members told by a task after the commit: a
        # directive to a whole province is neither linked nor sent inside the request.
        pk = directive.pk
        transaction.on_commit(lambda: tasks.send_directive_notices(pk), robust=True)
    return directive


def _link_teams(directive: Directive, teams) -> int:
    """Link the directive to these teams in one statement (INSERT … SELECT: a province's
    thousands of teams are neither read into the request nor sent back one by one); returns
    how many. Nothing listens for this relation's changes (no m2m_changed receiver)."""
    through = Directive.teams.through
    table = connection.ops.quote_name(through._meta.db_table)
    directive_id, team_id = (
        connection.ops.quote_name(through._meta.get_field(name).column)
        for name in ("directive", "team")
    )
    ids, params = teams.order_by().values_list("pk", flat=True).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({directive_id}, {team_id}) "  # noqa: S608  # nosec B608 - our names
            f"SELECT %s, chosen.* FROM ({ids}) chosen",
            [directive.pk, *params],
        )
        return cursor.rowcount


def _current_teams(unit: OrgUnit):
    return Team.objects.in_subtree(unit).filter(unit__valid_until__isnull=True)


def delivery_pending(directive: Directive) -> bool:
    """The queued task has not linked the directive's teams yet (a unit without any team
    has nothing to wait for)."""
    return not directive.teams.exists() and _current_teams(directive.unit).exists()


def link_teams(directive: Directive) -> int:
    """Link the directive to every current team at or under its unit, once (a rerun of the
    task links nothing more); run in the queue. Returns how many teams it went to."""
    with transaction.atomic():
        Directive.objects.select_for_update().filter(pk=directive.pk).first()  # one at a time
        linked = directive.teams.count()
        if linked:
            return linked
        return _link_teams(directive, _current_teams(directive.unit))


def send_notices(directive: Directive) -> int:
    """Tell every member with an active account on the directive's teams, once each
    (whatever the number of their teams); run in the queue after `link_teams`. Returns the
    deliveries made."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New directive: %(title)s") % {"title": directive.title}
    url = reverse("steering:directive", args=[directive.pk])
    told, made = set(), 0
    for membership in _recipients(directive):
        user = membership.member.user
        if user.pk in told or not user.is_active:
            continue
        told.add(user.pk)
        key = f"directive:{directive.pk}:user:{user.pk}"
        made += len(send_now(user, key, subject, directive.text[:BODY_PREVIEW], url))
    return made


def mark_read(user, directive: Directive) -> None:
    """The first opening counts; later ones change nothing."""
    if not user.is_authenticated:
        return
    try:
        with transaction.atomic():
            DirectiveRead.objects.get_or_create(directive=directive, user=user)
    except IntegrityError:
        pass  # opened twice at once


# Inspections -----------------------------------------------------------------------------


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
        findings = text_rules.lines(findings)
    except text_rules.TextError as error:
        errors["findings"], findings = [text_rules.sentence(error)], "-"
    if not findings:
        errors["findings"] = [_("Write what the inspection found.")]
    elif len(findings) > FINDINGS_LENGTH:
        errors["findings"] = [_("The findings are too long.")]
    if assessment not in range(1, 6):
        errors["assessment"] = [_("The assessment is a number from 1 to 5.")]
    tasks_left = []
    for task, due in follow_ups:
        try:
            task = text_rules.line(task)
        except text_rules.TextError as error:
            errors.setdefault("follow_ups", []).append(text_rules.sentence(error))
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
            tasks_left.append((task, due))
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
        [FollowUp(inspection=inspection, task=task, due_date=due) for task, due in tasks_left]
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
