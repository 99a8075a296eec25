"""The columns of a member list, with the other names communes give them.

Matching ignores case, accents, spacing, line breaks and punctuation, so "SỐ ĐT",
"Số đt" and "Số\\nĐT" are one synonym. The list is documented in
docs/user-guide/nhap-danh-sach-thanh-vien.md: add a synonym there and here together.
"""

from cdtt.spreadsheets import Column

COLUMN_NUMBER = "STT"
COLUMN_NAME = "Họ và tên"
COLUMN_BIRTH_YEAR = "Năm sinh"
COLUMN_GENDER = "Giới tính"
COLUMN_MALE = "Nam"
COLUMN_FEMALE = "Nữ"
COLUMN_ETHNICITY = "Dân tộc"
COLUMN_PHONE = "Số điện thoại"
COLUMN_AFFILIATION = "Đoàn thể/đơn vị công tác"
COLUMN_ROLE = "Vai trò trong Tổ"
COLUMN_COMMUNE = "Mã xã"
COLUMN_VILLAGE = "Thôn/bản"
COLUMN_NOTE = "Ghi chú"  # in the template for what is not imported (a second phone…)
# The template's columns, in order.
COLUMNS = [
    COLUMN_NUMBER, COLUMN_NAME, COLUMN_BIRTH_YEAR, COLUMN_GENDER, COLUMN_ETHNICITY,
    COLUMN_PHONE, COLUMN_AFFILIATION, COLUMN_ROLE, COLUMN_COMMUNE, COLUMN_VILLAGE,
]  # fmt: skip

SYNONYMS = {
    COLUMN_NUMBER: ("TT", "Số TT", "Số thứ tự"),
    COLUMN_NAME: ("Họ tên", "Họ, tên", "Họ và tên thành viên", "Họ tên thành viên",
                  "Tên thành viên", "Họ và tên đệm", "Thành viên"),
    COLUMN_BIRTH_YEAR: ("Ngày sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "NS",
                        "Năm sinh (dương lịch)"),
    COLUMN_GENDER: ("Giới", "GT", "Nam/Nữ", "Nam, nữ", "Nam - Nữ"),
    COLUMN_MALE: ("Giới tính Nam", "Năm sinh Nam", "Nam giới"),
    COLUMN_FEMALE: ("Giới tính Nữ", "Năm sinh Nữ", "Nữ giới"),
    COLUMN_ETHNICITY: ("DT", "Dân tộc (ghi rõ)"),
    COLUMN_PHONE: ("SĐT", "Số ĐT", "Điện thoại", "ĐT", "Điện thoại di động", "Di động",
                   "Số di động", "ĐTDĐ", "SĐT di động", "Số máy", "Số điện thoại di động",
                   "Số điện thoại liên hệ", "Điện thoại liên hệ", "SĐT liên hệ"),
    COLUMN_AFFILIATION: ("Đơn vị công tác", "Đoàn thể", "Chức vụ, đơn vị công tác",
                         "Chức vụ/đơn vị công tác", "Nơi công tác", "Chức vụ", "Đoàn thể, đơn vị",
                         "Chức vụ đoàn thể", "Thành phần", "Chức vụ, đoàn thể"),
    COLUMN_ROLE: ("Vai trò", "Chức vụ trong Tổ", "Chức danh trong Tổ", "Nhiệm vụ trong Tổ",
                  "Vị trí trong Tổ", "Vai trò trong Tổ CNSCĐ", "Chức vụ trong Tổ CNSCĐ",
                  "Chức danh trong Tổ CNSCĐ", "Tổ trưởng/Tổ phó/Thành viên"),
    COLUMN_COMMUNE: ("Mã đơn vị", "Mã xã/phường", "Mã ĐVHC", "Mã xã, phường"),
    COLUMN_VILLAGE: ("Thôn, bản", "Thôn", "Bản", "Tên thôn", "Tên bản", "Tên thôn, bản",
                     "Thôn, bản, tổ dân phố", "Thôn/bản/tổ dân phố", "Thôn/tổ dân phố",
                     "Tổ dân phố", "Khối", "Thôn, xóm", "Thôn/xóm", "Đơn vị (thôn, bản)"),
}  # fmt: skip
KINDS = {COLUMN_NUMBER: "number", COLUMN_NAME: "name", COLUMN_VILLAGE: "place"}
REQUIRED = {COLUMN_NAME, COLUMN_PHONE, COLUMN_ROLE, COLUMN_COMMUNE}


def member_columns(commune_known: bool) -> list[Column]:
    """The columns read; "Mã xã" is needed only when the importer covers several communes."""
    names = [*COLUMNS[:4], COLUMN_MALE, COLUMN_FEMALE, *COLUMNS[4:]]
    return [
        Column(
            name,
            SYNONYMS[name],
            required=name in REQUIRED and not (name == COLUMN_COMMUNE and commune_known),
            kind=KINDS.get(name, ""),
        )
        for name in names
    ]
