"""Importing member lists from Excel as communes keep them: all or nothing, never twice.

Every row is checked first (and against what is stored); one bad row and nothing is
written, every bad row is reported with its column and value. Good rows are then written
through the same functions as the pages (`members.add_member`…), so the rules are the
pages' rules. A person already stored is matched by phone; an open membership in the same
team means there is nothing to do, which is why a second import of a file creates nobody.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cdtt import safe_files
from cdtt.orgunits.models import VILLAGE_KIND_WORDS, Level, OrgUnit, normalize_code
from cdtt.spreadsheets import RowError, read_sheet
from cdtt.vietnamese import clean_name, fold

from . import rules
from .members import (
    MemberError,
    add_member,
    add_membership,
    ensure_team,
    fill_blanks,
    members_with_phones,
    phone_taken,
)
from .models import Member, Membership, TeamRole

COLUMN_NUMBER = "STT"
COLUMN_NAME = "Họ và tên"
COLUMN_BIRTH_YEAR = "Năm sinh"
COLUMN_GENDER = "Giới tính"
COLUMN_ETHNICITY = "Dân tộc"
COLUMN_PHONE = "Số điện thoại"
COLUMN_AFFILIATION = "Đoàn thể/đơn vị công tác"
COLUMN_ROLE = "Vai trò trong Tổ"
COLUMN_COMMUNE = "Mã xã"
COLUMN_VILLAGE = "Thôn/bản"
COLUMNS = [
    COLUMN_NUMBER, COLUMN_NAME, COLUMN_BIRTH_YEAR, COLUMN_GENDER, COLUMN_ETHNICITY,
    COLUMN_PHONE, COLUMN_AFFILIATION, COLUMN_ROLE, COLUMN_COMMUNE, COLUMN_VILLAGE,
]  # fmt: skip
# A missing phone, role or village column would silently change what is created: required.
REQUIRED_COLUMNS = [c for c in COLUMNS if c not in (COLUMN_NUMBER, COLUMN_ETHNICITY)]
OPTIONAL_COLUMNS = [COLUMN_NUMBER, COLUMN_ETHNICITY]

NEW = "new"  # a new member and their membership
JOIN = "join"  # a stored member joins this team
ALREADY = "already"  # already in this team: nothing to do


@dataclass
class PlannedMember:
    row: int
    unit: OrgUnit
    person: dict
    role: str
    member: Member | None = None
    action: str = NEW
    stored_role: str = ""  # already in the team with another role: left unchanged

    @property
    def full_name(self) -> str:
        return self.person["full_name"]

    @property
    def phone(self) -> str | None:
        return self.person["phone"]

    @property
    def role_label(self) -> str:
        return TeamRole(self.role).label


@dataclass
class MemberImport:
    """What an import would do (or did): the rows, or every bad row."""

    planned: list[PlannedMember] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    members_created: int = 0
    memberships_created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for plan in self.planned if plan.action == action)


_KIND_PREFIXES = tuple(f"{word} " for word in sorted(VILLAGE_KIND_WORDS, key=len, reverse=True))


def _without_kind(folded: str) -> str:
    """ "ban huoi long" -> "huoi long": lists write a village with or without its kind."""
    for prefix in _KIND_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


class _Units:
    """The communes (by code) and villages (by folded name) a file may name, read once."""

    def __init__(self, rows, within: OrgUnit | None):
        codes = {normalize_code(r.get(COLUMN_COMMUNE)) for _n, r in rows if r.get(COLUMN_COMMUNE)}
        communes = OrgUnit.objects.filter(level=Level.COMMUNE, code__in=codes)
        if within is not None:
            communes = communes.in_subtree(within)
        self.communes = {c.code: c for c in communes}
        self.villages: dict[int, dict[str, OrgUnit]] = {c.pk: {} for c in self.communes.values()}
        self.short: dict[int, dict[str, OrgUnit | None]] = {
            c.pk: {} for c in self.communes.values()
        }
        villages = OrgUnit.objects.filter(parent__in=list(self.communes.values()))
        for village in villages.filter(level=Level.VILLAGE).current():
            self.villages[village.parent_id][village.name_folded] = village
            short = self.short[village.parent_id]
            key = _without_kind(village.name_folded)
            short[key] = None if key in short else village  # None: ambiguous

    def commune(self, code: object) -> OrgUnit | None:
        return self.communes.get(normalize_code(code))

    def village(self, commune: OrgUnit, name: str) -> OrgUnit | None:
        folded = fold(name)
        return self.villages[commune.pk].get(folded) or self.short[commune.pk].get(
            _without_kind(folded)
        )


def _parse_row(number: int, row: dict, units: _Units, fail) -> PlannedMember | None:
    """One row in stored form, or None after reporting each bad cell with `fail`."""
    unit = None
    raw_code = row.get(COLUMN_COMMUNE)
    if raw_code in (None, ""):
        fail(_("the commune code is missing"), COLUMN_COMMUNE)
    elif (commune := units.commune(raw_code)) is None:
        fail(_("no such commune"), COLUMN_COMMUNE, raw_code)
    else:
        village_name = clean_name(row.get(COLUMN_VILLAGE) or "")
        unit = units.village(commune, village_name) if village_name else commune
        if unit is None:
            fail(
                _("%(commune)s has no such village") % {"commune": commune.name},
                COLUMN_VILLAGE,
                village_name,
            )
    person, role = {}, None
    parsers = [
        ("full_name", COLUMN_NAME, rules.parse_name),
        ("phone", COLUMN_PHONE, rules.parse_phone),
        ("birth_year", COLUMN_BIRTH_YEAR, rules.parse_birth_year),
        ("gender", COLUMN_GENDER, rules.parse_gender),
        ("ethnicity", COLUMN_ETHNICITY, rules.parse_ethnicity),
        ("affiliation_note", COLUMN_AFFILIATION, rules.parse_note),
    ]
    ok = unit is not None
    for key, column, parse in parsers:
        try:
            person[key] = parse(row.get(column))
        except ValueError as error:
            fail(str(error), column, row.get(column))
            ok = False
    try:
        role = rules.parse_role(row.get(COLUMN_ROLE))
    except ValueError as error:
        fail(str(error), COLUMN_ROLE, row.get(COLUMN_ROLE))
        ok = False
    if not ok:
        return None
    person["affiliation"] = rules.affiliation_from_text(person["affiliation_note"])
    return PlannedMember(number, unit, person, role)


def import_members(
    content: bytes, actor=None, *, within: OrgUnit | None = None, dry_run: bool = False
) -> MemberImport:
    """Check every row of a member list; write them all only when every row is good.

    `within` limits the communes to a subtree (the importing officer's); a commune outside
    it is reported as unknown, exactly like one that does not exist.
    """
    sheet = read_sheet(content, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    result = MemberImport(errors=list(sheet.errors))
    units = _Units(sheet.rows, within)
    parsed: list[PlannedMember] = []
    for number, row in sheet.rows:

        def fail(message, column="", value=None, number=number):
            result.errors.append(RowError(number, message, column, value))

        plan = _parse_row(number, row, units, fail)
        if plan is not None:
            parsed.append(plan)
    _check_against_each_other(parsed, result)
    _check_against_stored(parsed, result, actor)
    bad_rows = {e.row for e in result.errors}
    result.planned = [p for p in parsed if p.row not in bad_rows]
    if not sheet.rows and not result.errors:
        result.errors.append(RowError(0, _("The file has no member rows.")))
    if result.ok and not dry_run:
        _write(result, actor)
    return result


def _check_against_each_other(parsed: list[PlannedMember], result: MemberImport) -> None:
    """The same phone for two people, the same person twice in a team, two leaders."""
    phones: dict[str, PlannedMember] = {}
    in_team: dict[tuple, int] = {}
    leaders: dict[int, int] = {}
    for plan in parsed:
        if plan.phone:
            first = phones.setdefault(plan.phone, plan)
            if fold(first.full_name) != fold(plan.full_name):
                result.errors.append(
                    RowError(
                        plan.row,
                        _("the same phone number is on row %(row)s for another person")
                        % {"row": first.row},
                        COLUMN_PHONE,
                        plan.phone,
                    )
                )
                continue
        person = plan.phone or (fold(plan.full_name), plan.person["birth_year"])
        key = (plan.unit.pk, person)
        if key in in_team:
            result.errors.append(
                RowError(
                    plan.row,
                    _("the same person is already on row %(row)s for this team")
                    % {"row": in_team[key]},
                    COLUMN_NAME,
                    plan.full_name,
                )
            )
            continue
        in_team[key] = plan.row
        if plan.role == TeamRole.LEADER:
            if plan.unit.pk in leaders:
                result.errors.append(
                    RowError(
                        plan.row,
                        _("the team already has its leader on row %(row)s")
                        % {"row": leaders[plan.unit.pk]},
                        COLUMN_ROLE,
                        plan.role_label,
                    )
                )
                continue
            leaders[plan.unit.pk] = plan.row


def _check_against_stored(parsed: list[PlannedMember], result: MemberImport, actor) -> None:
    """Match stored members by phone, find open memberships and sitting leaders. A phone of
    someone outside the actor's subtree is refused, saying nothing more (`phone_taken`)."""
    phones = {p.phone for p in parsed if p.phone}
    by_phone, foreign = members_with_phones(actor, phones)
    open_memberships = (
        Membership.objects.filter(team__unit__in={p.unit.pk for p in parsed}, end__isnull=True)
        .select_related("member", "team")
        .order_by("pk")
    )
    members_in_unit: dict[int, dict[int, Membership]] = {}
    unphoned: dict[tuple, Member] = {}
    leader_of: dict[int, Membership] = {}
    for membership in open_memberships:
        unit_id, member = membership.team.unit_id, membership.member
        members_in_unit.setdefault(unit_id, {})[member.pk] = membership
        if not member.phone:
            unphoned.setdefault((unit_id, member.name_folded, member.birth_year), member)
        if membership.role == TeamRole.LEADER:
            leader_of[unit_id] = membership
    new_phones: set[str] = set()
    for plan in parsed:
        if plan.phone in foreign:
            result.errors.append(RowError(plan.row, phone_taken(actor), COLUMN_PHONE, plan.phone))
            continue
        if plan.phone and plan.phone in by_phone:
            plan.member = by_phone[plan.phone]
            if fold(plan.member.full_name) != fold(plan.full_name):
                result.errors.append(
                    RowError(
                        plan.row,
                        _("this phone number belongs to another member"),
                        COLUMN_PHONE,
                        plan.phone,
                    )
                )
                continue
        elif not plan.phone:
            plan.member = unphoned.get(
                (plan.unit.pk, fold(plan.full_name), plan.person["birth_year"])
            )
        if plan.member is not None:
            stored = members_in_unit.get(plan.unit.pk, {}).get(plan.member.pk)
            plan.action = JOIN if stored is None else ALREADY
            if stored is not None and stored.role != plan.role:
                plan.stored_role = stored.get_role_display()
        elif plan.phone in new_phones:
            plan.action = JOIN  # created by an earlier row of this file
        elif plan.phone:
            new_phones.add(plan.phone)
        leader = leader_of.get(plan.unit.pk)
        if (
            plan.role == TeamRole.LEADER
            and plan.action != ALREADY
            and leader is not None
            and leader.member_id != getattr(plan.member, "pk", None)
        ):
            result.errors.append(
                RowError(
                    plan.row,
                    _("%(name)s is the leader of this team; end that membership first")
                    % {"name": leader.member.full_name},
                    COLUMN_ROLE,
                    plan.role_label,
                )
            )


class _Abort(Exception):
    pass


def _write(result: MemberImport, actor) -> None:
    """Write every planned row in one transaction; a refusal on any row undoes them all."""
    try:
        with transaction.atomic():
            for plan in result.planned:
                try:
                    _write_row(plan, actor, result)
                except MemberError as error:
                    result.errors.append(RowError(plan.row, str(error)))
                    raise _Abort from error
    except _Abort:
        result.members_created = result.memberships_created = 0


def _write_row(plan: PlannedMember, actor, result: MemberImport) -> None:
    if plan.action == ALREADY:
        return
    team = ensure_team(plan.unit)
    member = plan.member or (
        Member.objects.filter(phone=plan.phone).first() if plan.phone else None
    )
    if member is None:
        add_member(actor, team, role=plan.role, **plan.person)
        result.members_created += 1
    else:
        add_membership(actor, team, member, role=plan.role)
        fill_blanks(actor, member, plan.person)
    result.memberships_created += 1


def template_workbook(within: OrgUnit | None = None) -> bytes:
    """An empty member list with the expected headers, the rules, and the unit codes.

    The phone column is formatted as text so that Excel keeps the leading zero.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Members")
    safe_files.append(sheet, [_("LIST OF MEMBERS OF THE COMMUNITY DIGITAL TECHNOLOGY TEAMS")])
    sheet["A1"].font = Font(bold=True)
    safe_files.append(sheet, COLUMNS)
    widths = [6, 28, 10, 10, 12, 16, 30, 16, 10, 24]
    for index, width in enumerate(widths, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        sheet[f"{letter}2"].font = Font(bold=True)
    phone_letter = get_column_letter(COLUMNS.index(COLUMN_PHONE) + 1)
    for row in range(3, 503):
        sheet[f"{phone_letter}{row}"].number_format = "@"
    sheet.freeze_panes = "A3"

    guide = workbook.create_sheet(_("Instructions"))
    guide.column_dimensions["A"].width = 26
    guide.column_dimensions["B"].width = 90
    for column, text in [
        (COLUMN_NAME, _("Required. As written on the ID card.")),
        (COLUMN_BIRTH_YEAR, _("A year, e.g. 1968.")),
        (COLUMN_GENDER, _("Nam or Nữ.")),
        (COLUMN_ETHNICITY, _("Optional; sensitive data, never shown publicly.")),
        (COLUMN_PHONE, _("A mobile number, e.g. 0912 345 678. One number per person.")),
        (COLUMN_AFFILIATION, _("E.g. Đoàn Thanh niên, Hội Phụ nữ, Hội CCB, Trưởng bản.")),
        (COLUMN_ROLE, _("Tổ trưởng, Tổ phó or Thành viên; one leader per team.")),
        (COLUMN_COMMUNE, _("The official commune code (see the Units sheet).")),
        (COLUMN_VILLAGE, _("The village's name; leave empty for the commune's own team.")),
    ]:
        safe_files.append(guide, [column, text])
    guide.append([])
    safe_files.append(
        guide,
        [
            _("All or nothing"),
            _("If any row is wrong, nothing is imported and every wrong row is listed."),
        ],
    )
    if within is not None:
        listing = workbook.create_sheet(_("Units"))
        safe_files.append(listing, [COLUMN_COMMUNE, _("Commune"), COLUMN_VILLAGE])
        listing.column_dimensions["B"].width = 28
        listing.column_dimensions["C"].width = 28
        units = (
            OrgUnit.objects.in_subtree(within)
            .current()
            .filter(level__in=(Level.COMMUNE, Level.VILLAGE))
            .select_related("parent")
        )
        communes = sorted((u for u in units if u.level == Level.COMMUNE), key=lambda u: u.name_sort)
        villages: dict[int, list[OrgUnit]] = {}
        for unit in units:
            if unit.level == Level.VILLAGE:
                villages.setdefault(unit.parent_id, []).append(unit)
        for commune in communes:
            safe_files.append(listing, [commune.code, commune.name, ""])
            for village in sorted(villages.get(commune.pk, []), key=lambda u: u.name_sort):
                safe_files.append(listing, [commune.code, commune.name, village.name])
    return safe_files.workbook_bytes(workbook)
