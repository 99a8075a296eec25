"""Small factories for tests: units, users. Plain functions, explicit arguments."""

import itertools

from cdtt.accounts.models import Role, User
from cdtt.orgunits.models import Kind, Level, OrgUnit

_numbers = itertools.count(1)
PASSWORD = "test-pass-2026"  # noqa: S105 - test fixture

_KIND_OF_LEVEL = {Level.PROVINCE: Kind.TINH, Level.COMMUNE: Kind.XA, Level.VILLAGE: Kind.BAN}


def make_unit(name: str, level: str, parent: OrgUnit | None = None, **fields) -> OrgUnit:
    """A unit with a made-up unique code; pass code= to choose it."""
    number = next(_numbers)
    code = (
        fields.pop("code", None)
        or {
            Level.PROVINCE: f"9{number % 10}{number:04d}",
            Level.COMMUNE: f"{90000 + number}",
            Level.VILLAGE: f"{parent.code if parent else 'V'}-{number:03d}",
        }[level]
    )
    fields.setdefault("kind", _KIND_OF_LEVEL[level])
    return OrgUnit.objects.create(code=code, name=name, level=level, parent=parent, **fields)


def make_user(role: str, unit: OrgUnit | None, username: str | None = None, **fields) -> User:
    user = User(
        username=username or f"user{next(_numbers)}",
        role=role,
        orgunit=unit,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
        **fields,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def make_tree() -> dict[str, OrgUnit]:
    """Two provinces; the first has two communes with two villages each, the second one each.

    Names: "province", "commune", "village" are the home branch; "sibling_commune",
    "sibling_village" sit beside them in the same province; "other_province",
    "other_commune", "other_village" are in the second province.
    """
    province = make_unit("Tỉnh Điện Biên Thử", Level.PROVINCE)
    commune = make_unit("Xã Mường Mùn Thử", Level.COMMUNE, province)
    sibling_commune = make_unit("Xã Pú Nhung Thử", Level.COMMUNE, province)
    other_province = make_unit("Tỉnh Lai Châu Thử", Level.PROVINCE)
    other_commune = make_unit("Xã Sìn Hồ Thử", Level.COMMUNE, other_province)
    return {
        "province": province,
        "commune": commune,
        "village": make_unit("Bản Huổi Lóng", Level.VILLAGE, commune),
        "sibling_village": make_unit("Bản Nà Sáy", Level.VILLAGE, commune),
        "sibling_commune": sibling_commune,
        "cousin_village": make_unit("Bản Co Muông", Level.VILLAGE, sibling_commune),
        "other_province": other_province,
        "other_commune": other_commune,
        "other_village": make_unit("Bản Phiêng Pi", Level.VILLAGE, other_commune),
    }


def make_xlsx(header: list[str], rows: list[list], title: str | None = None) -> bytes:
    """An .xlsx file as communes send them: an optional title line, a header, the rows."""
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_team(unit: OrgUnit):
    from cdtt.teams.models import Team

    return Team.objects.get_or_create(unit=unit)[0]


def make_member(
    full_name: str, team, role: str = "member", start=None, end=None, user=None, **fields
):
    """A member with one membership in `team` (default: from 01/01/2020, still in force)."""
    from datetime import date

    from cdtt.teams.models import Member, Membership

    member = Member.objects.create(full_name=full_name, user=user, **fields)
    Membership.objects.create(
        team=team, member=member, role=role, start=start or date(2020, 1, 1), end=end
    )
    return member
