"""Template filters every app may load (`{% load vietnamese %}`): numbers the local way."""

from django import template
from django.utils.formats import get_format

register = template.Library()


@register.filter
def number(value) -> str:
    """12345 -> "12.345" in Vietnamese, "12,345" in English; "—" for nothing."""
    if value is None or value == "":
        return "—"
    return f"{value:,}".replace(",", get_format("THOUSAND_SEPARATOR"))
