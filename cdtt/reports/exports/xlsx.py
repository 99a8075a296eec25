"""The monthly report as an Excel workbook: official header, one block per table.

Figures are stored as numbers (Excel shows them the Vietnamese way on a Vietnamese system),
so that what is read back equals the database.
"""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from cdtt import safe_files

from .document import MOTTO, NATION, ReportDocument

FONT = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WIDTH = 8  # columns used by the header


def _put(
    sheet,
    row,
    col,
    value,
    *,
    bold=False,
    italic=False,
    underline=False,
    size=13,
    merge_to=None,
    align="center",
):
    cell = safe_files.put(sheet, row, col, value)
    cell.font = Font(
        name=FONT, size=size, bold=bold, italic=italic, underline="single" if underline else None
    )
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if merge_to:
        sheet.merge_cells(start_row=row, start_column=col, end_row=row, end_column=merge_to)
    return cell


def write_xlsx(document: ReportDocument) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Báo cáo"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToHeight = 0
    for col, width in enumerate([28, 16, 14, 12, 14, 12, 14, 10], start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width

    _put(sheet, 1, 1, document.parent_body, merge_to=3)
    _put(sheet, 2, 1, document.issuer, bold=True, merge_to=3)
    _put(sheet, 3, 1, document.number, merge_to=3)
    _put(sheet, 1, 4, NATION, bold=True, merge_to=WIDTH)
    _put(sheet, 2, 4, MOTTO, bold=True, underline=True, merge_to=WIDTH)
    _put(sheet, 3, 4, document.place_date, italic=True, merge_to=WIDTH)
    _put(sheet, 5, 1, document.title, bold=True, size=14, merge_to=WIDTH)
    _put(sheet, 6, 1, document.summary, bold=True, merge_to=WIDTH)

    row = 8
    for table in document.tables:
        _put(sheet, row, 1, table.title, bold=True, merge_to=WIDTH, align="left")
        row += 1
        for col, name in enumerate(table.columns, start=1):
            _put(sheet, row, col, name, bold=True, size=12).border = BOX
        row += 1
        body = [*table.rows, *([table.total] if table.total else [])]
        for number, values in enumerate(body):
            is_total = table.total is not None and number == len(body) - 1
            for col, value in enumerate(values, start=1):
                cell = _put(
                    sheet,
                    row,
                    col,
                    value,
                    bold=is_total,
                    size=12,
                    align="left" if isinstance(value, str) else "right",
                )
                cell.border = BOX
                if isinstance(value, float):
                    cell.number_format = "0.0%"
                elif isinstance(value, int):
                    cell.number_format = "#,##0"
            row += 1
        row += 1
    for heading, lines in document.paragraphs:
        _put(sheet, row, 1, heading, bold=True, merge_to=WIDTH, align="left")
        row += 1
        for line in lines:
            # Unmerged, unwrapped: the text runs on over the empty cells to its right. (A
            # province has thousands of lines; openpyxl checks each merge against all others.)
            cell = _put(sheet, row, 1, line, size=12, align="left")
            cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=False)
            row += 1
        row += 1
    _put(sheet, row, 1, "Nơi nhận:", bold=True, italic=True, size=12, align="left")
    _put(sheet, row, 5, document.signer_title, bold=True, merge_to=WIDTH)
    if document.signer_role:
        _put(sheet, row + 1, 5, document.signer_role, bold=True, merge_to=WIDTH)
    for offset, recipient in enumerate(document.recipients, start=1):
        _put(sheet, row + offset, 1, recipient, size=11, align="left")
    return safe_files.workbook_bytes(workbook)
