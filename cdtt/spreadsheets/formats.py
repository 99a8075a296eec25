"""The cells of every sheet of an .xlsx, .xls or .csv file, merged cells filled in.

Whatever the format, a sheet becomes a Grid: its title and its rows as lists of values,
where every cell of a merged range holds the value of the range's first cell (a village
written once beside its ten members belongs to all ten). Every format goes through the
guard first.
"""

import csv
import zipfile
from dataclasses import dataclass, field
from io import BytesIO, StringIO

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from . import guard

XLSX_ADVICE = "Mở tệp bằng Excel và Lưu thành .xlsx"


class UnreadableFile(ValueError):
    """A file that is not a spreadsheet we read, with what to do about it."""


@dataclass
class Grid:
    """One sheet: its title, its rows of values (None for empty), numbered from 1."""

    title: str
    rows: list[list] = field(default_factory=list)
    hidden: bool = False


def _save_as_xlsx() -> str:
    return _("Open the file in Excel and save it as .xlsx (“%(advice)s”), then try again.") % {
        "advice": XLSX_ADVICE
    }


def read_grids(content: bytes, filename: str = "") -> list[Grid]:
    """Every sheet of the file; HostileFile or UnreadableFile with the reason."""
    guard.check_size(content)
    name = filename.lower()
    if content[:4] == b"PK\x03\x04":
        if name.endswith((".ods", ".numbers")):
            raise UnreadableFile(_("This is not an Excel file.") + " " + _save_as_xlsx())
        return _xlsx(content)
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return _xls(content)
    if name.endswith((".csv", ".txt")) or not name:
        return [_csv(content, filename or "CSV")]
    raise UnreadableFile(_("The file is not an Excel workbook.") + " " + _save_as_xlsx())


def _fill_merges(rows: list[list], merges: list[tuple[int, int, int, int]]) -> None:
    """Copy each merged range's first value into every cell of the range (1-based ranges)."""
    for first_row, first_column, last_row, last_column in merges:
        if first_row > len(rows):
            continue
        top = rows[first_row - 1]
        value = top[first_column - 1] if first_column <= len(top) else None
        if value is None:
            continue
        for number in range(first_row, min(last_row, len(rows)) + 1):
            row = rows[number - 1]
            if len(row) < last_column:
                row.extend([None] * (last_column - len(row)))
            for column in range(first_column, last_column + 1):
                if row[column - 1] is None:
                    row[column - 1] = value


def _xlsx(content: bytes) -> list[Grid]:
    try:
        shapes = guard.check_xlsx(content)
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except guard.HostileFile:
        raise
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError,
            TypeError) as error:  # fmt: skip
        raise UnreadableFile(
            _("The file is not an Excel (.xlsx) workbook, or it is damaged.")
            + " "
            + _save_as_xlsx()
        ) from error
    grids = []
    try:
        for sheet in workbook.worksheets:
            if not hasattr(sheet, "iter_rows"):
                continue  # a chart sheet
            shape = shapes.get(getattr(sheet, "_worksheet_path", "").lstrip("/"))
            if shape is None or not shape.rows:
                grids.append(Grid(sheet.title, [], sheet.sheet_state != "visible"))
                continue
            rows = [
                list(values)
                for values in sheet.iter_rows(
                    max_row=shape.last_row, max_col=max(shape.last_column, 1), values_only=True
                )
            ]
            _fill_merges(rows, shape.merges)
            grids.append(Grid(sheet.title, rows, sheet.sheet_state != "visible"))
    finally:
        workbook.close()
    return grids


def _xls(content: bytes) -> list[Grid]:
    """An old Excel 97–2003 file, read with xlrd (its size on disk bounds what it holds)."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=content, formatting_info=True, on_demand=True)
    except Exception as error:  # xlrd raises many kinds on a damaged or foreign file
        raise UnreadableFile(
            _("The .xls file could not be read.") + " " + _save_as_xlsx()
        ) from error
    grids = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            guard.check_rows(sheet.nrows, sheet.ncols, sheet.name)
            rows = []
            for number in range(sheet.nrows):
                row: list[object] = []
                for cell in sheet.row(number):
                    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        row.append(None)
                    elif cell.ctype == xlrd.XL_CELL_DATE:
                        row.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                    elif cell.ctype == xlrd.XL_CELL_ERROR:
                        row.append(None)
                    else:
                        row.append(cell.value)
                rows.append(row)
            merges = [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in sheet.merged_cells]
            _fill_merges(rows, merges)
            grids.append(Grid(sheet.name, rows, sheet.visibility != 0))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return grids


def _csv(content: bytes, title: str) -> Grid:
    """A CSV file in UTF-8 (with or without the BOM Excel writes); comma, semicolon or tab."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            _(
                "The CSV file is not in UTF-8. In Excel choose “Save as”, then “CSV UTF-8”, "
                "or save it as .xlsx."
            )
        ) from error
    if "\x00" in text:
        raise UnreadableFile(_("The file is not a CSV text file.") + " " + _save_as_xlsx())
    sample = text[:20_000]
    counts = {d: sample.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=counts.get)
    reader = csv.reader(StringIO(text), delimiter=delimiter)
    rows = []
    for row in reader:
        rows.append([value if value.strip() else None for value in row])
        if len(rows) > guard.settings.SPREADSHEET_MAX_ROWS:
            guard.check_rows(len(rows), 0, title)
        if len(row) > guard.settings.SPREADSHEET_MAX_COLUMNS:
            guard.check_rows(0, len(row), title)
    return Grid(title, rows)
