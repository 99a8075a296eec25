"""Small includes of the skills app in other apps' pages: the guide suggested on the entry
page, "who can guide…" on a home, the skills figures on a unit's dashboard."""

from datetime import timedelta

from django import template
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cdtt import parts
from cdtt.activities.models import Activity, ActivityType
from cdtt.skills.models import Level, SkillLevel, Task
from cdtt.skills.selectors import task_choices

register = template.Library()
RECENT_DAYS = 30


# What the suggestions read (cdtt.parts): the member's activities are stamped per member.
SUGGESTIONS = parts.Part.of(
    "skill-suggestions", reads=[Task, SkillLevel, ActivityType], keyed=[Activity]
)


@register.inclusion_tag("skills/_suggest.html")
def skill_suggestions(member) -> dict:
    """Guides of the tasks whose activity type the member records while at "chưa biết":
    shown at once for the types recorded in the last days, and by skills-suggest.js when she
    taps such a type. Kept between the changes of what it reads, per member and day."""
    if member is None:
        return {"suggestions": []}
    today = timezone.localdate()
    return parts.remember(
        SUGGESTIONS, (member.pk, str(today)), lambda: _suggestions(member, today), key=member.pk
    )


def _suggestions(member, today) -> dict:
    known = SkillLevel.objects.filter(member=member).exclude(level=Level.UNKNOWN)
    since = today - timedelta(days=RECENT_DAYS)
    recorded = Activity.objects.filter(
        member=member, date__gte=since, type_id=OuterRef("activity_type_id")
    )
    tasks = (
        Task.objects.active()
        .filter(activity_type__isnull=False, guide__isnull=False)
        .exclude(pk__in=known.values("task_id"))
        .select_related("activity_type")
        .annotate(recent=Exists(recorded))
    )
    suggestions, seen = [], set()
    for task in tasks:
        if task.activity_type_id in seen:  # one guide per type: the first task of the type
            continue
        seen.add(task.activity_type_id)
        suggestions.append((task, task.recent))  # type: ignore[attr-defined]  # annotated
    return {"suggestions": suggestions, "shown": any(r for _, r in suggestions)}


@register.inclusion_tag("skills/_peer_help.html")
def peer_help() -> dict:
    """A member asks who near her can guide a task."""
    return {"tasks": task_choices()}


@register.inclusion_tag("skills/_figures_slot.html")
def skills_figures(unit) -> dict:
    """The unit's skills figures on its dashboard page: fetched after the page (htmx), so
    that they are current at each view and cost the page itself nothing."""
    return {"unit": unit}
