"""Writing a checked member list: one transaction, every change through the members' writers.

The writers (`add_members`, `add_member`, `add_membership`, `fill_blanks`, `update_member`,
`change_role`, `end_membership`) hold the rules and leave one audit entry per change; a
refusal by any of them undoes the whole list. Within a team the order matters: the sitting
leader steps down or leaves before the new one takes the role. The list's new people, most
of a first import, are written last and together (`add_members`, a few statements for the
whole list), once every team's leavers and role changes are done.
"""

from datetime import timedelta

from django.db import transaction

from cdtt.spreadsheets import RowError

from ..actions import (
    Joining,
    MemberError,
    add_member,
    add_members,
    add_membership,
    change_role,
    end_membership,
    ensure_team,
    fill_blanks,
    update_member,
)
from ..models import TeamRole
from .plan import ALREADY, LEAVE, NEW, ROLE, STEP_DOWN, MemberImport, TeamPlan


class _Abort(Exception):
    pass


def write_import(result: MemberImport, actor) -> None:
    """Apply every change of the plan, or none (the refusal is added to `result.errors`)."""
    try:
        with transaction.atomic():
            new = []
            for plan in result.teams:
                new += _write_team(plan, result, actor)
            _write_new(new, result, actor)
            result.members_created = result.count(NEW)
    except _Abort:
        result.members_created = result.memberships_created = 0
        result.memberships_ended = result.roles_changed = 0


def _refused(result: MemberImport, error: MemberError, row: int = 0, sheet: str = "", who=""):
    message = f"{who}: {error}" if who else str(error)
    result.errors.append(RowError(row, message, sheet=sheet))
    raise _Abort from error


def _write_team(plan: TeamPlan, result: MemberImport, actor) -> list:
    """The team's changes but its new people, who are returned (team, row) to be written
    with the other teams' (`_write_new`)."""
    team = plan.team or ensure_team(plan.unit)
    day = result.day
    last_day = day - timedelta(days=1)  # the leavers' last day: the list holds from `day`
    leader_rows = [p for p in plan.rows_with(ROLE) if p.membership.role == TeamRole.LEADER]
    steps = (
        [(s.membership, None) for s in plan.others_with(STEP_DOWN)]
        + [(p.membership, p) for p in leader_rows]
    )  # fmt: skip
    for membership, row in steps:  # the sitting leader first
        role = row.role if row else TeamRole.MEMBER
        try:
            change_role(actor, membership, role)
        except MemberError as error:
            _refused(result, error, getattr(row, "row", 0), getattr(row, "sheet", ""),
                     membership.member.full_name)  # fmt: skip
        result.roles_changed += 1
    for staying in plan.others_with(LEAVE):
        try:
            end_membership(actor, staying.membership, last_day)
        except MemberError as error:
            _refused(result, error, who=staying.membership.member.full_name)
        result.memberships_ended += 1
    new = []
    for row in plan.rows:
        if row.action == NEW and row.member is None:
            new.append((team, row))
            continue
        try:
            _write_row(row, team, result, actor, leader_rows)
        except MemberError as error:
            _refused(result, error, row.row, row.sheet, row.full_name)
    return new


def _write_new(new: list, result: MemberImport, actor) -> None:
    """The list's new people and their memberships, all at once."""
    joining = [Joining(team, row.person, row.role, result.day) for team, row in new]
    try:
        add_members(actor, joining)
    except MemberError as error:
        row = new[error.index][1] if error.index is not None else None
        _refused(result, error, getattr(row, "row", 0), getattr(row, "sheet", ""),
                 getattr(row, "full_name", ""))  # fmt: skip
    result.memberships_created += len(new)


def _write_row(row, team, result: MemberImport, actor, done: list) -> None:
    if row.action in (ALREADY, ROLE):
        if row.add_phone:
            update_member(actor, row.member, phone=row.phone)
        fill_blanks(actor, row.member, _details(row))
        if row.action == ROLE and row not in done:
            change_role(actor, row.membership, row.role)
            result.roles_changed += 1
        return
    if row.action == NEW or row.member is None:
        # A new person, or one an earlier row of this file creates: `add_member` finds a
        # stored phone's owner itself.
        add_member(actor, team, role=row.role, start=result.day, **row.person)
    else:
        # Joined first: only someone who then manages all her teams completes her record.
        add_membership(actor, team, row.member, role=row.role, start=result.day)
        fill_blanks(actor, row.member, _details(row))
    result.memberships_created += 1


def _details(row) -> dict:
    return {k: v for k, v in row.person.items() if k not in ("full_name", "phone")}
