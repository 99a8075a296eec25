"""The one safe writer: text never becomes a live formula, and stored text never breaks a file."""

import csv
from datetime import date
from io import BytesIO, StringIO

from django.utils.translation import gettext_lazy
from docx import Document
from openpyxl import Workbook, load_workbook

from cdtt import safe_files

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+2", "-3+4", "@SUM(A1)", "\t=1", "\r=1"]


def read_back(content: bytes) -> list[tuple]:
    sheet = load_workbook(BytesIO(content)).active
    return [tuple((c.value, c.data_type) for c in row) for row in sheet.iter_rows()]


def test_text_that_looks_like_a_formula_comes_back_as_text_from_a_workbook():
    workbook = Workbook()
    for value in HOSTILE:
        safe_files.append(workbook.active, [value, 3])
    rows = read_back(safe_files.workbook_bytes(workbook))
    assert [row[0] for row in rows] == [(v, "s") for v in HOSTILE]
    assert {row[1] for row in rows} == {(3, "n")}


def test_a_formula_put_in_by_hand_is_saved_as_text():
    workbook = Workbook()
    workbook.active["A1"] = "=1+1"
    assert workbook.active["A1"].data_type == "f"
    assert read_back(safe_files.workbook_bytes(workbook)) == [(("=1+1", "s"),)]


def test_control_characters_are_dropped_and_the_workbook_still_saves():
    workbook = Workbook()
    safe_files.put(workbook.active, 1, 1, "Khó khăn\x01\x00 ở\tbản\nMường\ud800")
    assert read_back(safe_files.workbook_bytes(workbook)) == [(("Khó khăn ở\tbản\nMường", "s"),)]


def test_numbers_dates_and_lazy_translations_keep_their_kind():
    workbook = Workbook()
    safe_files.append(workbook.active, [7, 0.25, date(2026, 11, 3), None, gettext_lazy("Member")])
    sheet = load_workbook(BytesIO(safe_files.workbook_bytes(workbook))).active
    values = [c.value for c in sheet[1]]
    assert values[:2] == [7, 0.25] and values[2].date() == date(2026, 11, 3)
    assert values[3] is None and values[4] in ("Thành viên", "Member")


def test_csv_neutralises_formulas_and_opens_with_vietnamese_intact():
    content = safe_files.csv_bytes(
        ["Họ và tên", "Số"], [[v, -2] for v in HOSTILE] + [["Lò\x01 Văn", 5]]
    )
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["Họ và tên", "Số"]
    assert [r[0] for r in rows[1:-1]] == ["'" + v for v in HOSTILE]
    assert [r[1] for r in rows[1:]] == ["-2"] * len(HOSTILE) + ["5"]
    assert rows[-1][0] == "Lò Văn"


def test_word_text_without_control_characters():
    document = Document()
    document.add_paragraph(safe_files.text("Khó khăn\x01\x0b ở bản"))
    buffer = BytesIO()
    document.save(buffer)
    assert Document(BytesIO(buffer.getvalue())).paragraphs[-1].text == "Khó khăn ở bản"
