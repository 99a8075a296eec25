"""Small builders for the skills tests."""

from django.utils import timezone

from cdtt.skills.models import Level, SkillLevel, Source, Task


def make_task(code: str, app: str = "vneid", **fields) -> Task:
    return Task.objects.create(code=code, app=app, title=fields.pop("title", code), **fields)


def set_level(member, task, level: str, *, confirmed: bool = False, at=None) -> SkillLevel:
    """A level written as it stands (raw), for figures to be checked against."""
    at = at or timezone.now()
    return SkillLevel.objects.create(
        member=member,
        task=task,
        level=level,
        source=Source.CONFIRMED if confirmed else Source.SELF,
        changed_at=at,
        raised_at=at if level != Level.UNKNOWN else None,
        confirmed_at=at if confirmed else None,
    )
