"""What importing a member list would change, team by team, before anything is written.

A list names the people of one or more teams. For a team that already has members, the
list is compared with who is in it now: who joins, whose role changes, who is not on the
list. When the officer says the list replaces the team (kiện toàn: a reconstitution by a
decision), those not on the list leave on the decision's date; otherwise the import only
adds and updates. A sitting leader not on a list naming another leader steps down.

A person stored already is found by phone, or, without a phone, by name (and birth year)
among the team's members; a list re-imported unchanged therefore changes nothing.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from cdtt.orgunits.models import VILLAGE_KIND_WORDS, Level, OrgUnit, normalize_code
from cdtt.spreadsheets import Row, RowError, Table
from cdtt.vietnamese import clean_name, fold

from ..actions import MemberError, member_with_phone, members_with_phones, phone_taken
from ..models import Member, Membership, Team, TeamRole
from .cells import read_cells
from .columns import COLUMN_COMMUNE, COLUMN_NAME, COLUMN_PHONE, COLUMN_ROLE, COLUMN_VILLAGE

NEW = "new"  # a new person, and their membership
JOIN = "join"  # a stored person joins this team
ALREADY = "already"  # in the team with this role: nothing to do
ROLE = "role"  # in the team, with another role: the role changes
LEAVE = "leave"  # in the team, not on the list, the list replaces the team: leaves
STAYS = "stays"  # in the team, not on the list, the list only adds: stays
STEP_DOWN = "step_down"  # the sitting leader, not on a list naming another leader

ROLE_ORDER = {TeamRole.LEADER: 0, TeamRole.DEPUTY: 1, TeamRole.MEMBER: 2}


@dataclass
class PlannedMember:
    """A row of the list, in stored form, and what it does to its team."""

    row: int
    sheet: str
    unit: OrgUnit
    person: dict
    role: str
    member: Member | None = None
    membership: Membership | None = None  # the open membership in this team, when any
    action: str = NEW
    add_phone: bool = False  # a stored member without a phone gets the list's
    was: str = ""  # the role held before the list, when it changes

    @property
    def full_name(self) -> str:
        return self.person["full_name"]

    @property
    def phone(self) -> str | None:
        return self.person.get("phone")

    @property
    def role_label(self) -> str:
        return TeamRole(self.role).label


@dataclass
class Staying:
    """A membership of a team on the list that the list does not name."""

    membership: Membership
    action: str  # LEAVE, STAYS or STEP_DOWN


@dataclass
class TeamPlan:
    """One team of the list: the rows naming it and the members it does not name."""

    unit: OrgUnit
    team: Team | None
    rows: list[PlannedMember] = field(default_factory=list)
    others: list[Staying] = field(default_factory=list)
    current_count: int = 0

    def rows_with(self, action: str) -> list[PlannedMember]:
        return [p for p in self.rows if p.action == action]

    def others_with(self, action: str) -> list[Staying]:
        return [s for s in self.others if s.action == action]

    @property
    def changes(self) -> int:
        return sum(p.action != ALREADY or p.add_phone for p in self.rows) + sum(
            s.action != STAYS for s in self.others
        )


@dataclass
class MemberImport:
    """What an import would do (or did): the teams' changes, or every bad row."""

    table: Table = field(default_factory=Table)
    planned: list[PlannedMember] = field(default_factory=list)
    teams: list[TeamPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    day: date | None = None
    replace: bool = False
    members_created: int = 0
    memberships_created: int = 0
    memberships_ended: int = 0
    roles_changed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for plan in self.planned if plan.action == action)

    def count_others(self, action: str) -> int:
        return sum(len(team.others_with(action)) for team in self.teams)

    def digest(self) -> str:
        """A fingerprint of the changes: the write refuses if they differ from the preview."""
        changes = []
        for team in self.teams:
            for p in team.rows:
                who = p.member.pk if p.member else f"{p.phone}:{fold(p.full_name)}"
                changes.append([team.unit.pk, p.action, who, p.role, p.add_phone])
            for s in team.others:
                changes.append([team.unit.pk, s.action, s.membership.pk])
        text = json.dumps([str(self.day), self.replace, sorted(map(str, changes))])
        return hashlib.sha256(text.encode()).hexdigest()


