"""Demo skills: the seed's story told by levels. Youth Union members know most tasks and are
confirmed guides for many; elderly leaders and veterans know few; the former "can guide"
lists become confirmed levels; each commune held one training on VNeID level 2 and VssID.
Deterministic for a seed; bulk-loaded past the write functions, like the demo's activities."""

import random
from datetime import timedelta

from django.utils import timezone

from cdtt.orgunits.models import OrgUnit
from cdtt.skills.catalogue import adopt_legacy_skills, seed_catalogue
from cdtt.skills.models import Attendance, Level, SkillLevel, Source, Task, TrainingSession
from cdtt.teams.models import Affiliation, Member, Membership

from .members import REFERENCE_YEAR

# Per affiliation: (share of tasks done alone, share of tasks claimed or confirmed to guide).
PROFILE: dict[str, tuple[float, float]] = {
    Affiliation.YOUTH_UNION: (0.55, 0.3),
    Affiliation.POLICE: (0.4, 0.25),
    Affiliation.TEACHER: (0.45, 0.15),
    Affiliation.HEALTH: (0.35, 0.1),
    Affiliation.WOMEN_UNION: (0.3, 0.05),
    Affiliation.JUSTICE: (0.35, 0.1),
}
NARROW = (0.08, 0.0)  # elderly leaders, veterans, village heads: a task or two at most
DEFAULT = (0.2, 0.03)
ELDERLY_AGE = 60


def _profile(member: Member) -> tuple[float, float]:
    age = REFERENCE_YEAR - member.birth_year if member.birth_year else None
    if (age is not None and age >= ELDERLY_AGE) or member.affiliation in (
        Affiliation.VETERANS, Affiliation.VILLAGE_HEAD
    ):  # fmt: skip
        return NARROW
    return PROFILE.get(member.affiliation, DEFAULT)


def seed_skills(seed: int, communes: list[OrgUnit]) -> int:
    """Levels for the demo's members (once); how many levels were written."""
    seed_catalogue()
    if SkillLevel.objects.exclude(source=Source.LEGACY).exists():
        return 0
    adopt_legacy_skills()
    rng = random.Random(f"{seed}:skills")
    tasks = list(Task.objects.active().order_by("position"))
    taken = set(SkillLevel.objects.values_list("member_id", "task_id"))
    now = timezone.now()
    rows = []
    members = Member.objects.filter(memberships__end__isnull=True).distinct().order_by("pk")
    for member in members:
        alone, guide = _profile(member)
        for task in tasks:
            if (member.pk, task.pk) in taken:
                continue
            draw = rng.random()
            if draw < guide:
                level, confirmed = Level.CAN_GUIDE, rng.random() < 0.6
            elif draw < guide + alone:
                level, confirmed = Level.CAN_DO, False
            else:
                continue
            at = now - timedelta(days=rng.randint(3, 240), hours=rng.randint(0, 12))
            rows.append(SkillLevel(
                member=member, task=task, level=level,
                source=Source.CONFIRMED if confirmed else Source.SELF,
                changed_at=at, raised_at=at, confirmed_at=at if confirmed else None,
            ))  # fmt: skip
    SkillLevel.objects.bulk_create(rows, batch_size=1000)
    _trainings(rng, communes, tasks)
    return len(rows)


def _trainings(rng: random.Random, communes: list[OrgUnit], tasks: list[Task]) -> None:
    covered = [
        t for t in tasks if t.code in ("vneid-muc-2", "vssid-the-bhyt", "vssid-cai-dat-dang-nhap")
    ]
    today = timezone.localdate()
    for commune in communes:
        day = today - timedelta(days=rng.randint(20, 90))
        session = TrainingSession.objects.create(
            unit=commune, title="Tập huấn kích hoạt VNeID mức 2 và sử dụng VssID", date=day,
            place=f"Hội trường UBND {commune.name}",
        )  # fmt: skip
        session.tasks.set(covered)
        present = (
            Membership.objects.current()
            .in_subtree(commune)
            .values_list("member_id", "member__affiliation")
            .distinct()
        )
        chosen = sorted({pk for pk, aff in present if rng.random() < (
            0.7 if aff == Affiliation.YOUTH_UNION else 0.25)})  # fmt: skip
        Attendance.objects.bulk_create(Attendance(session=session, member_id=pk) for pk in chosen)
