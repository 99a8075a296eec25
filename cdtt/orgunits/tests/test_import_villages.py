"""Importing villages from Excel: all or nothing, every bad row named, never twice."""

import pytest
from django.core.management import CommandError, call_command

from cdtt.accounts.models import Role
from cdtt.audit.models import AuditEntry
from cdtt.factories import make_xlsx
from cdtt.orgunits.actions import import_villages
from cdtt.orgunits.models import Kind, Level, OrgUnit

pytestmark = pytest.mark.django_db

HEADER = ["Mã xã", "Tên thôn/bản", "Loại", "Dân số", "Số hộ",
          "Số hộ chưa có điện thoại thông minh"]  # fmt: skip


def good_rows(tree):
    code = tree["commune"].code
    return [
        [code, "Bản Hua Ca", "Bản", 620, 131, 40],
        [code.lstrip("0"), "  Thôn  Tân Lập ", "thôn", "1.204", 250, None],
        [int(code), "Tổ dân phố 3", "TỔ DÂN PHỐ", None, None, None],
        [tree["sibling_commune"].code, "Khối Đoàn Kết", "khối", 800, 180, 12],
    ]


def village_names(commune):
    return sorted(commune.children.values_list("name", flat=True))


def test_a_good_file_creates_every_village_and_a_second_import_is_refused(tree, tmp_path):
    before = OrgUnit.objects.count()
    content = make_xlsx(HEADER, good_rows(tree), title="DANH SÁCH THÔN, BẢN NĂM 2026")
    result = import_villages(content)
    assert result.ok and result.created == 4
    assert OrgUnit.objects.count() == before + 4
    assert "Thôn Tân Lập" in village_names(tree["commune"])
    tan_lap = OrgUnit.objects.get(name="Thôn Tân Lập")
    assert (tan_lap.kind, tan_lap.level, tan_lap.population) == (Kind.THON, Level.VILLAGE, 1204)
    assert tan_lap.path.startswith(tree["commune"].path)
    assert AuditEntry.objects.filter(action="import").count() == 4

    again = import_villages(content)
    assert not again.ok and again.created == 0
    assert [e.row for e in again.errors] == [3, 4, 5, 6]
    assert OrgUnit.objects.count() == before + 4


def test_any_bad_row_creates_nothing_and_every_bad_row_is_named(tree):
    code = tree["commune"].code
    rows = good_rows(tree) + [
        [code, None, "bản", 100, 20, 1],  # row 6: no name
        ["99999", "Bản Ma", "bản", 100, 20, 1],  # row 7: unknown commune
        [code, "bản hua ca", "bản", 100, 20, 1],  # row 8: same village as row 2
        [code, "Bản Huổi Lóng", "bản", 100, 20, 1],  # row 9: already exists
        [code, "Bản Âm", "bản", -5, 20, 1],  # row 10: negative population
        [code, "Bản Nhiều Hộ", "bản", 100, 300, 1],  # row 11: more households than people
        [code, "Bản Điện Thoại", "bản", 100, 20, 25],  # row 12: more without phone than hh
        [code, "Bản Lạ", "làng", 100, 20, 1],  # row 13: unknown kind
        [code, "Bản Lẻ", "bản", 12.5, 20, 1],  # row 14: not a whole number
    ]
    before = OrgUnit.objects.count()
    result = import_villages(make_xlsx(HEADER, rows))
    assert not result.ok and result.created == 0
    assert OrgUnit.objects.count() == before
    rows_named = sorted({e.row for e in result.errors})
    assert rows_named == [6, 7, 8, 9, 10, 11, 12, 13, 14]
    messages = {e.row: str(e) for e in result.errors}
    assert "Tên thôn/bản" in messages[6]
    assert "99999" in messages[7]
    assert "row 2" in messages[8] or "dòng 2" in messages[8]
    assert "Dân số" in messages[10]


def test_officers_import_only_into_their_own_subtree(tree):
    content = make_xlsx(HEADER, [[tree["other_commune"].code, "Bản Xa", "bản", 10, 2, 0]])
    result = import_villages(content, within=tree["province"])
    assert not result.ok
    assert "no such commune" in str(result.errors[0]) or "không có xã" in str(result.errors[0])
    assert not OrgUnit.objects.filter(name="Bản Xa").exists()


def test_a_file_without_the_headers_is_refused(tree):
    result = import_villages(make_xlsx(["Xã", "Thôn"], [["1", "2"]]))
    assert not result.ok and result.errors[0].row == 0
    assert not import_villages(b"not a workbook").ok


def test_command_dry_run_creates_nothing_and_bad_file_exits_non_zero(tree, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(make_xlsx(HEADER, good_rows(tree)))
    before = OrgUnit.objects.count()
    call_command("import_villages", str(good), "--dry-run")
    assert "4 village(s) would be created" in capsys.readouterr().out
    assert OrgUnit.objects.count() == before

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(make_xlsx(HEADER, [*good_rows(tree), [tree["commune"].code, "", "bản"]]))
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("import_villages", str(bad))
    assert OrgUnit.objects.count() == before

    call_command("import_villages", str(good))
    assert OrgUnit.objects.count() == before + 4


def test_upload_page_checks_then_creates_on_confirmation(client, tree, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users[Role.COMMUNE])
    code = tree["commune"].code
    content = make_xlsx(HEADER, [[code, "Bản Pá Xa", "bản", 300, 60, 10]])
    upload = SimpleUploadedFile("thon.xlsx", content)
    page = client.post("/units/villages/import/", {"file": upload}).content.decode()
    assert "Bản Pá Xa" in page
    assert not OrgUnit.objects.filter(name="Bản Pá Xa").exists()
    client.post("/units/villages/import/", {"confirm": "1"})
    assert OrgUnit.objects.get(name="Bản Pá Xa").parent == tree["commune"]

    bad = SimpleUploadedFile("thon.xlsx", make_xlsx(HEADER, [[code, "", "bản"]]))
    page = client.post("/units/villages/import/", {"file": bad}).content.decode()
    assert "Dòng 2" in page and "Tên thôn/bản" in page


def test_village_form_creates_and_refuses_impossible_figures(client, tree, users):
    client.force_login(users[Role.COMMUNE])
    url = f"/units/{tree['commune'].pk}/villages/new/"
    page = client.post(
        url,
        {"name": "Bản Mới", "kind": "ban", "households": 10, "households_without_smartphone": 11},
    ).content.decode()
    assert "nhiều hơn tổng số hộ" in page
    assert not OrgUnit.objects.filter(name="Bản Mới").exists()
    client.post(url, {"name": "Bản Mới", "kind": "ban", "households": 10})
    assert OrgUnit.objects.get(name="Bản Mới").households == 10
    page = client.post(url, {"name": "bản mới", "kind": "ban"}).content.decode()
    assert "đã có thôn/bản" in page
