"""Importing member lists from Excel: a messy real list imports exactly, a bad one not at all."""

import random
import unicodedata
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.factories import make_unit, make_xlsx
from cdtt.orgunits.models import Level
from cdtt.spreadsheets import read_table
from cdtt.teams.actions import add_member, ensure_team
from cdtt.teams.imports import ALREADY, JOIN, NEW, import_members, template_workbook
from cdtt.teams.imports.columns import member_columns
from cdtt.teams.models import Affiliation, Member, Membership, TeamRole
from cdtt.vietnamese import fold

pytestmark = pytest.mark.django_db

HEADER = ["STT", "HỌ VÀ TÊN", "Năm sinh", "giới tính", "Dân tộc", "Số điện thoại",
          "Đoàn thể/đơn vị công tác", "Vai trò trong tổ", "Mã xã", "Thôn/bản"]  # fmt: skip
TITLE = "DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG XÃ MƯỜNG MÙN"
FAMILY = ["Lò", "Lường", "Quàng", "Cà", "Tòng", "Vì", "Điêu", "Giàng", "Sùng", "Mùa", "Nguyễn"]
GIVEN = ["Thanh", "Piếng", "Xuân", "Inh", "Ún", "Páo", "Sềnh", "Mai", "Hoa", "Dua", "Kim"]
AFFILIATIONS = ["Đoàn Thanh niên", "ĐTN", "Hội LHPN", "Hội CCB", "Trưởng bản", "Công an viên",
                "Hội Nông dân", "Giáo viên", "Y tế thôn bản", "Bưu điện xã", None]  # fmt: skip


@pytest.fixture
def place(tree):
    """Xã Mường Mùn (code 03268) with four villages."""
    commune = make_unit("Xã Mường Mùn", Level.COMMUNE, tree["province"], code="03268")
    names = ["Bản Huổi Lóng", "Bản Co Muông", "Thôn Tân Lập", "Khối Đoàn Kết"]
    villages = [make_unit(name, Level.VILLAGE, commune) for name in names]
    return {"commune": commune, "villages": villages}


def messy_phone(rng, stored):
    """The stored number as people and Excel write it."""
    digits = stored[1:]
    a, b, c = stored[:4], stored[4:7], stored[7:]
    return rng.choice([
        stored, f"{a} {b} {c}", f"{a}.{b}.{c}", f"+84 {digits}", f"84{digits}", int(digits),
        float(digits), f"0084{digits}",
    ])  # fmt: skip


def messy_rows(place, count=100, seed=7):
    """`count` data rows of five teams, as communes type them; and what must be stored.

    Returns (rows, expected) where expected maps each stored phone (or name for people
    without one) to (NFC name, birth year, set of unit names).
    """
    rng = random.Random(seed)
    units = [("", place["commune"])] + [(v.name, v) for v in place["villages"]]
    leaders_done: set[int] = set()
    expected: dict[str, dict] = {}
    rows, people = [], []
    for number in range(1, count + 1):
        village_text, unit = units[number % len(units)]
        if people and rng.random() < 0.08 and unit.level == Level.COMMUNE:
            # Someone of a village team also sits on the commune team: same person, same phone.
            name, phone, year = rng.choice(people)
            if phone is None or unit.name in expected[phone]["units"]:
                name, phone, year = None, None, None
        else:
            name = phone = year = None
        if name is None:
            # Unique for up to 121 rows: family name and given name follow the row number.
            middle = rng.choice(["Văn", "Thị", "A"])
            name = f"{FAMILY[number % 11]} {middle} {GIVEN[number // 11 % 11]}"
            year = rng.randint(1950, 2005)
            network = rng.choice([1, 4, 6, 7, 8])
            phone = None if rng.random() < 0.07 else f"09{network}{number:07d}"
            people.append((name, phone, year))
        key = phone or name
        entry = expected.setdefault(key, {"name": name, "year": year, "units": set()})
        entry["units"].add(unit.name)
        role = "Thành viên"
        if unit.pk not in leaders_done and rng.random() < 0.5:
            role, _ = rng.choice(["Tổ trưởng", "TỔ TRƯỞNG", "tổ trưởng"]), leaders_done.add(unit.pk)
        elif rng.random() < 0.15:
            role = rng.choice(["Tổ phó", "tổ phó", "TP"])
        elif rng.random() < 0.3:
            role = rng.choice(["TV", "", "thành viên", "Tổ viên"])
        typed_name = rng.choice([
            name, f"  {name}  ", name.replace(" ", "  "), unicodedata.normalize("NFD", name),
        ])  # fmt: skip
        rows.append([
            number,
            typed_name,
            rng.choice([year, float(year), str(year), f"0{rng.randint(1, 9)}/03/{year}",
                        datetime(year, 3, 12)]),
            rng.choice(["Nam", "nam", "NAM", "Nữ", "nữ", "NỮ"]),
            rng.choice(["Thái", "Mông", "Khơ Mú", "Kinh", None]),
            None if phone is None else messy_phone(rng, phone),
            rng.choice(AFFILIATIONS),
            role,
            rng.choice(["3268", "03268", 3268]),
            rng.choice([village_text, village_text.upper(), village_text.split(" ", 1)[-1]])
            if village_text else None,
        ])  # fmt: skip
        if number % 37 == 0:
            rows.append([None] * len(HEADER))  # blank lines in the middle are skipped
    return rows, expected


