"""The one place that decides what a user may see: their unit's subtree, nothing else.

Every model a user can reach declares SCOPE_PATH, the lookup to the materialized path of
the unit it belongs to ("path" for a unit, "unit__path" for a team…), and SCOPE_MANY when
that lookup crosses a to-many relation (a member is in several teams); the filter itself is
built in one place, `cdtt.orgunits.subtree` (the querysets' `in_subtree` uses it too). Every
list, detail, form, export and API route filters through `scope`; outside the subtree an
object does not exist (404), whatever id is guessed.
"""

import re
from typing import TypeVar

from django.db import models
from django.http import Http404

from cdtt.orgunits.models import OrgUnit
from cdtt.orgunits.subtree import within

from .models import Role

M = TypeVar("M", bound=models.Model)

# Ids in URLs and filters: at most 18 digits, so that no guess overflows a database integer.
ID_PATTERN = r"[0-9]{1,18}"


def as_id(text: object) -> int | None:
    """An id typed in a URL or a filter, or None when it cannot be one."""
    text = str(text or "")
    return int(text) if re.fullmatch(ID_PATTERN, text) else None


def scope(user, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """The part of `queryset` inside the user's subtree (nothing for anonymous users)."""
    queryset.model.SCOPE_PATH  # noqa: B018  # AttributeError: the model forgot to declare it
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.role == Role.ADMIN:
        return queryset
    if user.orgunit_id is None:
        return queryset.none()
    return within(queryset, user.orgunit.path)


def sees_unit(user, unit: OrgUnit) -> bool:
    """Whether `unit` is in the user's subtree: `scope`'s rule, for a unit already read."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.orgunit_id is not None and user.orgunit.contains(unit)


def get_in_scope(user, queryset: models.QuerySet[M], **lookup) -> M:
    """One object of the user's subtree, or 404 exactly as if it did not exist."""
    try:
        return scope(user, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error


def root_unit(user) -> OrgUnit | None:
    """The top of what the user sees (None for an administrator: the whole country)."""
    return None if user.role == Role.ADMIN else user.orgunit


def can_manage_villages(user, commune: OrgUnit) -> bool:
    """Commune officers manage their commune's villages; the levels above theirs too."""
    if not user.is_authenticated:
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role in (Role.PROVINCE, Role.COMMUNE):
        return user.orgunit.contains(commune)
    return False
