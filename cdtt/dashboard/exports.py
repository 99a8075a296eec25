"""Every dashboard table as CSV (UTF-8 with a BOM, which Excel needs for Vietnamese) and as
an Excel workbook: numbers stay numbers, shares are percentages, dates are dates."""

import csv
from datetime import date
from io import BytesIO, StringIO

from openpyxl import Workbook
from openpyxl.styles import Font

from .tables import DATE, SHARE, TEXT, Table

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value) -> str:
    """A name typed as "=HYPERLINK(…)" stays text in a spreadsheet (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_value(value, kind: str):
    if value is None:
        return ""
    if kind == SHARE:
        return f"{value * 100:.1f}"
    if kind == DATE:
        return value.isoformat()
    if kind == TEXT:
        return _text(value)
    return value


def as_csv(table: Table) -> bytes:
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow([str(c.label) + (" (%)" if c.kind == SHARE else "") for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(row.get(c.key), c.kind) for c in table.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(table: Table, heading: str) -> bytes:
    """One sheet: the table's title and what it covers, the header, the rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(table.name)[:31]
    sheet.append([str(table.title)])
    sheet.append([heading])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([str(c.label) for c in table.columns])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([row.get(column.key) for column in table.columns])
        for column, cell in zip(table.columns, sheet[sheet.max_row], strict=True):
            if column.kind == SHARE:
                cell.number_format = "0.0%"
            elif column.kind == DATE and isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
            elif column.kind == TEXT and cell.value is not None:
                cell.value, cell.data_type = str(cell.value), "s"  # never a formula
    for index, column in enumerate(table.columns, start=1):
        width = max(
            [len(str(column.label))] + [len(str(r.get(column.key) or "")) for r in table.rows]
        )
        sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = min(
            48, width + 2
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