def test_a_messy_hundred_row_list_imports_exactly(place):
    rows, expected = messy_rows(place)
    result = import_members(make_xlsx(HEADER, rows, title=TITLE))
    assert result.ok, [str(e) for e in result.errors]
    assert result.memberships_created == Membership.objects.count() == 100
    assert result.members_created == Member.objects.count() == len(expected)
    for key, person in expected.items():
        member = (
            Member.objects.get(phone=key)
            if key.startswith("0")
            else Member.objects.get(full_name=person["name"], phone__isnull=True)
        )
        assert member.full_name == person["name"]  # NFC, single spaces, trimmed
        assert unicodedata.is_normalized("NFC", member.full_name)
        assert member.birth_year == person["year"]
        units = set(member.memberships.values_list("team__unit__name", flat=True))
        assert units == person["units"]
    phones = list(Member.objects.exclude(phone=None).values_list("phone", flat=True))
    assert all(len(p) == 10 and p.startswith("09") for p in phones)
    for unit in [place["commune"], *place["villages"]]:
        leaders = Membership.objects.filter(team__unit=unit, role=TeamRole.LEADER).count()
        assert leaders <= 1


def test_importing_the_same_good_file_twice_creates_nobody_twice(place):
    rows, expected = messy_rows(place)
    content = make_xlsx(HEADER, rows, title=TITLE)
    assert import_members(content).ok
    before = (Member.objects.count(), Membership.objects.count())
    again = import_members(content)
    assert again.ok and again.members_created == 0 and again.memberships_created == 0
    assert again.count(ALREADY) == 100
    assert (Member.objects.count(), Membership.objects.count()) == before


def test_any_bad_row_creates_nothing_and_every_bad_row_is_named(place):
    rows, _expected = messy_rows(place, count=20)
    village = place["villages"][0].name

    def row(number, name, phone, year=1970, gender="Nam", role="TV", code="3268", at=village):
        return [number, name, year, gender, None, phone, "ĐTN", role, code, at]

    co_muong = "Bản Co Muông"
    bad = [
        row(101, None, "0987000001"),  # no name
        row(102, "Lò Văn Sai", "0212345678"),  # a landline
        row(103, "Cà Văn Một", "0987000002"),
        row(104, "Cà Văn Hai", "0987 000 002"),  # the phone of row 103
        row(105, "Vì Văn Già", "0987000003", year=1890),
        row(106, "Vì Văn Trẻ", "0987000004", year=2024),
        row(107, "Tòng Văn Ba", "0987000005", role="Chủ tịch"),
        row(108, "Tòng Văn Tư", "0987000006", code="99999"),
        row(109, "Tòng Văn Năm", "0987000007", at="Bản Không Có"),
        row(110, "Tòng Văn Sáu", "0987000008", gender="Khác"),
        row(111, "Lò Văn Một", "0987000009", role="Tổ trưởng", at=co_muong),
        row(112, "Lò Văn Hai", "0987000010", role="Tổ trưởng", at=co_muong),  # second leader
        row(113, "Cà Văn Một", "0987000002"),  # row 103 again
    ]
    # Row 111 makes a leader of Bản Co Muông: the good rows must not have one already.
    rows = [
        r for r in rows if "trưởng" not in str(r[7]).lower() or "co muong" not in fold(str(r[9]))
    ]
    first_bad = len(rows) + 3  # title and header come first
    content = make_xlsx(HEADER, rows + bad, title=TITLE)
    result = import_members(content)
    assert not result.ok
    assert Member.objects.count() == 0 and Membership.objects.count() == 0
    named = {e.row: str(e) for e in result.errors}
    expected_bad = {first_bad + i for i in [0, 1, 4, 5, 6, 7, 8, 9, 11, 12]}
    assert set(named) == expected_bad
    assert "Họ và tên" in named[first_bad]
    assert "0212345678" in named[first_bad + 1]
    # Row 104 shares row 103's phone: a family's phone, kept by the first, said so.
    shared = [str(w) for w in result.warnings if w.row == first_bad + 3]
    assert len(shared) == 1 and f"({first_bad + 2})" in shared[0] or f"{first_bad + 2}" in shared[0]
    assert "1890" in named[first_bad + 4] and "2024" in named[first_bad + 5]
    assert "Chủ tịch" in named[first_bad + 6]
    assert "99999" in named[first_bad + 7]
    assert "Bản Không Có" in named[first_bad + 8]
    assert "Khác" in named[first_bad + 9]
    assert "Vai trò trong Tổ" in named[first_bad + 11]


