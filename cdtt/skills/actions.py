"""Every write of the skills app: levels, checks, courses, training sessions and attendance.

Each function validates, writes in a transaction and writes the audit entry (old and new
values) in the same transaction; pages, API and commands call these and nothing else.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cdtt import text
from cdtt.accounts.models import Role
from cdtt.accounts.scoping import scope
from cdtt.audit.log import record
from cdtt.orgunits.models import Level as UnitLevel
from cdtt.orgunits.models import OrgUnit
from cdtt.teams.access import led_teams
from cdtt.teams.actions import add_training, member_paths
from cdtt.teams.models import Member, Membership

from .models import (
    LEVEL_RANK,
    Attendance,
    CourseCompletion,
    Level,
    SkillLevel,
    Source,
    Task,
    TrainingSession,
)

GENERAL = "__all__"


class SkillError(ValueError):
    """A write that cannot be done; `errors` maps each field (or "__all__") to messages."""

    def __init__(self, errors: dict[str, list[str]] | str):
        if isinstance(errors, str):
            errors = {GENERAL: [errors]}
        super().__init__("; ".join(" ".join(v) for v in errors.values()))
        self.errors = errors


def _snapshot(level: SkillLevel | None) -> dict:
    if level is None:
        return {"level": Level.UNKNOWN}
    return {
        "task": level.task.code,
        "level": level.level,
        "source": level.source,
        "confirmed_by": level.confirmed_by_id,
        "confirmed_at": level.confirmed_at.isoformat() if level.confirmed_at else None,
    }


def _audit(actor, action: str, obj, member: Member, before=None, after=None) -> None:
    for path in member_paths(member) or [""]:
        record(actor, action, obj, orgunit_path=path, before=before, after=after)


def is_self(actor, member: Member) -> bool:
    return member.user_id is not None and member.user_id == actor.pk


def may_confirm(actor, member: Member) -> bool:
    """Who confirms "hướng dẫn được": an officer whose area holds the member, a leader account
    of one of her teams' units, or a member leading (tổ trưởng, tổ phó) a team she is on
    today; never she herself."""
    if not (actor.is_authenticated and actor.is_active) or is_self(actor, member):
        return False
    if not scope(actor, Member.objects.filter(pk=member.pk)).exists():
        return False
    if actor.role in (Role.ADMIN, Role.PROVINCE, Role.COMMUNE):
        return True
    teams = set(
        Membership.objects.current().filter(member=member).values_list("team_id", flat=True)
    )
    if (
        actor.role == Role.LEADER
        and Membership.objects.current()
        .filter(member=member, team__unit_id=actor.orgunit_id)
        .exists()
    ):
        return True
    return bool(teams & led_teams(actor))


def _write(member: Member, task: Task, level: str, source: str, *, confirmer=None) -> tuple:
    """Store the member's level for the task; (before, row) with row None at "chưa biết"."""
    now = timezone.now()
    row = (
        SkillLevel.objects.select_for_update()
        .select_related("task")
        .filter(member=member, task=task)
        .first()
    )
    before = _snapshot(row)
    old_rank = LEVEL_RANK[Level(row.level)] if row else 0
    if row is None:
        row = SkillLevel(member=member, task=task)
    row.level, row.source, row.changed_at = level, source, now
    if LEVEL_RANK[Level(level)] > old_rank:
        row.raised_at = now
    if confirmer is not None:
        row.confirmed_by, row.confirmed_at = confirmer, now
    elif level != Level.CAN_GUIDE or source != Source.SELF or before.get("confirmed_at") is None:
        row.confirmed_by, row.confirmed_at = None, None
    row.save()
    return before, row


@transaction.atomic
def set_own_level(actor, member: Member, task: Task, level: str) -> SkillLevel:
    """The member says where she stands. Claiming "hướng dẫn được" awaits a confirmation;
    a confirmed level stays confirmed only while she keeps it."""
    if not is_self(actor, member):
        raise SkillError(_("Only the member herself sets her own level."))
    if level not in Level.values:
        raise SkillError({"level": [_("Choose one of the levels.")]})
    current = SkillLevel.objects.filter(member=member, task=task).first()
    if current and current.level == level:
        return current
    before, row = _write(member, task, level, Source.SELF)
    _audit(actor, "skill_level", row, member, before=before, after=_snapshot(row))
    return row


@transaction.atomic
def confirm_guide(actor, member: Member, task: Task) -> SkillLevel:
    """A leader or an officer saw her guide someone: "hướng dẫn được", confirmed."""
    if not may_confirm(actor, member):
        raise SkillError(_("Only a leader of her team or an officer of her area can confirm."))
    current = SkillLevel.objects.filter(member=member, task=task).first()
    if current is not None and current.is_confirmed_guide:
        return current
    before, row = _write(member, task, Level.CAN_GUIDE, Source.CONFIRMED, confirmer=actor)
    _audit(actor, "skill_confirm", row, member, before=before, after=_snapshot(row))
    return row


@dataclass
class CheckResult:
    passed: bool
    wrong: list[int] = field(default_factory=list)  # ids of the questions answered wrongly
    level: SkillLevel | None = None


@transaction.atomic
def submit_check(actor, member: Member, task: Task, answers: dict[int, int | None]) -> CheckResult:
    """Answers to the guide's check (question id → option number from 1). Every answer
    right moves a member at "chưa biết" to "tự làm được"; it never lowers a level."""
    if not is_self(actor, member):
        raise SkillError(_("Only the member herself takes her check."))
    questions = list(task.questions.all())
    if not questions:
        raise SkillError(_("This guide has no check yet."))
    wrong = [q.pk for q in questions if answers.get(q.pk) != q.answer]
    result = CheckResult(passed=not wrong, wrong=wrong)
    current = SkillLevel.objects.filter(member=member, task=task).first()
    if result.passed and (current is None or current.level == Level.UNKNOWN):
        before, row = _write(member, task, Level.CAN_DO, Source.CHECK)
        _audit(actor, "skill_check", row, member, before=before, after=_snapshot(row))
        result.level = row
    else:
        result.level = current
    return result


