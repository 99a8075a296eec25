"""The 54 ethnic groups of Vietnam (Danh mục các dân tộc Việt Nam, Quyết định 121-TCTK/PPCĐ),
and the ways lists write them.

Lists write one people nine ways ("Thai", "H'Mông", "HMông", "Khơmú"…); counting members by
ethnicity needs one name per people. Each group is stored under the name the General
Statistics Office's census uses; a spelling is matched folded (case, accents, spaces,
hyphens and apostrophes ignored), with the common other names as synonyms.
"""

import re

from django.utils.translation import gettext as _

from cdtt.vietnamese import clean_name, fold

# Stored name, then other names and spellings lists use.
GROUPS = [
    ("Kinh", ["Việt"]), ("Tày", ["Thổ Tày"]), ("Thái", ["Thái Đen", "Thái Trắng", "Tày Thanh"]),
    ("Mường", []), ("Khmer", ["Khơ Me", "Khơ-me", "Khmer Krom", "Khơme"]), ("Hoa", ["Hán"]),
    ("Nùng", []), ("Mông", ["Hmông", "H'Mông", "Hmong", "Mèo", "Mông Đen", "Mông Hoa"]),
    ("Dao", ["Dao Đỏ", "Dao Tiền", "Dao Quần Chẹt", "Mán"]), ("Gia Rai", ["Jrai", "Gia-rai"]),
    ("Ê Đê", ["Êđê", "Rhađê", "Ra-đê"]), ("Ba Na", ["Bahnar", "Ba-na"]),
    ("Sán Chay", ["Cao Lan", "Sán Chỉ", "Cao Lan - Sán Chỉ"]), ("Chăm", ["Chàm"]),
    ("Cơ Ho", ["Cơ-ho", "K'Ho", "Koho"]), ("Xơ Đăng", ["Xê Đăng", "Sedang"]),
    ("Sán Dìu", []), ("Hrê", ["H'rê"]), ("Ra Glai", ["Raglai", "Ra-glai"]),
    ("Mnông", ["M'Nông", "Mơ Nông"]), ("Thổ", []), ("Xtiêng", ["X'tiêng", "Stiêng"]),
    ("Khơ Mú", ["Khơmú", "Khơ-mú", "Khmu", "Kmụ", "Xá Cẩu"]), ("Bru Vân Kiều", ["Bru", "Vân Kiều"]),
    ("Cơ Tu", ["Katu", "Cơ-tu"]), ("Giáy", ["Nhắng", "Dẩng"]), ("Tà Ôi", ["Tà-ôi", "Pa Cô"]),
    ("Mạ", []), ("Giẻ Triêng", ["Gié Triêng", "Gié-Triêng", "Giẻ-Triêng"]), ("Co", []),
    ("Chơ Ro", ["Chơ-ro"]), ("Xinh Mun", ["Xinh-mun", "Puộc"]), ("Hà Nhì", ["U Ni"]),
    ("Chu Ru", ["Chu-ru"]), ("Lào", []), ("Kháng", []), ("La Chí", []), ("Phù Lá", ["Xá Phó"]),
    ("La Hủ", []), ("La Ha", []), ("Pà Thẻn", ["Pà Hưng"]), ("Lự", ["Lữ"]), ("Ngái", []),
    ("Chứt", []), ("Lô Lô", []), ("Mảng", ["Mảng Ư"]), ("Cơ Lao", []), ("Bố Y", ["Chủng Chá"]),
    ("Cống", []), ("Si La", []), ("Pu Péo", []), ("Rơ Măm", ["Rơ-măm"]), ("Brâu", []),
    ("Ơ Đu", ["Tày Hạt"]),
]  # fmt: skip
NAMES = [name for name, _others in GROUPS]


def _key(text: str) -> str:
    key = re.sub(r"[^a-z0-9]", "", fold(text))
    return key.removeprefix("dantoc").removeprefix("dt")


_LOOKUP: dict[str, str] = {}
for _name, _others in GROUPS:
    for _spelling in [_name, *_others]:
        _LOOKUP.setdefault(_key(_spelling), _name)


def normalize_ethnicity(value: object) -> str:
    """The stored name of the people a cell names ("" for an empty cell); ValueError else."""
    text = clean_name(value or "")
    if not text:
        return ""
    name = _LOOKUP.get(_key(text))
    if name is None:
        raise ValueError(
            _(
                "not one of the 54 ethnic groups of Vietnam; write the group's name, "
                "e.g. Thái, Mông, Khơ Mú, Kinh"
            )
        )
    return name
