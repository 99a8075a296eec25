"""Who may manage which account: the one rule pages, API and writers all ask.

Seeing is scoping (`cdtt.accounts.scoping`): outside one's subtree an account does not
exist (404). Managing is narrower, by rank (member < leader < commune officer < province
officer < administrator): officers manage accounts of a lower rank in their subtree (a
province officer the commune officers, leaders and members of the province; a commune
officer the leaders and members of the commune); a leader sees the accounts of their own
unit and may give a member of it a new code or unlock them; members manage nobody. Nobody
gives a role above the ones they manage, or binds an account outside their subtree.
Administrators may do everything, but act on other administrators only in Django admin.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from cdtt.orgunits.models import OrgUnit

from .models import RANK, ROLE_LEVELS, Role, User
from .scoping import get_in_scope, scope


class Action(StrEnum):
    ISSUE = "issue"  # a first code, or a new one (a reset)
    UNLOCK = "unlock"
    DEACTIVATE = "deactivate"
    REACTIVATE = "reactivate"
    GRANT = "grant"  # change the role or the unit
    TOKENS = "tokens"  # see and revoke the API tokens


LEADER_ACTIONS = {Action.ISSUE, Action.UNLOCK, Action.TOKENS}


def can_list(actor) -> bool:
    """Officers and leaders have a list of accounts; members do not."""
    return actor.is_authenticated and actor.is_active and actor.role != Role.MEMBER


def visible_users(actor) -> QuerySet:
    """The accounts the actor's list shows: the subtree's, a leader's own unit only."""
    users = scope(actor, User.objects.all())
    if actor.role == Role.LEADER:
        users = users.filter(orgunit_id=actor.orgunit_id)
    elif actor.role == Role.MEMBER:
        users = users.none()
    return users


def access_user(actor, pk) -> User:
    """An account of the actor's subtree, or 404 exactly as if it did not exist."""
    return get_in_scope(actor, User.objects.select_related("orgunit"), pk=pk)


def may(actor, action: str, target: User) -> bool:
    """True when the actor may do `action` to `target` (both inside the actor's subtree)."""
    if not actor.is_authenticated or not actor.is_active or actor.pk == target.pk:
        return False
    if actor.role == Role.ADMIN:
        return target.role != Role.ADMIN
    if RANK[actor.role] <= RANK[target.role]:
        return False
    if actor.role == Role.LEADER:
        return action in LEADER_ACTIONS and target.orgunit_id == actor.orgunit_id
    return actor.role in (Role.PROVINCE, Role.COMMUNE)


def require(actor, action: str, target: User) -> None:
    """PermissionDenied (403) unless `may`."""
    if not may(actor, action, target):
        raise PermissionDenied


def grantable_roles(actor) -> list[str]:
    """The roles the actor may give: those below their own (administrators: every role)."""
    if actor.role == Role.ADMIN:
        return list(Role.values)
    if actor.role in (Role.PROVINCE, Role.COMMUNE):
        return [r for r in Role.values if r != Role.ADMIN and RANK[r] < RANK[actor.role]]
    return []


def may_bind(actor, role: str, unit: OrgUnit | None) -> bool:
    """True when an account of `role` may be bound to `unit` by the actor: a level the role
    fits, inside the actor's subtree."""
    if role == Role.ADMIN:
        return actor.role == Role.ADMIN and unit is None
    if unit is None or unit.level not in ROLE_LEVELS[Role(role)]:
        return False
    return scope(actor, OrgUnit.objects.filter(pk=unit.pk)).exists()
