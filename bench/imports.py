"""Member imports: a 5,000-member list checked (dry run) and written, against the floor of
inserting the same rows; and how fast hostile files are refused.

The list spreads 5,000 new people over the villages of the bench province, as a province
officer would import it (with "Mã xã"). The written import runs inside a transaction that
is rolled back afterwards, so the database stays as loaded; the floor inserts the same
members, memberships and audit entries with bulk INSERTs in a transaction rolled back too.
"""

import time
from io import BytesIO

from django.contrib.auth import get_user_model
from django.db import transaction
from openpyxl import Workbook

from bench.table import Row
from cdtt.orgunits.models import Level, OrgUnit

SIZE = 5_000
FAMILY = ["Lò", "Lường", "Quàng", "Cà", "Tòng", "Vì", "Điêu", "Giàng", "Sùng", "Nguyễn"]
GIVEN = ["Thanh", "Piếng", "Xuân", "Inh", "Ún", "Páo", "Sềnh", "Mai", "Hoa", "Dua"]


class _Rollback(Exception):
    pass


def _list(villages: list[OrgUnit]) -> bytes:
    """The list as a commune keeps it: a title, the header, 5,000 rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(["DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"])
    sheet.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Số điện thoại",
                  "Đoàn thể/đơn vị công tác", "Vai trò trong Tổ", "Mã xã", "Thôn/bản"])  # fmt: skip
    for number in range(SIZE):
        village = villages[number % len(villages)]
        name = f"{FAMILY[number % 10]} Văn {GIVEN[number // 10 % 10]} {_letters(number)}"
        sheet.append([number + 1, name, 1960 + number % 45, "Nam", "Thái",
                      f"0359{number:06d}", "Đoàn Thanh niên", "Thành viên", village.parent.code,
                      village.name])  # fmt: skip
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _letters(number: int) -> str:
    """A distinct given-name tail per row ("Anh", "Bình"… would repeat): A, B… AA, AB…"""
    text = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(65 + rest) + text
    return text.capitalize()


def _timed(work) -> float:
    started = time.perf_counter()
    try:
        with transaction.atomic():
            work()
            raise _Rollback
    except _Rollback:
        pass
    return time.perf_counter() - started


def _floor(villages: list[OrgUnit], actor) -> None:
    """The same rows inserted in bulk: members, memberships, two audit entries each."""
    from django.utils import timezone

    from cdtt.audit.models import AuditEntry
    from cdtt.teams.models import Member, Membership, Team
    from cdtt.vietnamese import fold, sort_key

    teams = dict(Team.objects.filter(unit__in=villages).values_list("unit_id", "pk"))
    today = timezone.localdate()
    members = []
    for number in range(SIZE):
        name = f"{FAMILY[number % 10]} Văn {GIVEN[number // 10 % 10]} {_letters(number)}"
        members.append(Member(full_name=name, phone=f"0359{number:06d}", birth_year=1960,
                              gender="male", ethnicity="Thái", affiliation="youth_union",
                              affiliation_note="Đoàn Thanh niên", name_folded=fold(name),
                              name_sort=sort_key(name)))  # fmt: skip
    Member.objects.bulk_create(members, batch_size=1000)
    memberships = [
        Membership(
            team_id=teams[villages[n % len(villages)].pk], member=m, role="member", start=today
        )  # fmt: skip
        for n, m in enumerate(members)
    ]
    Membership.objects.bulk_create(memberships, batch_size=1000)
    entries = []
    for member, membership in zip(members, memberships, strict=True):
        for obj in (member, membership):
            kind, after = obj._meta.label_lower, {"full_name": member.full_name}
            entries.append(
                AuditEntry(
                    actor=actor,
                    action="create",
                    object_type=kind,
                    object_id=str(obj.pk),
                    after=after,
                )  # fmt: skip
            )
    AuditEntry.objects.bulk_create(entries, batch_size=1000)


def _floor_by_row(villages: list[OrgUnit], actor) -> None:
    """The same rows, one INSERT each, as a writer that checks nothing would write them."""
    from django.utils import timezone

    from cdtt.audit.models import AuditEntry
    from cdtt.teams.models import Member, Membership, Team

    teams = dict(Team.objects.filter(unit__in=villages).values_list("unit_id", "pk"))
    today = timezone.localdate()
    for number in range(SIZE):
        name = f"{FAMILY[number % 10]} Văn {GIVEN[number // 10 % 10]} {_letters(number)}"
        phone = f"0359{number:06d}"
        member = Member.objects.create(
            full_name=name, phone=phone, birth_year=1960, gender="male", ethnicity="Thái"
        )
        membership = Membership.objects.create(
            team_id=teams[villages[number % len(villages)].pk], member=member, role="member",
            start=today,
        )  # fmt: skip
        for obj in (member, membership):
            AuditEntry.objects.create(actor=actor, action="create",
                                      object_type=obj._meta.label_lower, object_id=str(obj.pk),
                                      after={"full_name": name})  # fmt: skip


def measure(dataset) -> list[Row]:
    """The import rows of the table (and the refusals of hostile files)."""
    from cdtt.spreadsheets import read_table
    from cdtt.spreadsheets.tests.bombs import many_rows_bomb, shared_string_bomb
    from cdtt.teams.actions import ensure_team
    from cdtt.teams.imports import import_members
    from cdtt.teams.imports.columns import member_columns

    province = OrgUnit.objects.get(pk=dataset.province_id)
    villages = list(
        OrgUnit.objects.filter(level=Level.VILLAGE, parent__parent=province)
        .select_related("parent")
        .order_by("code")[:500]
    )
    for village in villages:
        ensure_team(village)
    actor = get_user_model().objects.get(username=dataset.accounts["province"])
    content = _list(villages)
    print(f"Import: a list of {SIZE:,} members over {len(villages)} villages…")

    started = time.perf_counter()
    table = read_table(content, member_columns(False), filename="bench.xlsx")
    reading = time.perf_counter() - started
    assert len(table.rows) == SIZE and not table.errors

    checked = {}

    def dry_run():
        checked["result"] = import_members(content, actor, within=province, dry_run=True)

    def written():
        result = import_members(content, actor, within=province)
        assert result.ok and result.memberships_created == SIZE, result.errors[:3]

    floor = min(_timed(lambda: _floor(villages, actor)) for _ in range(2))
    by_row = _timed(lambda: _floor_by_row(villages, actor))
    dry = _timed(dry_run)
    assert checked["result"].ok, checked["result"].errors[:3]
    real = _timed(written)
    rows = [
        Row(f"Import {SIZE:,} members: reading the file", reading, "s"),
        Row(
            f"Import {SIZE:,} members: dry run (read, check, preview)",
            dry,
            "s",
            floor=floor,
            target="≤ 3× floor",
            ok=dry <= 3 * floor,
        ),  # fmt: skip
        Row(
            f"Import {SIZE:,} members: written, all or nothing",
            real,
            "s",
            floor=floor,
            target="≤ 3× floor",
            ok=real <= 3 * floor,
            note="floor: the same members, memberships and audit entries bulk-inserted",
        ),
        Row(
            f"Import {SIZE:,} members: written, against one INSERT per row",
            real,
            "s",
            floor=by_row,
            note="floor: the same rows inserted one statement each",
        ),
    ]
    for label, bomb in (("1 GiB shared string", shared_string_bomb()),
                        ("10 million rows", many_rows_bomb())):  # fmt: skip
        started = time.perf_counter()
        refused = read_table(bomb, member_columns(False), filename="bomb.xlsx")
        took = time.perf_counter() - started
        assert refused.errors and not refused.rows
        rows.append(Row(f"Hostile .xlsx refused: {label}", took * 1000, "ms",
                        target="< 5,000 ms", ok=took < 5))  # fmt: skip
    return rows
