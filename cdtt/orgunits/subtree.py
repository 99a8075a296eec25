"""The one place that turns "at or under a unit" into a filter.

Every model that belongs to a unit declares SCOPE_PATH, the lookup to the materialized path of
that unit ("path" for a unit, "unit__path" for a team, "team__unit__path" for an activity…),
and SCOPE_MANY when the lookup crosses a to-many relation (a member is in several teams); a
model reached from two places names both (a directive: the unit it was sent to, its teams).
Querysets read a subtree through `in_subtree(unit)` (`SubtreeQuerySet`); the user's scope
(`cdtt.accounts.scoping.scope`) is the subtree of the user's unit, read the same way. No other
module writes a path filter by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from .models import OrgUnit


def subtree_q(model: type[models.Model], path: str) -> models.Q:
    """The condition "`model`'s unit is at or under the unit with this path", for a model
    whose SCOPE_PATH does not cross a to-many relation (else use `within`). A SCOPE_PATH
    may name several lookups: a row belongs to the subtree if any of them is in it."""
    lookups: str | tuple[str, ...] = model.SCOPE_PATH  # type: ignore[attr-defined]  # declared
    condition = models.Q()
    for lookup in (lookups,) if isinstance(lookups, str) else lookups:
        condition |= models.Q(**{f"{lookup}__startswith": path})
    return condition


def within(queryset: models.QuerySet, path: str) -> models.QuerySet:
    """The rows of `queryset` at or under the unit with this path (each row once, even when
    SCOPE_PATH crosses a to-many relation)."""
    model = queryset.model
    inside = subtree_q(model, path)
    if getattr(model, "SCOPE_MANY", False):
        # Filtered by id: the to-many join would repeat a row once per matching relation.
        return queryset.filter(pk__in=model._base_manager.filter(inside).values("pk"))
    return queryset.filter(inside)


class SubtreeQuerySet(models.QuerySet):
    """What every scoped model's queryset can do: keep the rows of a unit's subtree."""

    def in_subtree(self, unit: OrgUnit):
        """The rows at or under `unit` (the unit itself included)."""
        return within(self, unit.path)
