"""Who may change which team: the rule pages, API and imports all ask.

Seeing is decided by `cdtt.accounts.scoping.scope` (the user's subtree); changing is
narrower: a leader account changes its own team only, a commune officer every team of the
commune, province officers and administrators every team below them.
"""

from cdtt.accounts.models import Role

from .models import Member, Team


def can_manage_team(user, team: Team) -> bool:
    """True when `user` may add, edit and end the memberships of `team`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role == Role.ADMIN:
        return True
    if user.orgunit_id is None:
        return False
    if user.role in (Role.PROVINCE, Role.COMMUNE):
        return team.unit.path.startswith(user.orgunit.path)
    if user.role == Role.LEADER:
        return team.unit_id == user.orgunit_id
    return False


def can_manage_member(user, member: Member) -> bool:
    """True when the user manages a team the member belongs to now or belonged to.

    Reads `member.memberships.all()`, so prefetch `memberships__team__unit` for lists.
    """
    return any(can_manage_team(user, m.team) for m in member.memberships.all())


def can_import(user) -> bool:
    """Imports cover a whole commune or more: officers only."""
    return getattr(user, "is_authenticated", False) and user.is_officer