def test_refusals_against_what_is_stored(place):
    village = place["villages"][0]
    team = ensure_team(village)
    add_member(None, team, full_name="Quàng Văn Piếng", phone="0912000003", role=TeamRole.LEADER)
    rows = [
        [1, "Lường Thị Mai", 1990, "Nữ", "Thái", "0912000003", "ĐTN", "TV", "03268", village.name],
        [2, "Lò Văn Mới", 1985, "Nam", "Thái", "0912000009", "ĐTN", "Tổ trưởng", "03268",
         village.name],
    ]  # fmt: skip
    result = import_members(make_xlsx(HEADER, rows))
    # Row 2: the phone of another member. Row 3 names a new leader: the sitting one would
    # step down (a reconstitution), which is no refusal.
    assert [e.row for e in result.errors] == [2]
    assert Member.objects.count() == 1


def test_a_known_person_joins_another_team_and_keeps_their_details(place):
    village = place["villages"][0]
    add_member(None, ensure_team(village), full_name="Lường Thị Mai", phone="0912000004",
               birth_year=1991)  # fmt: skip
    rows = [[1, "lường thị mai", 1990, "Nữ", "Thái", "0912.000.004", "Đoàn Thanh niên xã",
             "Tổ phó", "3268", None]]  # fmt: skip
    preview = import_members(make_xlsx(HEADER, rows), dry_run=True)
    assert preview.ok and preview.planned[0].action == JOIN
    assert Membership.objects.count() == 1
    result = import_members(make_xlsx(HEADER, rows))
    member = Member.objects.get()
    assert result.members_created == 0 and result.memberships_created == 1
    assert member.birth_year == 1991  # not overwritten
    assert (member.gender, member.ethnicity, member.affiliation) == (
        "female", "Thái", Affiliation.YOUTH_UNION,
    )  # fmt: skip
    assert member.affiliation_note == "Đoàn Thanh niên xã"
    commune_membership = member.memberships.get(team__unit=place["commune"])
    assert commune_membership.role == TeamRole.DEPUTY


def test_people_without_a_phone_are_not_created_twice(place):
    rows = [[1, "Giàng A Páo", 1958, "Nam", "Mông", None, "Trưởng bản", "Tổ trưởng", "03268",
             "Bản Co Muông"]]  # fmt: skip
    content = make_xlsx(HEADER, rows)
    assert import_members(content).members_created == 1
    again = import_members(content)
    assert again.ok and again.planned[0].action == ALREADY
    assert Member.objects.count() == 1


def test_officers_import_only_into_their_own_subtree(place, tree):
    rows = [[1, "Lò Văn Xa", 1980, "Nam", None, "0912000111", "ĐTN", "TV",
             tree["other_commune"].code, None]]  # fmt: skip
    result = import_members(make_xlsx(HEADER, rows), within=tree["province"])
    assert not result.ok and "no such commune" in str(result.errors[0])
    assert not Member.objects.exists()
    rows[0][8] = "03268"
    assert import_members(make_xlsx(HEADER, rows), within=place["commune"]).ok


def test_files_without_the_columns_or_rows_are_refused(place):
    result = import_members(make_xlsx(["Họ và tên", "Điện thoại"], [["Lò Văn A", "0912000001"]]))
    assert not result.ok and result.errors[0].row == 0
    assert "Vai trò trong Tổ" in str(result.errors[0])
    assert not import_members(make_xlsx(HEADER, [])).ok
    assert not import_members(b"not a workbook").ok