_KIND_PREFIXES = tuple(f"{word} " for word in sorted(VILLAGE_KIND_WORDS, key=len, reverse=True))


def _without_kind(folded: str) -> str:
    """ "ban huoi long" -> "huoi long": lists write a village with or without its kind."""
    for prefix in _KIND_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


class Units:
    """The communes (by code) and villages (by folded name) a file may name, read once."""

    def __init__(self, rows: list[Row], within: OrgUnit | None):
        self.only = within if within is not None and within.level == Level.COMMUNE else None
        codes = {normalize_code(r.get(COLUMN_COMMUNE)) for r in rows if r.get(COLUMN_COMMUNE)}
        communes = OrgUnit.objects.filter(level=Level.COMMUNE, code__in=codes)
        if within is not None:
            communes = communes.in_subtree(within)
        self.communes = {c.code: c for c in communes}
        if self.only is not None:
            self.communes[self.only.code] = self.only
        self.villages: dict[int, dict[str, OrgUnit]] = {c.pk: {} for c in self.communes.values()}
        self.short: dict[int, dict[str, OrgUnit | None]] = {
            c.pk: {} for c in self.communes.values()
        }
        villages = OrgUnit.objects.filter(parent__in=list(self.communes.values()))
        for village in villages.filter(level=Level.VILLAGE).current():
            self.villages[village.parent_id][village.name_folded] = village
            short = self.short[village.parent_id]
            key = _without_kind(village.name_folded)
            short[key] = None if key in short and short[key] != village else village

    def commune(self, code: object) -> OrgUnit | None:
        if code in (None, "") and self.only is not None:
            return self.only
        return self.communes.get(normalize_code(code))

    def village(self, commune: OrgUnit, name: str) -> OrgUnit | None:
        folded = fold(name)
        return self.villages[commune.pk].get(folded) or self.short[commune.pk].get(
            _without_kind(folded)
        )


def _unit_of(row: Row, units: Units, fail) -> OrgUnit | None:
    """The row's team: its village cell, else the section or sheet naming a village, else
    the commune's own team."""
    raw_code = row.get(COLUMN_COMMUNE)
    if raw_code in (None, "") and units.only is None:
        fail(_("the commune code is missing"), COLUMN_COMMUNE)
        return None
    commune = units.commune(raw_code)
    if commune is None:
        fail(_("no such commune"), COLUMN_COMMUNE, raw_code)
        return None
    village_name = clean_name(row.get(COLUMN_VILLAGE) or "")
    if village_name:
        unit = units.village(commune, village_name)
        if unit is None and fold(village_name) in (
            commune.name_folded,
            _without_kind(commune.name_folded),
        ):
            return commune  # fmt: skip
        if unit is None:
            fail(
                _("%(commune)s has no such village") % {"commune": commune.name},
                COLUMN_VILLAGE,
                village_name,
            )
        return unit
    for name in (row.section, row.sheet):
        if name and (unit := units.village(commune, clean_name(name))) is not None:
            return unit
    return commune


