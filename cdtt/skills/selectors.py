"""Reads of the skills app shared by pages, API and figures."""

from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cdtt.orgunits.subtree import subtree_q
from cdtt.teams.models import Member, Membership

from .models import Level, SkillLevel, Task


def member_of(user) -> Member | None:
    """The member record of the account, if any."""
    return Member.objects.filter(user=user).first() if user.is_authenticated else None


TASK_CHOICES = "skills:task-choices:1"


def task_choices() -> list[tuple[str, str]]:
    """(code, title) of the active tasks, in catalogue order: a list every home offers ("who
    can guide…"), kept in the shared cache until a task changes."""
    choices = cache.get(TASK_CHOICES)
    if choices is None:
        choices = list(Task.objects.active().values_list("code", "title"))
        cache.set(TASK_CHOICES, choices, None)
    return choices


@receiver([post_save, post_delete], sender=Task, dispatch_uid="skills-task-choices")
def _tasks_changed(**_kwargs) -> None:
    cache.delete(TASK_CHOICES)


def levels_of(member: Member) -> dict[int, SkillLevel]:
    """The member's levels by task id (tasks without a row are at "chưa biết")."""
    return {
        row.task_id: row
        for row in SkillLevel.objects.filter(member=member).select_related("confirmed_by")
    }


def access_task(code: str) -> Task:
    """An active task by its code, or 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Task.objects.active().select_related("guide"), code=code)


def confirmed_guides(task: Task, member: Member):
    """Who can guide the task near the member: people on her teams today, then on the other
    teams of the communes of her teams, with a confirmed "hướng dẫn được"; herself excluded.
    A list of (membership, same_team) in that order."""
    mine = list(
        Membership.objects.current().filter(member=member).select_related("team__unit__parent")
    )
    team_ids = {m.team_id for m in mine}
    communes = {_commune_path(m.team.unit) for m in mine}
    near = Q(team_id__in=team_ids)
    for path in communes:
        near |= subtree_q(Membership, path)
    guides = (
        Membership.objects.current()
        .filter(near)
        .filter(
            member__skill_levels__task=task,
            member__skill_levels__level=Level.CAN_GUIDE,
            member__skill_levels__confirmed_at__isnull=False,
        )
        .exclude(member=member)
        .select_related("member", "team__unit")
        .order_by("member__name_sort", "member__full_name")
    )
    seen: dict[int, tuple] = {}
    for m in guides:
        same = m.team_id in team_ids
        if m.member_id not in seen or (same and not seen[m.member_id][1]):
            seen[m.member_id] = (m, same)
    return sorted(seen.values(), key=lambda pair: (not pair[1], pair[0].member.name_sort))


def _commune_path(unit) -> str:
    """The path of the unit's commune (the unit itself when it is a commune)."""
    from cdtt.orgunits.models import Level as UnitLevel

    if unit.level == UnitLevel.VILLAGE and unit.parent_id is not None:
        return unit.parent.path
    return unit.path
