"""The cells of a member list: ethnicities, old phone numbers, roles written long-hand."""

import pytest

from cdtt.teams.ethnicities import GROUPS, NAMES, normalize_ethnicity
from cdtt.teams.imports.cells import parse_phone_cell, parse_role_cell
from cdtt.teams.models import TeamRole
from cdtt.vietnamese import RENUMBERED_PREFIXES, renumbered_phone


def test_the_official_list_has_54_groups_and_every_spelling_finds_its_own():
    assert len(NAMES) == len(set(NAMES)) == 54
    for name, others in GROUPS:
        for spelling in [name, *others, name.upper(), name.replace(" ", "-"),
                         f"Dân tộc {name}"]:  # fmt: skip
            assert normalize_ethnicity(spelling) == name, spelling


def test_an_empty_cell_is_no_ethnicity_and_an_unknown_one_is_refused():
    assert normalize_ethnicity("  ") == ""
    with pytest.raises(ValueError):
        normalize_ethnicity("Người Sao Hỏa")


@pytest.mark.parametrize("old, new", [(old + "1234567", new + "1234567")
                                      for old, new in RENUMBERED_PREFIXES.items()])  # fmt: skip
def test_every_old_11_digit_prefix_becomes_its_new_one(old, new):
    assert renumbered_phone(old) == new
    assert renumbered_phone("+84 " + old[1:]) == new
    phone, warning = parse_phone_cell(old)
    assert phone == new and new in warning


def test_phone_cells_as_lists_hold_them():
    assert parse_phone_cell("0912 345 678 (Zalo)") == ("0912345678", "")
    assert parse_phone_cell("ĐT: 0912.345.678") == ("0912345678", "")
    assert parse_phone_cell(912345678.0) == ("0912345678", "")
    assert parse_phone_cell(None) == (None, "")
    for two in ["0912345678 / 0987654321", "0912345678; 0987654321", "0912345678 0987654321",
                "0912345678\n0987654321", "0912345678 và 0987654321"]:  # fmt: skip
        with pytest.raises(ValueError, match="two phone numbers"):
            parse_phone_cell(two)


@pytest.mark.parametrize(
    "written, role",
    [("Tổ trưởng", TeamRole.LEADER), ("TỔ TRƯỞNG TỔ CNSCĐ", TeamRole.LEADER),
     ("Phó tổ trưởng", TeamRole.DEPUTY), ("Tổ phó", TeamRole.DEPUTY), ("TP", TeamRole.DEPUTY),
     ("Ủy viên", TeamRole.MEMBER), ("Tổ viên", TeamRole.MEMBER), ("", TeamRole.MEMBER)],
)  # fmt: skip
def test_roles_as_lists_write_them(written, role):
    assert parse_role_cell(written) == role
