"""The input rules of a member: names, birth years, gender, role, affiliation, skills."""

import unicodedata
from datetime import date, datetime

import pytest
from django.utils import timezone

from cdtt.teams.models import Affiliation, Gender, Skill, TeamRole
from cdtt.teams.rules import (
    affiliation_from_text,
    latest_birth_year,
    parse_birth_year,
    parse_ethnicity,
    parse_gender,
    parse_name,
    parse_role,
    parse_skills,
)


def test_names_are_stored_nfc_with_spaces_trimmed_and_case_as_typed():
    typed = "  lò   Văn " + unicodedata.normalize("NFD", "Thành") + "\t"
    assert parse_name(typed) == "lò Văn Thành"
    assert unicodedata.is_normalized("NFC", parse_name(typed))
    assert parse_name("GIÀNG A PÁO") == "GIÀNG A PÁO"


@pytest.mark.parametrize("bad", [None, "", "   ", "0912345678", "Lò Văn 2", "x" * 121])
def test_a_missing_or_impossible_name_is_refused(bad):
    with pytest.raises(ValueError):
        parse_name(bad)


def test_birth_years_in_the_sane_range_in_any_cell_form():
    assert parse_birth_year(1968) == 1968
    assert parse_birth_year(1968.0) == 1968
    assert parse_birth_year(" 1968 ") == 1968
    assert parse_birth_year("12/03/1968") == 1968
    assert parse_birth_year("12-3-1968") == 1968
    assert parse_birth_year(datetime(1968, 3, 12)) == 1968
    assert parse_birth_year(date(1968, 3, 12)) == 1968
    assert parse_birth_year(1930) == 1930
    assert parse_birth_year(latest_birth_year()) == latest_birth_year()
    assert latest_birth_year() == timezone.localdate().year - 15
    assert parse_birth_year(None) is None and parse_birth_year("") is None


@pytest.mark.parametrize(
    "bad", [1929, 1800, 2100, "latest+1", 68, "năm 68", 1968.5, True, "1968/12/03"]
)
def test_an_impossible_birth_year_is_refused(bad):
    if bad == "latest+1":
        bad = latest_birth_year() + 1
    with pytest.raises(ValueError):
        parse_birth_year(bad)


@pytest.mark.parametrize(
    ("typed", "gender"),
    [("Nam", Gender.MALE), ("nam", Gender.MALE), ("NAM", Gender.MALE), (" Nữ ", Gender.FEMALE),
     ("nữ", Gender.FEMALE), ("NỮ", Gender.FEMALE), ("nu", Gender.FEMALE), ("male", Gender.MALE),
     ("female", Gender.FEMALE), ("", ""), (None, "")],
)  # fmt: skip
def test_gender_in_any_case_or_accents(typed, gender):
    assert parse_gender(typed) == gender


def test_an_unknown_gender_is_refused():
    with pytest.raises(ValueError):
        parse_gender("Khác")


@pytest.mark.parametrize(
    ("typed", "role"),
    [("Tổ trưởng", TeamRole.LEADER), ("TỔ TRƯỞNG", TeamRole.LEADER),
     ("tổ  trưởng", TeamRole.LEADER), ("TT", TeamRole.LEADER), ("Tổ phó", TeamRole.DEPUTY),
     ("tổ phó", TeamRole.DEPUTY), ("Thành viên", TeamRole.MEMBER), ("TV", TeamRole.MEMBER),
     ("Tổ viên", TeamRole.MEMBER), ("", TeamRole.MEMBER), (None, TeamRole.MEMBER)],
)  # fmt: skip
def test_roles_as_lists_write_them(typed, role):
    assert parse_role(typed) == role


@pytest.mark.parametrize("bad", ["Chủ tịch", "Bí thư", "Trưởng thôn", "x"])
def test_an_unknown_role_is_refused(bad):
    with pytest.raises(ValueError):
        parse_role(bad)


@pytest.mark.parametrize(
    ("written", "affiliation"),
    [
        ("Đoàn Thanh niên", Affiliation.YOUTH_UNION),
        ("Bí thư chi đoàn bản", Affiliation.YOUTH_UNION),
        ("ĐTN xã", Affiliation.YOUTH_UNION),
        ("đoàn viên", Affiliation.YOUTH_UNION),
        ("Hội LHPN", Affiliation.WOMEN_UNION),
        ("Chi hội phụ nữ bản", Affiliation.WOMEN_UNION),
        ("Hội CCB", Affiliation.VETERANS),
        ("Cựu chiến binh", Affiliation.VETERANS),
        ("Hội Nông dân", Affiliation.FARMERS),
        ("Công an xã", Affiliation.POLICE),
        ("Tư pháp - hộ tịch", Affiliation.JUSTICE),
        ("Trưởng bản", Affiliation.VILLAGE_HEAD),
        ("trưởng thôn", Affiliation.VILLAGE_HEAD),
        ("Tổ trưởng TDP", Affiliation.VILLAGE_HEAD),
        ("Ban công tác Mặt trận", Affiliation.FRONT),
        ("Giáo viên Trường PTDTBT TH Mường Mùn", Affiliation.TEACHER),
        ("Trường THCS", Affiliation.TEACHER),
        ("Y tế thôn bản", Affiliation.HEALTH),
        ("Trạm y tế xã", Affiliation.HEALTH),
        ("Bưu điện văn hóa xã", Affiliation.OTHER),
        ("Đoàn TN, trưởng bản", Affiliation.YOUTH_UNION),  # the first one written wins
        ("Trưởng bản, Đoàn TN", Affiliation.VILLAGE_HEAD),
        ("", ""),
        (None, ""),
    ],
)
def test_affiliation_text_maps_by_folded_keywords(written, affiliation):
    assert affiliation_from_text(written) == affiliation


def test_skills_keep_checklist_order_and_refuse_unknown_codes():
    assert parse_skills(["scams", "vneid", "vneid"]) == ["vneid", "scams"]
    assert parse_skills(None) == [] and parse_skills([]) == []
    assert set(parse_skills(Skill.values)) == set(Skill.values)
    with pytest.raises(ValueError):
        parse_skills(["zalo"])
    with pytest.raises(ValueError):
        parse_skills("vneid")


def test_ethnicity_is_optional_and_bounded():
    assert parse_ethnicity("  Khơ  Mú ") == "Khơ Mú"
    assert parse_ethnicity(None) == ""
    with pytest.raises(ValueError):
        parse_ethnicity("x" * 41)
