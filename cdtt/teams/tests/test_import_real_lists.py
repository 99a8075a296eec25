"""Member lists as commune offices really keep them: each layout imports exactly, and each
refusal says, in Vietnamese, what is wrong and what to do."""

from io import BytesIO
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook

from cdtt.factories import make_unit
from cdtt.orgunits.models import Level
from cdtt.teams.actions import add_member, ensure_team
from cdtt.teams.imports import import_members
from cdtt.teams.models import Member, Membership, TeamRole

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
L, D, M = TeamRole.LEADER, TeamRole.DEPUTY, TeamRole.MEMBER


@pytest.fixture
def place(tree):
    """Xã Mường Mùn (code 03268) with four villages."""
    commune = make_unit("Xã Mường Mùn", Level.COMMUNE, tree["province"], code="03268")
    for name in ["Bản Huổi Lóng", "Bản Co Muông", "Thôn Tân Lập", "Bản Nà Sài"]:
        make_unit(name, Level.VILLAGE, commune)
    return commune


@pytest.fixture
def vietnamese():
    with translation.override("vi"):
        yield


def workbook(*sheets) -> bytes:
    """An .xlsx of sheets given as (title, rows, merged ranges)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows, merges in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for merged in merges:
            sheet.merge_cells(merged)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def stored() -> set[tuple]:
    """Every open membership as (team, name, phone, birth year, role)."""
    return {
        (m.team.unit.name, m.member.full_name, m.member.phone, m.member.birth_year, m.role)
        for m in Membership.objects.filter(end__isnull=True).select_related("team__unit", "member")
    }


def imported(content: bytes, commune, **options):
    result = import_members(content, within=commune, **options)
    assert result.ok, [str(e) for e in result.errors]
    return result


TITLE_BLOCK = [
    ["UBND XÃ MƯỜNG MÙN", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    [None],
    [None, None, None, None, "Mường Mùn, ngày 02 tháng 12 năm 2026"],
    [None],
    ["DANH SÁCH"],
    ["THÀNH VIÊN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG XÃ MƯỜNG MÙN"],
    ["(Kèm theo Quyết định số 215/QĐ-UBND ngày 02/12/2026 của UBND xã)"],
    [None],
    ["Căn cứ Kế hoạch số 12/KH-BCĐ về kiện toàn Tổ công nghệ số cộng đồng"],
    [None],
]


def test_title_block_header_on_row_12_numbering_sections_totals_and_footer(place):
    rows = [
        *TITLE_BLOCK,
        ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Số điện thoại",
         "Đoàn thể", "Chức vụ trong Tổ"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
        ["I", "BẢN HUỔI LÓNG"],
        [1, "Lò Văn Thanh", 1962, "Nam", "Thái", "0912 345 678", "Trưởng bản", "Tổ trưởng"],
        [2, "Lường Thị Mai", 1995, "Nữ", "Thái", "0987.001.122", "Đoàn TN", "Thành viên"],
        ["II", "BẢN CO MUÔNG"],
        [3, "Giàng A Páo", 1990, "Nam", "Mông", "0868123456", "Công an viên", "Tổ trưởng"],
        ["Tổng cộng: 3 người"],
        [None],
        [None, "NGƯỜI LẬP BIỂU", None, None, None, "TM. BAN CHỈ ĐẠO"],
        [None, None, None, None, None, "TRƯỞNG BAN"],
        [None, "(Ký, ghi rõ họ tên)"],
        [None, "Quàng Văn Lập", None, None, None, "Cà Văn Chủ"],
    ]  # fmt: skip
    result = imported(workbook(("Sheet1", rows, [])), place)
    assert stored() == {
        ("Bản Huổi Lóng", "Lò Văn Thanh", "0912345678", 1962, L),
        ("Bản Huổi Lóng", "Lường Thị Mai", "0987001122", 1995, M),
        ("Bản Co Muông", "Giàng A Páo", "0868123456", 1990, L),
    }
    skipped = {s.number: s.why for s in result.table.skipped}
    assert skipped[13] == "numbering of the columns"
    assert skipped[14] == "section title: “BẢN HUỔI LÓNG”"
    assert skipped[17] == "section title: “BẢN CO MUÔNG”"
    assert skipped[19] == "total: “Tổng cộng: 3 người”"
    assert {21, 22, 23, 24} <= set(skipped) and skipped[24].startswith("below the list")


def test_two_row_header_merged_cells_and_x_marked_gender(place):
    rows = [
        ["DANH SÁCH TỔ CNSCĐ BẢN NÀ SÀI"],
        ["STT", "Thông tin thành viên", None, "Giới tính", None, "SĐT", "Vai trò", "Thôn/bản"],
        [None, "Họ tên", "Ngày sinh", "Nam", "Nữ", None, None, None],
        [1, "Lò Văn Pọm", "12/03/1970", "x", None, "0912000001", "Tổ trưởng", "Bản Nà Sài"],
        [2, "Lò Thị Xuân", "1988", None, "X", "0912000002", "Tổ phó", None],
        [3, "Cà Văn Ún", 2001, "x", None, None, "TV", None],
        [4, "Quàng Văn Inh", 1975, "x", None, "0912000004", "TV", "Bản Co Muông"],
    ]
    merges = ["A2:A3", "B2:C2", "D2:E2", "F2:F3", "G2:G3", "H2:H3", "H4:H6", "A1:H1"]
    imported(workbook(("DS", rows, merges)), place)
    assert stored() == {
        ("Bản Nà Sài", "Lò Văn Pọm", "0912000001", 1970, L),
        ("Bản Nà Sài", "Lò Thị Xuân", "0912000002", 1988, D),
        ("Bản Nà Sài", "Cà Văn Ún", None, 2001, M),  # the village cell merged over 3 rows
        ("Bản Co Muông", "Quàng Văn Inh", "0912000004", 1975, M),
    }
    genders = dict(Member.objects.values_list("full_name", "gender"))
    assert genders == {"Lò Văn Pọm": "male", "Lò Thị Xuân": "female", "Cà Văn Ún": "male",
                       "Quàng Văn Inh": "male"}  # fmt: skip


def test_nam_nu_columns_holding_the_birth_year(place):
    """The official form: "Năm sinh" over "Nam" and "Nữ", the year written in one of them."""
    rows = [
        ["TT", "Họ và tên", "Năm sinh", None, "Số ĐT", "Nhiệm vụ trong tổ"],
        [None, None, "Nam", "Nữ", None, None],
        [1, "Vì Văn Hặc", 1968, None, "0915111222", "Tổ trưởng"],
        [2, "Vì Thị Dua", None, 1999, "0915111333", "Thành viên"],
    ]
    imported(workbook(("Sheet", rows, ["A1:A2", "B1:B2", "C1:D1", "E1:E2", "F1:F2"])), place)
    assert stored() == {
        ("Xã Mường Mùn", "Vì Văn Hặc", "0915111222", 1968, L),
        ("Xã Mường Mùn", "Vì Thị Dua", "0915111333", 1999, M),
    }
    assert dict(Member.objects.values_list("full_name", "gender")) == {
        "Vì Văn Hặc": "male", "Vì Thị Dua": "female",
    }  # fmt: skip


def test_synonyms_and_line_breaks_in_headers(place):
    rows = [
        ["Số\nTT", "HỌ TÊN", "Năm\nsinh", "Giới", "Dân tộc", "Số ĐT\n(di động)",
         "Chức vụ,\nđơn vị công tác", "Chức danh\ntrong Tổ", "Thôn / bản"],
        [1, "Tòng Văn Sềnh", 1980, "nam", "Thai", "84 912 000 010", "Bí thư chi đoàn", "TT",
         "huổi lóng"],
    ]  # fmt: skip
    imported(workbook(("Sheet", rows, [])), place)
    assert stored() == {("Bản Huổi Lóng", "Tòng Văn Sềnh", "0912000010", 1980, L)}
    member = Member.objects.get()
    assert (member.ethnicity, member.affiliation_note) == ("Thái", "Bí thư chi đoàn")


def test_one_sheet_per_village_reads_every_sheet_and_says_which(place):
    header = ["STT", "Họ và tên", "Năm sinh", "SĐT", "Vai trò"]
    huoi_long = [header, [1, "Lò Văn A", 1970, "0912000101", "Tổ trưởng"]]
    co_muong = [["DANH SÁCH BẢN CO MUÔNG"], header, [1, "Lò Văn B", 1971, "0912000102", "TV"],
                [2, "Lò Văn C", 1972, "0912000103", "Tổ trưởng"]]  # fmt: skip
    notes = [["Ghi chú: danh sách do các bản gửi lên"]]
    result = imported(
        workbook(("Huổi Lóng", huoi_long, []), ("Co Muông", co_muong, []), ("Ghi chú", notes, [])),
        place,
    )
    assert result.table.sheets_read == ["Huổi Lóng", "Co Muông"]
    assert result.table.sheets_ignored == [("Ghi chú", "no header row with the columns")]
    assert stored() == {
        ("Bản Huổi Lóng", "Lò Văn A", "0912000101", 1970, L),
        ("Bản Co Muông", "Lò Văn B", "0912000102", 1971, M),
        ("Bản Co Muông", "Lò Văn C", "0912000103", 1972, L),
    }


HEADER = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Số điện thoại",
          "Đoàn thể/đơn vị công tác", "Vai trò trong Tổ", "Thôn/bản"]  # fmt: skip


def test_text_typed_in_tcvn3_is_stored_in_unicode(place):
    rows = [
        ["Danh s¸ch thµnh viªn tæ c«ng nghÖ sè céng ®ång"],
        ["STT", "Hä vµ tªn", "N¨m sinh", "Giíi tÝnh", "D©n téc", "Sè ®iÖn tho¹i",
         "§oµn thÓ/®¬n vÞ c«ng t¸c", "Vai trß trong Tæ", "Th«n/b¶n"],
        [1, "Lß V¨n Hïng", 1970, "Nam", "Th¸i", "0912000201", "§oµn Thanh niªn", "Tæ tr\xadëng",
         "B¶n Huæi Lãng"],
        [2, "§inh ThÞ Thñy", 1990, "N÷", "Kinh", "0912000202", "Héi Phô n÷", "Thµnh viªn",
         "B¶n Huæi Lãng"],
    ]  # fmt: skip
    result = imported(workbook(("Sheet1", rows, [])), place)
    assert stored() == {
        ("Bản Huổi Lóng", "Lò Văn Hùng", "0912000201", 1970, L),
        ("Bản Huổi Lóng", "Đinh Thị Thủy", "0912000202", 1990, M),
    }
    assert result.table.warnings == [
        "Sheet “Sheet1” was typed in the old TCVN3 (ABC, .VnTime) font encoding: its text was "
        "converted to Unicode. Check the names in the preview."
    ]


def test_text_typed_in_vni_is_stored_in_unicode(place):
    rows = [
        ["STT", "Hoï vaø teân", "Naêm sinh", "Soá ñieän thoaïi", "Vai troø trong Toå"],
        [1, "Nguyeãn Vaên Hieáu", 1980, "0912000301", "Toå tröôûng"],
        [2, "Loø Thò Hoa", 1985, "0912000302", "Thaønh vieân"],
    ]
    imported(workbook(("Sheet1", rows, [])), place)
    assert stored() == {
        ("Xã Mường Mùn", "Nguyễn Văn Hiếu", "0912000301", 1980, L),
        ("Xã Mường Mùn", "Lò Thị Hoa", "0912000302", 1985, M),
    }


def row(name, phone, role="Thành viên", year=1980, village="Bản Huổi Lóng", ethnicity="Thái"):
    return [1, name, year, "Nam", ethnicity, phone, "ĐTN", role, village]


def test_phone_cells_with_notes_old_numbers_and_a_family_phone(place, vietnamese):
    rows = [
        row("Lò Văn Một", "0912000401 (Zalo)", "Tổ trưởng"),
        row("Lò Văn Hai", "01681234567"),  # an old 11-digit Viettel number
        row("Lò Văn Ba", 1291234567.0),  # 0129…: VinaPhone, the leading zero lost by Excel
        row("Lò Thị Bốn", "0912000401"),  # the family's phone, kept by row 2's Lò Văn Một
    ]
    result = imported(workbook(("Sheet1", [HEADER, *rows], [])), place)
    assert stored() == {
        ("Bản Huổi Lóng", "Lò Văn Một", "0912000401", 1980, L),
        ("Bản Huổi Lóng", "Lò Văn Hai", "0381234567", 1980, M),
        ("Bản Huổi Lóng", "Lò Văn Ba", "0821234567", 1980, M),
        ("Bản Huổi Lóng", "Lò Thị Bốn", None, 1980, M),
    }
    assert [str(w) for w in result.warnings] == [
        "Dòng 3, cột “Số điện thoại” (“01681234567”): số cũ 11 chữ số: lưu thành "
        "0381234567, là số mới từ năm 2018",
        "Dòng 4, cột “Số điện thoại” (“1291234567”): số cũ 11 chữ số: lưu thành "
        "0821234567, là số mới từ năm 2018",
        "Dòng 5, cột “Số điện thoại” (“0912000401”): số này là của Lò Văn Một (dòng 2), "
        "dùng chung trong gia đình: Lò Thị Bốn được lưu không có số điện thoại",
    ]


def test_phone_refusals_say_what_to_do(place, vietnamese):
    rows = [
        row("Lò Văn Một", "0912000501 - 0987000501"),
        row("Lò Văn Hai", "0215 3826 123"),
        row("Lò Văn Ba", "091200050"),
        row("Lò Văn Bốn", "không có"),
    ]
    result = import_members(workbook(("Sheet1", [HEADER, *rows], [])), within=place)
    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột “Số điện thoại” (“0912000501 - 0987000501”): một ô có hai số điện thoại: "
        "giữ một số ở cột “Số điện thoại”, ghi số còn lại vào cột “Ghi chú”",
        "Dòng 3, cột “Số điện thoại” (“0215 3826 123”): đây là số máy bàn: chỉ lưu số di động; "
        "hãy để trống ô",
        "Dòng 4, cột “Số điện thoại” (“091200050”): không nhà mạng di động nào của Việt Nam có "
        "đầu số này; hãy kiểm tra lại",
        "Dòng 5, cột “Số điện thoại” (“không có”): không phải số điện thoại; nếu không có số "
        "thì để trống ô",
    ]
    assert not Member.objects.exists()


def test_ethnicities_are_stored_under_their_official_names(place):
    spellings = ["Thai", "H'Mông", "HMông", "Khơmú", "khơ-mú", "Dân tộc Kinh", "Mông"]
    rows = [row(f"Người Thứ {chr(65 + i)}", f"09120006{i:02d}", ethnicity=e)
            for i, e in enumerate(spellings)]  # fmt: skip
    imported(workbook(("Sheet1", [HEADER, *rows], [])), place)
    assert sorted(Member.objects.values_list("ethnicity", flat=True)) == sorted(
        ["Thái", "Mông", "Mông", "Khơ Mú", "Khơ Mú", "Kinh", "Mông"]
    )


def test_an_unknown_ethnicity_is_reported(place, vietnamese):
    content = workbook(("Sheet1", [HEADER, row("Lò Văn A", "0912000701", ethnicity="Xyz")], []))
    result = import_members(content, within=place)
    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột “Dân tộc” (“Xyz”): không có trong danh mục 54 dân tộc Việt Nam; ghi tên "
        "dân tộc, ví dụ Thái, Mông, Khơ Mú, Kinh"
    ]


def test_a_missing_column_is_named_with_the_closest_header(place, vietnamese):
    rows = [["STT", "Họ và tên", "Năm sinh", "Số điện thoại", "Vai trò trong Tổ của bản"],
            [1, "Lò Văn A", 1980, "0912000801", "Tổ trưởng"]]  # fmt: skip
    result = import_members(workbook(("DS", rows, [])), within=place)
    assert [str(e) for e in result.errors] == [
        "Trang “DS”: Không thấy cột “Vai trò trong Tổ” trong dòng tiêu đề (dòng 1); cột này "
        "cũng có thể mang tên: “Vai trò”, “Chức vụ trong Tổ”, “Chức danh trong Tổ”, "
        "“Nhiệm vụ trong Tổ”, “Vị trí trong Tổ”, “Vai trò trong Tổ CNSCĐ”. Tên cột gần giống "
        "nhất trong tệp là “Vai trò trong Tổ của bản”."
    ]


def test_an_old_xls_file_is_read(place):
    content = (FILES / "danh-sach-excel-97-2003.xls").read_bytes()
    result = imported(content, place, filename="danh-sach-excel-97-2003.xls")
    assert stored() == {
        ("Bản Huổi Lóng", "Lò Văn Thanh", "0912345678", 1962, L),
        ("Bản Huổi Lóng", "Lường Thị Mai", "0987001122", 1995, D),
        ("Bản Huổi Lóng", "Giàng A Páo", "0381234567", 1990, M),
    }
    assert Member.objects.get(full_name="Giàng A Páo").ethnicity == "Mông"
    assert len(result.warnings) == 1  # the old 0168 number


CSV = (
    "STT;Họ và tên;Năm sinh;Số điện thoại;Vai trò trong Tổ;Thôn/bản\r\n"
    "1;Lò Văn Thanh;1962;0912 345 678;Tổ trưởng;Bản Co Muông\r\n"
    "2;Lường Thị Mai;1995;0987001122;TV;Bản Co Muông\r\n"
)


@pytest.mark.parametrize("bom", ["\ufeff", ""])
def test_csv_in_utf8_with_or_without_bom(place, bom):
    imported((bom + CSV).encode(), place, filename="danh-sach.csv")
    assert stored() == {
        ("Bản Co Muông", "Lò Văn Thanh", "0912345678", 1962, L),
        ("Bản Co Muông", "Lường Thị Mai", "0987001122", 1995, M),
    }


def test_a_csv_in_another_encoding_and_a_foreign_file_are_refused(place, vietnamese):
    result = import_members(CSV.encode("cp1258", errors="replace"), within=place,
                            filename="ds.csv")  # fmt: skip
    assert [str(e) for e in result.errors] == [
        "Tệp CSV không ở bảng mã UTF-8. Trong Excel chọn “Lưu thành” (Save as), rồi chọn "
        "“CSV UTF-8”, hoặc lưu thành .xlsx."
    ]
    result = import_members(b"\x00\x01garbage", within=place, filename="ds.pdf")
    assert [str(e) for e in result.errors] == [
        "Tệp không phải bảng tính Excel. Hãy mở tệp bằng Excel và lưu lại dạng .xlsx "
        "(“Mở tệp bằng Excel và Lưu thành .xlsx”), rồi tải lên lại."
    ]


def test_a_stored_member_is_matched_and_nothing_is_created_twice(place):
    team = ensure_team(place.children.get(name="Bản Huổi Lóng"))
    add_member(None, team, full_name="Lò Văn Thanh", phone="0912345678", birth_year=1962,
               role=L)  # fmt: skip
    add_member(None, team, full_name="Cà Thị Hoa", birth_year=1990)  # no phone stored
    rows = [row("Lò Văn Thanh", "0912 345 678", "Tổ trưởng", 1962),
            row("cà thị hoa", "0912000901", "Thành viên", 1990)]  # fmt: skip
    result = imported(workbook(("Sheet1", [HEADER, *rows], [])), place)
    assert result.memberships_created == 0 and result.members_created == 0
    assert stored() == {
        ("Bản Huổi Lóng", "Lò Văn Thanh", "0912345678", 1962, L),
        ("Bản Huổi Lóng", "Cà Thị Hoa", "0912000901", 1990, M),  # the list's phone added
    }
