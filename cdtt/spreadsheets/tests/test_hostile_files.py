"""Hostile spreadsheets are refused before they are parsed, in bounded memory.

Memory is measured here (tracemalloc's peak of what Python allocates while the file is
read); times are not asserted: `make bench` records them.
"""

import re
import tracemalloc
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import Workbook

from cdtt.spreadsheets import Column, read_table

from .bombs import many_rows_bomb, shared_string_bomb

COLUMNS = [
    Column("Họ và tên", ("Họ tên",), required=True, kind="name"),
    Column("Số điện thoại", ("SĐT",), required=True),
]
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def read_measured(content: bytes):
    """Read the file; (the table, the peak of memory allocated meanwhile)."""
    tracemalloc.start()
    try:
        table = read_table(content, COLUMNS, filename="bom.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return table, peak


def test_a_gigabyte_in_one_shared_string_is_refused_in_bounded_memory():
    table, peak = read_measured(shared_string_bomb(gib=1))
    assert [str(e) for e in table.errors] == [
        "Khi giải nén, tệp sẽ chiếm 1.024 MB; một danh sách thành viên nhỏ hơn nhiều (chỉ đọc "
        "tối đa 60 MB). Tệp không được mở."
    ]
    assert peak < 200 * MB, f"{peak / MB:.0f} MB"


def test_ten_million_rows_are_refused_in_bounded_memory():
    table, peak = read_measured(many_rows_bomb(rows=10_000_000))
    assert [str(e) for e in table.errors] == [
        "Khi giải nén, tệp sẽ chiếm 305 MB; một danh sách thành viên nhỏ hơn nhiều (chỉ đọc "
        "tối đa 60 MB). Tệp không được mở."
    ]
    assert peak < 200 * MB, f"{peak / MB:.0f} MB"


def test_a_bomb_under_the_size_limit_is_refused_for_its_packing(settings):
    settings.SPREADSHEET_MAX_UNCOMPRESSED = 2 * 1024 * MB  # as if the size check were off
    table, peak = read_measured(many_rows_bomb(rows=1_000_000))
    assert str(table.errors[0]).startswith("Một phần của tệp bị nén nhỏ hơn nội dung của nó")
    assert peak < 200 * MB


def test_rows_past_the_limit_are_refused_while_streaming(settings):
    settings.SPREADSHEET_MAX_RATIO = 10**6  # as if the packing check were off
    table, peak = read_measured(many_rows_bomb(rows=1_000_000))
    (error,) = [str(e) for e in table.errors]
    assert re.fullmatch(
        r"Trang “Sheet” có dữ liệu đến dòng [\d.]+ hoặc xa hơn; chỉ đọc tối đa 25\.000 dòng\. "
        r"Hãy xoá các dòng thừa bên dưới danh sách \(hoặc chép danh sách sang một tệp mới\) "
        r"rồi tải lên lại\.",
        error,
    )
    assert peak < 200 * MB


def test_a_directory_that_lies_about_sizes_gets_nothing_but_what_it_declared():
    table, peak = read_measured(shared_string_bomb(gib=1, declared=1000))
    assert table.errors and not table.rows
    assert peak < 200 * MB


def test_a_cell_far_to_the_right_is_refused():
    book = Workbook()
    book.active.append(["Họ và tên", "SĐT"])
    book.active["XFD2"] = "x"
    buffer = BytesIO()
    book.save(buffer)
    table, _peak = read_measured(buffer.getvalue())
    assert [str(e) for e in table.errors] == [
        "Trang “Sheet” có dữ liệu đến cột thứ 16.384; chỉ đọc tối đa 100 cột. Hãy xoá các "
        "cột thừa bên phải danh sách rồi tải lên lại."
    ]


def test_a_real_list_passes_the_guard():
    book = Workbook()
    book.active.append(["Họ tên", "SĐT"])
    for number in range(500):
        book.active.append([f"Lò Văn {number}", f"0912{number:06d}"])
    buffer = BytesIO()
    book.save(buffer)
    table, _peak = read_measured(buffer.getvalue())
    assert not table.errors and len(table.rows) == 500