def plan_import(
    table: Table,
    *,
    actor=None,
    within: OrgUnit | None,
    day: date,
    replace: bool,
    progress=None,
) -> MemberImport:
    """Check every row and compare each team with the list; nothing is written."""
    result = MemberImport(table=table, errors=list(table.errors), day=day, replace=replace)
    units = Units(table.rows, within)
    parsed: list[PlannedMember] = []
    for index, row in enumerate(table.rows, start=1):

        def fail(message, column="", value=None, row=row):
            result.errors.append(RowError(row.number, message, column, value, row.sheet))

        unit = _unit_of(row, units, fail)
        cells = read_cells(row)
        for column, value, message in cells.refused:
            fail(message, column, value)
        for column, value, message in cells.warnings:
            result.warnings.append(RowError(row.number, message, column, value, row.sheet))
        if unit is not None and not cells.refused:
            parsed.append(PlannedMember(row.number, row.sheet, unit, cells.person, cells.role))
        if progress and index % 500 == 0:
            progress(index, len(table.rows), _("Checking the rows"))
    _check_against_each_other(parsed, result, actor)
    bad = {(e.sheet, e.row) for e in result.errors}
    parsed = [p for p in parsed if (p.sheet, p.row) not in bad]
    _match_stored(parsed, result, actor)
    bad = {(e.sheet, e.row) for e in result.errors}
    result.planned = [p for p in parsed if (p.sheet, p.row) not in bad]
    _compare_teams(result)
    if not table.rows and not result.errors:
        result.errors.append(RowError(0, _("The file has no member rows.")))
    return result


def _error(result, plan: PlannedMember, message: str, column: str, value) -> None:
    result.errors.append(RowError(plan.row, message, column, value, plan.sheet))


def _check_against_each_other(parsed: list[PlannedMember], result: MemberImport, actor) -> None:
    """A family's shared phone, the same person twice in a team, two leaders in a team."""
    holders = _phone_holders(parsed, actor)
    for plan in parsed:
        holder = holders.get(plan.phone)
        if (
            holder is not None
            and holder is not plan
            and fold(holder.full_name) != fold(plan.full_name)
        ):
            result.warnings.append(
                RowError(
                    plan.row,
                    _(
                        "the phone of %(name)s (row %(row)s), shared in the family: "
                        "%(this)s is stored without a phone"
                    )
                    % {"name": holder.full_name, "row": holder.row, "this": plan.full_name},
                    COLUMN_PHONE,
                    plan.phone,
                    plan.sheet,
                )
            )
            plan.person["phone"] = None
    in_team: dict[tuple, PlannedMember] = {}
    leaders: dict[int, PlannedMember] = {}
    for plan in parsed:
        person = plan.phone or (fold(plan.full_name), plan.person.get("birth_year"))
        key = (plan.unit.pk, person)
        if key in in_team:
            _error(
                result,
                plan,
                _("the same person is already on row %(row)s for this team")
                % {"row": in_team[key].row},
                COLUMN_NAME,
                plan.full_name,
            )
            continue
        in_team[key] = plan
        if plan.role == TeamRole.LEADER:
            if plan.unit.pk in leaders:
                _error(
                    result,
                    plan,
                    _("the team already has its leader on row %(row)s")
                    % {"row": leaders[plan.unit.pk].row},
                    COLUMN_ROLE,
                    plan.role_label,
                )
                continue
            leaders[plan.unit.pk] = plan


def _phone_holders(parsed: list[PlannedMember], actor) -> dict[str, PlannedMember]:
    """Per phone, the row that keeps it: the stored owner's row (an owner the actor may
    see: nobody else's name is compared), else the first."""
    by_phone: dict[str, list[PlannedMember]] = {}
    for plan in parsed:
        if plan.phone:
            by_phone.setdefault(plan.phone, []).append(plan)
    shared = {phone for phone, plans in by_phone.items()
              if len({fold(p.full_name) for p in plans}) > 1}  # fmt: skip
    seen, _foreign = members_with_phones(actor, shared)
    owners = {phone: fold(m.full_name) for phone, m in seen.items()}
    holders = {}
    for phone, plans in by_phone.items():
        owner = owners.get(phone)
        holders[phone] = next((p for p in plans if fold(p.full_name) == owner), plans[0])
    return holders


