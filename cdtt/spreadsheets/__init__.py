"""Reading lists as communes really keep them: tolerant reading, strict checking.

Every import (villages, members…) reads through `read_table`, so that every file gets the
same guard against hostile archives (`guard`), the same formats (.xlsx, .xls, UTF-8 CSV:
`formats`), the same conversion of old font encodings (`legacy`) and the same layout rules
(`layout`: the header found by its names and synonyms, numbering, section, total and footer
rows skipped and said why). What each import then checks, it reports with its row number.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import layout, legacy
from .formats import XLSX_ADVICE, UnreadableFile, read_grids
from .guard import HostileFile
from .layout import Column, header_key

__all__ = [
    "XLSX_ADVICE", "Column", "HostileFile", "Row", "RowError", "Skipped", "Table",
    "UnreadableFile", "header_key", "parse_count", "read_table",
]  # fmt: skip

MAX_ROWS = 20_000  # members or villages in one file


@dataclass
class RowError:
    """One problem in one row: shown as "Trang “Bản A”, dòng 7, cột “Số hộ” (“-3”): …"."""

    row: int
    message: str
    column: str = ""
    value: object = None
    sheet: str = ""

    def __str__(self) -> str:
        parts = []
        if self.sheet:
            parts.append(_("sheet “%(sheet)s”") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("column “%(column)s”") % {"column": self.column})
        where = ", ".join(parts)
        where = where[:1].upper() + where[1:]
        if self.value not in (None, ""):
            where += f" (“{self.value}”)"
        return f"{where}: {self.message}" if where else self.message


@dataclass
class Row:
    """A data row: its number in the sheet, the sheet (when several were read), its values
    by column name, and the title of the section it sits in ("" when none)."""

    number: int
    values: dict
    sheet: str = ""
    section: str = ""

    def get(self, name: str, default=None):
        return self.values.get(name, default)


@dataclass
class Skipped:
    """A row that is not data, and why (shown in the preview)."""

    number: int
    why: str
    sheet: str = ""


@dataclass
class Table:
    """What a file holds: its data rows, or why it cannot be read."""

    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    sheets_read: list[str] = field(default_factory=list)
    sheets_ignored: list[tuple[str, str]] = field(default_factory=list)
    columns_found: set[str] = field(default_factory=set)

    @property
    def several_sheets(self) -> bool:
        return len(self.sheets_read) > 1


Progress = Callable[[int, int, str], None]


def read_table(
    content: bytes, columns: list[Column], *, filename: str = "", progress: Progress | None = None
) -> Table:
    """Every data row of every sheet that has the header; never raises on a bad file."""
    table = Table()
    try:
        grids = read_grids(content, filename)
    except (HostileFile, UnreadableFile) as error:
        table.errors.append(RowError(0, str(error)))
        return table
    closest: list[tuple[str, layout.Header]] = []
    total = sum(len(g.rows) for g in grids)
    done = 0
    for grid in grids:
        if grid.hidden:
            if grid.rows:
                table.sheets_ignored.append((grid.title, _("hidden sheet")))
            continue
        _convert_legacy(grid, table)
        header, near = layout.find_header(grid.rows, columns)
        if header is None:
            named = (
                near is not None
                and len(near.columns) >= 2
                and any(c.kind == "name" for c in near.columns.values())
            )
            if named:
                closest.append((grid.title, near))
            elif any(any(v is not None for v in row) for row in grid.rows):
                table.sheets_ignored.append((grid.title, _("no header row with the columns")))
            continue
        table.sheets_read.append(grid.title)
        table.columns_found.update(c.name for c in header.columns.values())
        _read_rows(grid, header, columns, table)
        done += len(grid.rows)
        if progress:
            progress(done, total, _("Reading sheet “%(sheet)s”") % {"sheet": grid.title})
    for title, near in closest:
        for column in near.missing(columns):
            hint = layout.closest_label(near, column)
            message = _(
                "No column “%(column)s” in the header (row %(row)s); other names it may have: "
                "%(names)s."
            ) % {
                "column": column.name,
                "row": near.row,
                "names": ", ".join(f"“{s}”" for s in column.synonyms[:6]),
            }
            if hint:
                message += " " + _("The closest header found is “%(hint)s”.") % {"hint": hint}
            table.errors.append(RowError(0, message, sheet=title))
    if not table.sheets_read and not table.errors:
        required = ", ".join(f"“{c.name}”" for c in columns if c.required)
        table.errors.append(
            RowError(
                0,
                _("No header row with the columns %(columns)s was found in any sheet.")
                % {"columns": required},
            )
        )
    if not table.several_sheets:  # one sheet: messages name the row alone
        for row in table.rows:
            row.sheet = ""
        for skipped in table.skipped:
            skipped.sheet = ""
    if len(table.rows) > MAX_ROWS:
        table.errors.append(RowError(0, _("Too many rows (at most %(n)s).") % {"n": MAX_ROWS}))
    return table


def _convert_legacy(grid, table: Table) -> None:
    """Text typed in TCVN3 or VNI fonts becomes Unicode, and the importer is told."""
    texts = [v for row in grid.rows for v in row if isinstance(v, str) and v.strip()]
    encoding = legacy.detect(texts[:5000])
    if encoding is None:
        return
    for row in grid.rows:
        for index, value in enumerate(row):
            if isinstance(value, str) and not any(ord(c) > 0xFF for c in value):
                row[index] = legacy.to_unicode(value, encoding)
    table.warnings.append(
        _(
            "Sheet “%(sheet)s” was typed in the old %(encoding)s font encoding: its text was "
            "converted to Unicode. Check the names in the preview."
        )
        % {"sheet": grid.title, "encoding": legacy.FONT_NAMES[encoding]}
    )


def _clean(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _read_rows(grid, header: layout.Header, columns: list[Column], table: Table) -> None:
    indexes = {column.name: index for index, column in header.columns.items()}
    name_index = next((i for i, c in header.columns.items() if c.kind == "name"), None)
    data_indexes = {i for i, c in header.columns.items() if c.kind not in ("name", "number",
                                                                          "place")}  # fmt: skip
    header_texts = set(header.labels.values())
    section = ""
    in_footer = False
    for number in range(header.row + 1, len(grid.rows) + 1):
        values = grid.rows[number - 1]
        texts = layout.texts_of(values)
        if not texts:
            continue

        def skip(kind, detail="", number=number):
            table.skipped.append(Skipped(number, layout.reason(kind, detail), grid.title))

        if in_footer or layout.is_footer(texts):
            in_footer = True
            skip(layout.FOOTER, texts[0][:60])
            continue
        if layout.is_numbering(texts):
            skip(layout.NUMBERING)
            continue
        if sum(1 for t in texts if t in header_texts) >= max(2, len(texts) // 2):
            skip(layout.REPEATED_HEADER)
            continue
        if layout.is_total(texts):
            skip(layout.TOTAL, texts[0][:60])
            continue
        title = layout.section_title(values, texts, data_indexes, name_index)
        if title is not None:
            section = title
            skip(layout.SECTION, title[:60])
            continue
        record = {
            name: _clean(values[index]) if index < len(values) else None
            for name, index in indexes.items()
        }
        table.rows.append(Row(number, record, grid.title, section))


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
