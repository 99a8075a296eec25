"""The old font encodings: every Vietnamese letter comes back, and Unicode is left alone."""

import unicodedata

import pytest

from cdtt.spreadsheets.legacy import TCVN3, TCVN3_TABLE, VNI, VNI_TABLE, detect, to_unicode

VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
LETTERS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES]
LETTERS = [letter for letter in LETTERS if not letter.isascii()] + ["đ"]


def test_the_tcvn3_table_holds_every_lower_case_letter_once():
    assert sorted(set(TCVN3_TABLE.values()) - set("ĂÂÊÔƠƯĐ")) == sorted(LETTERS)
    assert len(TCVN3_TABLE) == len(set(TCVN3_TABLE.values()))


def test_the_vni_table_writes_every_letter_in_both_cases():
    values = set(VNI_TABLE.values())
    assert set(LETTERS) <= values
    assert {letter.upper() for letter in LETTERS} <= values


@pytest.mark.parametrize(
    "typed, encoding, unicode",
    [
        ("Lß V¨n Hïng", TCVN3, "Lò Văn Hùng"),
        ("M\xadêng Mïn", TCVN3, "Mường Mùn"),
        ("§iÖn Biªn", TCVN3, "Điện Biên"),
        ("DANH S¸CH TH¤N B¶N", TCVN3, "DANH SÁCH THÔN BẢN"),
        ("Nguyeãn Vaên Hieáu", VNI, "Nguyễn Văn Hiếu"),
        ("Ñieän Bieân Phuû", VNI, "Điện Biên Phủ"),
        ("Tröôøng Thò Thuûy", VNI, "Trường Thị Thủy"),
        ("NGUYEÃN THÒ HÖÔNG", VNI, "NGUYỄN THỊ HƯƠNG"),
    ],
)
def test_names_typed_in_old_fonts(typed, encoding, unicode):
    assert to_unicode(typed, encoding) == unicode
    assert detect([typed, typed]) == encoding


@pytest.mark.parametrize(
    "texts",
    [
        ["Lò Văn Hùng", "Hà Tú", "Bản Huổi Lóng"],  # Unicode, some of it Latin-1 only
        ["Hà Tú", "Tô Hoài", "Lê Thế Hùng"],  # Latin-1 only, and Vietnamese as it is
        ["STT", "Ho va ten", "So dien thoai"],  # no accents at all
        ["Müller", "Zoë"],  # foreign names: no legacy marks that make Vietnamese
    ],
)
def test_unicode_and_plain_text_are_left_alone(texts):
    assert detect(texts) is None
