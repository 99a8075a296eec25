"""Template helpers of the portal: stars, and the session length for the warning script."""

from django import template
from django.conf import settings

from cdtt.accounts.sessions import remaining_seconds

register = template.Library()


@register.simple_tag(takes_context=True)
def session_seconds(context) -> int:
    """Seconds the session has left: what the warning counts down from."""
    request = context.get("request")
    return remaining_seconds(request) if request is not None else settings.SESSION_COOKIE_AGE


@register.filter
def stars(value) -> str:
    """★★★★☆ for 4: shown beside the number, never instead of it."""
    try:
        count = max(0, min(5, round(float(value))))
    except (TypeError, ValueError):
        return ""
    return "★" * count + "☆" * (5 - count)
