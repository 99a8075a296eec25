"""The Vietnamese text rules: folding for search, alphabetical order, names."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from cdtt.vietnamese import clean_name, fold, sort_key


def test_fold_removes_accents_case_and_folds_d_stroke():
    assert fold("Xã Mường Mùn") == "xa muong mun"
    assert fold("ĐIỆN BIÊN  Đông") == "dien bien dong"
    assert fold("Tủa Chùa") == fold("tua chua")


def test_fold_treats_composed_and_decomposed_text_alike():
    composed = "Mường Ảng"
    decomposed = unicodedata.normalize("NFD", composed)
    assert fold(composed) == fold(decomposed) == "muong ang"


def test_sort_key_follows_the_vietnamese_alphabet():
    words = ["Đông", "Dương", "Ân", "Ăn", "An", "Bản", "Ơn", "Ôn", "On", "Ưng", "Ung", "Vân"]
    assert sorted(words, key=sort_key) == [
        "An", "Ăn", "Ân", "Bản", "Dương", "Đông", "On", "Ôn", "Ơn", "Ung", "Ưng", "Vân",
    ]  # fmt: skip


def test_sort_key_compares_letters_before_tones():
    # "Mường Ảng" sorts before "Mường Ẳng" (a < ă) whatever the tone marks on each.
    assert sorted(["Mường Ẳng", "Mường Ảng", "Mường An"], key=sort_key) == [
        "Mường An", "Mường Ảng", "Mường Ẳng",
    ]  # fmt: skip
    # Same letters: tones in dictionary order ngang, huyền, hỏi, ngã, sắc, nặng.
    assert sorted(["mạ", "má", "mã", "mả", "mà", "ma"], key=sort_key) == [
        "ma", "mà", "mả", "mã", "má", "mạ",
    ]  # fmt: skip


def test_a_shorter_word_sorts_before_its_extension():
    assert sorted(["Nà Sáy Ba", "Nà Sáy", "Nà"], key=sort_key) == ["Nà", "Nà Sáy", "Nà Sáy Ba"]


@given(st.lists(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxy àáảãạ", max_size=8), max_size=12))
def test_sort_key_is_a_total_order_consistent_with_folding(names):
    ordered = sorted(names, key=sort_key)
    keys = [sort_key(n) for n in ordered]
    assert keys == sorted(keys)
    for name in names:
        assert sort_key(name).isdigit()


def test_clean_name_trims_and_composes_but_keeps_case():
    typed = "  lò   Văn " + unicodedata.normalize("NFD", "Thành") + " "
    assert clean_name(typed) == "lò Văn Thành"
    assert unicodedata.is_normalized("NFC", clean_name(typed))
