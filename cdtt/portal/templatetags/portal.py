"""Template helpers of the portal: stars, and the session length for the warning script."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def session_seconds() -> int:
    return settings.SESSION_COOKIE_AGE


@register.filter
def stars(value) -> str:
    """★★★★☆ for 4: shown beside the number, never instead of it."""
    try:
        count = max(0, min(5, round(float(value))))
    except (TypeError, ValueError):
        return ""
    return "★" * count + "☆" * (5 - count)