def test_the_template_has_the_columns_and_lists_the_units(place):
    content = template_workbook(place["commune"])
    sheet = read_table(content, member_columns(False))
    assert not sheet.errors and sheet.rows == []
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(content))
    listed = [row for row in workbook.worksheets[2].iter_rows(values_only=True)]
    assert ("03268", "Xã Mường Mùn", "Bản Huổi Lóng") in listed
    assert not import_members(content).ok  # empty: "no member rows"


def test_command_dry_run_writes_nothing_and_a_bad_file_exits_non_zero(place, tmp_path, capsys):
    rows, expected = messy_rows(place, count=30)
    good = tmp_path / "good.xlsx"
    good.write_bytes(make_xlsx(HEADER, rows, title=TITLE))
    call_command("import_members", str(good), "--dry-run")
    out = capsys.readouterr().out
    joining = 30 - len(expected)  # village members also on the commune's team
    assert (
        f"Chạy thử, chưa ghi gì: {len(expected)} thành viên mới, {joining} người từ Tổ khác "
        "vào, 0 lượt đổi vai trò, 0 người thôi tham gia, 0 người đã có trong Tổ." in out
    )
    assert not Member.objects.exists()

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(make_xlsx(HEADER, [*rows, [99, "", 1970, "Nam", None, None, None, None,
                                               "3268", None]]))  # fmt: skip
    with pytest.raises(CommandError, match="Có 1 lỗi"):
        call_command("import_members", str(bad))
    assert not Member.objects.exists()

    call_command("import_members", str(good))
    assert Membership.objects.count() == 30
    call_command("import_members", str(good))
    assert (
        "Đã ghi: 0 thành viên mới, 0 lượt tham gia Tổ, 0 lượt đổi vai trò, 0 lượt thôi tham "
        "gia; 30 người đã có trong Tổ." in capsys.readouterr().out
    )


def _upload(client, content: bytes, capture) -> str:
    """Post the file, let its checking job run, and return the preview page."""
    upload = SimpleUploadedFile("thanh-vien.xlsx", content)
    day = timezone.localdate().isoformat()
    with capture(execute=True):
        answer = client.post("/teams/import/", {"file": upload, "day": day})
    assert answer.status_code == 302, answer.content.decode()
    job = answer.url.strip("/").split("/")[-1]
    return client.get(f"/teams/import/{job}/").content.decode(), job


def test_upload_page_checks_previews_and_writes_on_confirmation(
    client, place, users, django_capture_on_commit_callbacks
):
    client.force_login(users[Role.PROVINCE])
    rows = [[1, "Lò Văn Thanh", 1962, "Nam", "Thái", "912345678", "Trưởng bản", "Tổ trưởng",
             "3268", "huổi lóng"]]  # fmt: skip
    content = make_xlsx(HEADER, rows, title=TITLE)
    page, job = _upload(client, content, django_capture_on_commit_callbacks)
    assert "Lò Văn Thanh" in page and "0912 345 678" in page and "joins (new member)" in page
    assert not Member.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/teams/import/{job}/", {"confirm": "1"})
    member = Member.objects.get()
    assert member.phone == "0912345678"
    membership = member.memberships.get()
    assert (membership.team.unit.name, membership.role) == ("Bản Huổi Lóng", TeamRole.LEADER)
    assert membership.start == timezone.localdate()


def test_upload_page_lists_every_bad_row(client, place, users, django_capture_on_commit_callbacks):
    client.force_login(users[Role.COMMUNE])
    rows = [[1, "Lò Văn Thanh", 1962, "Nam", "Thái", "12345", "ĐTN", "TV", "03268", None]]
    page, job = _upload(client, make_xlsx(HEADER, rows), django_capture_on_commit_callbacks)
    # The commune officer of another commune: 03268 is not theirs.
    assert "Row 2" in page and "no such commune" in page and "Row 2, column “Số điện thoại”" in page
    assert "Write these changes" not in page
    assert not Member.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/teams/import/{job}/", {"confirm": "1"}).status_code == 403


def test_the_template_downloads_for_officers_only(client, users, place):
    client.force_login(users[Role.COMMUNE])
    answer = client.get("/teams/import/template.xlsx")
    assert answer.status_code == 200
    assert "spreadsheetml" in answer["Content-Type"]
    assert read_table(answer.content, member_columns(False)).sheets_read
    client.force_login(users[Role.LEADER])
    assert client.get("/teams/import/template.xlsx").status_code == 403
    assert client.get("/teams/import/").status_code == 403
    assert NEW and JOIN  # the actions the preview names
