"""Reading Excel lists as communes really keep them: columns found by header, errors by row.

Every import (villages, members…) reads through here, so that headers are matched the same
way (case, accents and spacing ignored) and every error names its row, column and value.
"""

from dataclasses import dataclass, field
from io import BytesIO
from zipfile import BadZipFile

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from cdtt.vietnamese import fold

MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 10


@dataclass
class RowError:
    """One problem in one row: shown to the user as "Dòng 7, cột Số hộ (‘-3’): …"."""

    row: int
    message: str
    column: str = ""
    value: object = None

    def __str__(self) -> str:
        where = _("Row %(row)s") % {"row": self.row}
        if self.column:
            where += ", " + _("column “%(column)s”") % {"column": self.column}
        if self.value not in (None, ""):
            where += f" (“{self.value}”)"
        return f"{where}: {self.message}"


@dataclass
class Sheet:
    """The data rows of a sheet as {header: value} dicts with their Excel row numbers."""

    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_sheet(content: bytes, required: list[str], optional: list[str] = ()) -> Sheet:
    """Find the header row (within the first rows), map columns by header, return the rows.

    Blank rows are skipped; a title line above the header (common in commune files) is fine.
    """
    sheet = Sheet()
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError, TypeError):
        sheet.errors.append(RowError(0, _("The file is not an Excel (.xlsx) workbook.")))
        return sheet
    worksheet = workbook.worksheets[0]
    wanted = {fold(name): name for name in [*required, *optional]}
    rows = worksheet.iter_rows(values_only=True)
    columns: dict[int, str] = {}
    header_row = 0
    for number, values in enumerate(rows, start=1):
        found = {
            i: wanted[fold(str(v))]
            for i, v in enumerate(values)
            if v is not None and fold(str(v)) in wanted
        }
        if set(found.values()) >= set(required):
            columns, header_row = found, number
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if not columns:
        missing = ", ".join(f"“{name}”" for name in required)
        sheet.errors.append(
            RowError(
                0, _("No header row with the columns %(columns)s was found.") % {"columns": missing}
            )
        )
        workbook.close()
        return sheet
    for number, values in enumerate(rows, start=header_row + 1):
        record = {
            name: _clean(values[i]) if i < len(values) else None for i, name in columns.items()
        }
        if all(v in (None, "") for v in record.values()):
            continue
        if len(sheet.rows) >= MAX_ROWS:
            sheet.errors.append(
                RowError(number, _("Too many rows (at most %(n)s).") % {"n": MAX_ROWS})
            )
            break
        sheet.rows.append((number, record))
    workbook.close()
    return sheet


def _clean(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def parse_count(value: object) -> int | None:
    """A whole, non-negative number from a cell ("1.234", 1234.0 and "1 234" alike), or None.

    Raises ValueError with a message when the cell holds something else.
    """
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValueError(_("must be a whole number"))
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(_("must be a whole number"))
        value = int(value)
    if isinstance(value, str):
        digits = value.replace(".", "").replace(",", "").replace(" ", "")
        if not digits.lstrip("-").isdigit():
            raise ValueError(_("must be a whole number"))
        value = int(digits)
    if not isinstance(value, int):
        raise ValueError(_("must be a whole number"))
    if value < 0:
        raise ValueError(_("cannot be negative"))
    if value > 10_000_000:
        raise ValueError(_("is impossibly large"))
    return value