@transaction.atomic
def record_course(
    actor,
    member: Member,
    *,
    course_title: str,
    certificate_number: str,
    completed_on: date,
    task: Task | None = None,
    photo=None,
) -> CourseCompletion:
    """A course finished on Bình dân học vụ số: typed certificate number and date, and an
    optional photo of the certificate (re-encoded by the portal's picture handling)."""
    from cdtt.portal.images import resize_image

    if not (is_self(actor, member) or may_confirm(actor, member)):
        raise SkillError(_("Only the member or a leader or officer over her records her courses."))
    errors: dict[str, list[str]] = {}
    values = {}
    for name, value, limit in (
        ("course_title", course_title, 200),
        ("certificate_number", certificate_number, 60),
    ):
        try:
            values[name] = text.line(value or "")
        except text.TextError as error:
            errors[name], values[name] = [text.sentence(error)], ""
            continue
        if not values[name]:
            errors[name] = [_("This field is required.")]
        elif len(values[name]) > limit:
            errors[name] = [_("At most %(n)s characters.") % {"n": limit}]
    if completed_on is None:
        errors["completed_on"] = [_("This field is required.")]
    elif completed_on > timezone.localdate():
        errors["completed_on"] = [_("A course finished cannot be in the future.")]
    elif completed_on < date(2025, 1, 1):
        errors["completed_on"] = [_("The platform opened in 2025.")]
    if (
        not errors
        and CourseCompletion.objects.filter(
            member=member, certificate_number=values["certificate_number"]
        ).exists()
    ):
        errors["certificate_number"] = [_("This certificate is already recorded.")]
    stored_photo = None
    if photo:
        try:
            stored_photo = resize_image(photo)
        except ValidationError as error:
            errors["photo"] = list(error.messages)
    if errors:
        raise SkillError(errors)
    course = CourseCompletion(
        member=member, task=task, completed_on=completed_on, recorded_by=actor, **values
    )
    if stored_photo is not None:
        course.photo.save(stored_photo.name, stored_photo, save=False)
    course.save()
    after = {**values, "completed_on": str(completed_on), "task": task.code if task else None}
    _audit(actor, "create", course, member, after=after)
    return course


def may_organise(actor, unit: OrgUnit) -> bool:
    """Communes and provinces organise trainings: their officers, in their area."""
    if not (actor.is_authenticated and actor.is_active) or unit.level == UnitLevel.VILLAGE:
        return False
    if actor.role == Role.ADMIN:
        return True
    if actor.role not in (Role.PROVINCE, Role.COMMUNE) or actor.orgunit_id is None:
        return False
    return unit.path.startswith(actor.orgunit.path)


@transaction.atomic
def create_session(
    actor, unit: OrgUnit, *, title: str, day: date, place: str, tasks: list[Task]
) -> TrainingSession:
    """A training session (tập huấn) organised by a commune or a province."""
    if not may_organise(actor, unit):
        raise SkillError(_("Only officers of a commune or a province organise trainings."))
    errors: dict[str, list[str]] = {}
    values = {}
    for name, value in (("title", title), ("place", place)):
        try:
            values[name] = text.line(value or "")
        except text.TextError as error:
            errors[name], values[name] = [text.sentence(error)], ""
            continue
        if not values[name]:
            errors[name] = [_("This field is required.")]
        elif len(values[name]) > 200:
            errors[name] = [_("At most %(n)s characters.") % {"n": 200}]
    if day is None:
        errors["day"] = [_("This field is required.")]
    elif day.year < 2000:
        errors["day"] = [_("Too long ago.")]
    if errors:
        raise SkillError(errors)
    session = TrainingSession.objects.create(unit=unit, date=day, created_by=actor, **values)
    session.tasks.set(tasks)
    after = {**values, "date": str(day), "tasks": [t.code for t in tasks]}
    record(actor, "create", session, orgunit_path=unit.path, after=after)
    return session


@transaction.atomic
def record_attendance(actor, session: TrainingSession, members: list[Member]) -> int:
    """The members present: each gets an attendance row and a training in her record (the
    teams app's `Training`, as the team pages show). Members already marked are left as
    they are; only members of the organising unit's area may be marked. How many were added."""
    if not may_organise(actor, session.unit):
        raise SkillError(_("Only officers of a commune or a province organise trainings."))
    if session.date > timezone.localdate():
        raise SkillError(_("Attendance is recorded once the training has taken place."))
    area = set(Member.objects.in_subtree(session.unit).values_list("pk", flat=True))
    outside = [m.full_name for m in members if m.pk not in area]
    if outside:
        raise SkillError(
            {
                "members": [
                    _("Not on a team of this area: %(names)s") % {"names": ", ".join(outside)}
                ]
            }
        )
    present = set(session.attendance.values_list("member_id", flat=True))
    added = 0
    for member in members:
        if member.pk in present:
            continue
        Attendance.objects.create(session=session, member=member)
        # The member's own record of trainings (teams' writer; its rule is ours, checked above).
        add_training(None, member, day=session.date, topic=session.title[:200],
                     organiser=session.unit.name[:200])  # fmt: skip
        present.add(member.pk)
        added += 1
    if added:
        record(actor, "attendance", session, orgunit_path=session.unit.path,
               after={"members": sorted(present)})  # fmt: skip
    return added