def _match_stored(parsed: list[PlannedMember], result: MemberImport, actor) -> None:
    """Find each row's stored person and their open membership in the row's team. A phone
    of someone outside the actor's subtree is refused, saying nothing more (`phone_taken`)."""
    by_phone, foreign = members_with_phones(actor, {p.phone for p in parsed if p.phone})
    open_memberships = (
        Membership.objects.filter(team__unit__in={p.unit.pk for p in parsed}, end__isnull=True)
        .select_related("member", "team")
        .order_by("pk")
    )
    in_unit: dict[int, dict[int, Membership]] = {}
    by_name: dict[int, dict[str, list[Membership]]] = {}
    for membership in open_memberships:
        unit_id = membership.team.unit_id
        in_unit.setdefault(unit_id, {})[membership.member_id] = membership
        by_name.setdefault(unit_id, {}).setdefault(membership.member.name_folded, []).append(
            membership
        )
    created_phones: set[str] = set()
    for plan in parsed:
        if plan.phone in foreign:
            _error(result, plan, phone_taken(actor), COLUMN_PHONE, plan.phone)
            continue
        if plan.phone and plan.phone in by_phone:
            try:  # the members' rule decides who may take a stored phone
                plan.member = member_with_phone(actor, plan.phone, plan.full_name)
            except MemberError as error:
                _error(result, plan, str(error), COLUMN_PHONE, plan.phone)
                continue
        if plan.member is None:
            plan.member = _by_name(plan, by_name.get(plan.unit.pk, {}))
            if plan.member is not None and plan.phone and not plan.member.phone:
                plan.add_phone = True
        if plan.member is not None:
            plan.membership = in_unit.get(plan.unit.pk, {}).get(plan.member.pk)
            if plan.membership is None:
                plan.action = JOIN
            elif plan.membership.role != plan.role:
                plan.action, plan.was = ROLE, plan.membership.role
            else:
                plan.action = ALREADY
        elif plan.phone in created_phones:
            plan.action = JOIN  # created by an earlier row of this file
        elif plan.phone:
            created_phones.add(plan.phone)


def _by_name(plan: PlannedMember, by_name: dict[str, list[Membership]]) -> Member | None:
    """A team member without the row's phone: same name, and same birth year when both
    are known; only when one member fits."""
    candidates = [m.member for m in by_name.get(fold(plan.full_name), [])]
    if plan.phone:
        candidates = [m for m in candidates if not m.phone]
    year = plan.person.get("birth_year")
    if year:
        candidates = [m for m in candidates if m.birth_year in (None, year)]
    return candidates[0] if len(candidates) == 1 else None


def _compare_teams(result: MemberImport) -> None:
    """Group the rows by team; list the members each team has that the list leaves out."""
    teams: dict[int, TeamPlan] = {}
    for plan in result.planned:
        if plan.unit.pk not in teams:
            teams[plan.unit.pk] = TeamPlan(plan.unit, None)
        teams[plan.unit.pk].rows.append(plan)
    for team in Team.objects.filter(unit__in=list(teams)):  # the units' teams, if made yet
        team.unit = teams[team.unit_id].unit
        teams[team.unit_id].team = team
    stored = (
        Membership.objects.filter(team__unit__in=list(teams), end__isnull=True)
        .select_related("member", "team")
        .order_by("member__name_sort")
    )
    for membership in stored:
        team = teams[membership.team.unit_id]
        team.current_count += 1
        if any(p.membership is not None and p.membership.pk == membership.pk for p in team.rows):
            continue
        if result.replace:
            action = LEAVE
        elif membership.role == TeamRole.LEADER and any(
            p.role == TeamRole.LEADER for p in team.rows
        ):
            action = STEP_DOWN
        else:
            action = STAYS
        team.others.append(Staying(membership, action))
    for team in teams.values():
        team.rows.sort(key=lambda p: (ROLE_ORDER[p.role], p.row))
    result.teams = sorted(teams.values(), key=lambda t: (t.unit.level != Level.COMMUNE,
                                                         t.unit.name_sort))  # fmt: skip
