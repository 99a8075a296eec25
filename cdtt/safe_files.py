"""The one safe writer for every file a person opens (.xlsx, .csv, .docx).

Two promises, whatever text was stored:

- no live formula: a name typed as "=HYPERLINK(…)" comes back out as text. In a workbook,
  every text cell is a string cell (and `workbook_bytes` turns any formula cell that slipped
  through into text); in a CSV, text starting with = + - @ tab or CR gets a leading "'";
- the writer never fails: characters that XML 1.0 cannot hold (control characters other
  than tab and newline, lone surrogates, U+FFFE/U+FFFF) are dropped, so one member's
  "Khó khăn\\x01" cannot make a province's export answer 500.

Writers put values through `cell` (workbooks and CSV) or `text` (Word), or use `append` /
`put`, and save through `workbook_bytes` / `csv_bytes`.
"""

import csv
import re
from collections.abc import Iterable
from io import BytesIO, StringIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

# What an XML 1.0 document cannot contain (tab, LF and CR are allowed).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV_TYPE = "text/csv; charset=utf-8"


def text(value: object) -> str:
    """Any value as text an XML file can hold (Word paragraphs, sheet titles)."""
    return NOT_XML.sub("", "" if value is None else str(value))


def cell(value: object) -> object:
    """A value ready for a workbook cell: numbers, dates and None as they are, text made
    XML-safe (lazy translations become plain text)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if hasattr(value, "isoformat") or type(value).__name__ == "Decimal":
        return value
    return text(value)


def put(sheet: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write one cell; text is always a string cell, never a formula."""
    target = sheet.cell(row=row, column=column)
    target.value = cell(value)
    if isinstance(target.value, str):
        target.data_type = "s"
    return target


def append(sheet: Worksheet, values: Iterable[object]) -> None:
    """Append one row; text is always a string cell, never a formula."""
    sheet.append([cell(v) for v in values])
    for target in sheet[sheet.max_row]:
        if isinstance(target.value, str):
            target.data_type = "s"


def workbook_bytes(workbook: Workbook) -> bytes:
    """Save a workbook; any formula cell left (text put in by hand) becomes text first."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for target in row:
                if target.data_type == "f":
                    target.data_type = "s"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_cell(value: object) -> object:
    """A value for a CSV cell: text made safe against formulas ("'=…"), numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    value = text(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_bytes(header: Iterable[object], rows: Iterable[Iterable[object]]) -> bytes:
    """A CSV file as Excel opens it with Vietnamese intact: UTF-8 with a BOM."""
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
