"""Display helpers of the team screens: phone numbers grouped, ages, shares."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def phone(number: str | None) -> str:
    """0912345678 -> "0912 345 678", as people read a number aloud."""
    if not number or len(number) != 10:
        return number or ""
    return f"{number[:4]} {number[4:7]} {number[7:]}"


@register.filter
def age(birth_year: int | None, year: int | None = None) -> int | str:
    """Age reached this year (lists carry only the birth year); "" when unknown."""
    if birth_year is None:
        return ""
    return (year or timezone.localdate().year) - birth_year


@register.filter
def percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"
