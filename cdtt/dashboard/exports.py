"""Every dashboard table as CSV (UTF-8 with a BOM, which Excel needs for Vietnamese) and as
an Excel workbook: numbers stay numbers, shares are percentages, dates are dates."""

from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from cdtt import safe_files

from .tables import DATE, SHARE, TEXT, Table

CONTENT_TYPES = {"csv": safe_files.CSV_TYPE, "xlsx": safe_files.XLSX_TYPE}


def _csv_value(value, kind: str, empty: str = ""):
    if value is None:
        return str(empty)
    if kind == SHARE:
        return f"{value * 100:.1f}"
    if kind == DATE:
        return value.isoformat()
    if kind == TEXT:
        return str(value)
    return value


def as_csv(table: Table) -> bytes:
    return safe_files.csv_bytes(
        [str(c.label) + (" (%)" if c.kind == SHARE else "") for c in table.columns],
        (
            [_csv_value(row.get(c.key), c.kind, c.empty) for c in table.columns]
            for row in table.rows
        ),
    )


def _xlsx_value(value, column):
    if value is None:
        return str(column.empty) if column.empty else None
    return str(value) if column.kind == TEXT else value


def as_xlsx(table: Table, heading: str) -> bytes:
    """One sheet: the table's title and what it covers, the header, the rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = safe_files.text(table.name)[:31]
    safe_files.append(sheet, [table.title])
    safe_files.append(sheet, [heading])
    sheet["A1"].font = Font(bold=True, size=13)
    safe_files.append(sheet, [c.label for c in table.columns])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in table.rows:
        safe_files.append(
            sheet,
            [_xlsx_value(row.get(c.key), c) for c in table.columns],
        )
        for column, cell in zip(table.columns, sheet[sheet.max_row], strict=True):
            if column.kind == SHARE:
                cell.number_format = "0.0%"
            elif column.kind == DATE and isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    for index, column in enumerate(table.columns, start=1):
        width = max(
            [len(str(column.label))] + [len(str(r.get(column.key) or "")) for r in table.rows]
        )
        sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = min(
            48, width + 2
        )
    return safe_files.workbook_bytes(workbook)
