"""The monthly report as a Word document in the administrative format of Decree 30/2020:
A4, margins 20 mm top and bottom, 30 mm left, 15 mm right, Times New Roman 13–14."""

from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cdtt import safe_files
from cdtt.vietnamese import format_number

from .document import MOTTO, NATION, ReportDocument

FONT = "Times New Roman"


def _text(
    paragraph,
    text,
    *,
    bold=False,
    italic=False,
    underline=False,
    size=13,
    align=WD_ALIGN_PARAGRAPH.CENTER,
):
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(safe_files.text(text))
    # Only what differs from the Normal style (Times New Roman, plain): each property set
    # is an element in the file and time spent on every cell of a province's tables.
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    if size != 13:
        run.font.size = Pt(size)
    return run


def _widths(table, widths) -> None:
    """Column widths that Word and LibreOffice both honour (set on every cell)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def _cell_value(value) -> str:
    if isinstance(value, float):
        return format_number(value * 100, 1) + "%"
    if isinstance(value, int):
        return format_number(value)
    return str(value)


def write_docx(document: ReportDocument) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)

    header = doc.add_table(rows=3, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(header, [Mm(62), Mm(103)])
    left, right = header.columns[0].cells, header.columns[1].cells
    _text(left[0].paragraphs[0], document.parent_body, size=13)
    _text(left[1].paragraphs[0], document.issuer, bold=True, size=13)
    _text(left[2].paragraphs[0], document.number, size=13)
    _text(right[0].paragraphs[0], NATION, bold=True, size=12)
    _text(right[1].paragraphs[0], MOTTO, bold=True, underline=True, size=14)
    _text(right[2].paragraphs[0], document.place_date, italic=True, size=14)

    doc.add_paragraph()
    _text(doc.add_paragraph(), document.title, bold=True, size=14)
    _text(doc.add_paragraph(), document.summary, bold=True, size=14)
    doc.add_paragraph()

    for table in document.tables:
        _text(doc.add_paragraph(), table.title, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        body = [*table.rows, *([table.total] if table.total else [])]
        grid = doc.add_table(rows=1 + len(body), cols=len(table.columns))
        grid.style = "Table Grid"
        first = Mm(52) if len(table.columns) > 3 else Mm(75)
        rest = (Mm(165) - first) // max(1, len(table.columns) - 1)
        _widths(grid, [first] + [rest] * (len(table.columns) - 1))
        # Each row's cells read once: indexing table.rows rebuilds the list (quadratic).
        rows = list(grid.rows)
        for cell, name in zip(rows[0].cells, table.columns, strict=True):
            _text(cell.paragraphs[0], name, bold=True, size=12)
        for number, (row, values) in enumerate(zip(rows[1:], body, strict=True), start=1):
            is_total = table.total is not None and number == len(body)
            for cell, value in zip(row.cells, values, strict=True):
                _text(
                    cell.paragraphs[0],
                    _cell_value(value),
                    bold=is_total,
                    size=12,
                    align=WD_ALIGN_PARAGRAPH.LEFT
                    if isinstance(value, str)
                    else WD_ALIGN_PARAGRAPH.RIGHT,
                )
        doc.add_paragraph()
    for heading, lines in document.paragraphs:
        _text(doc.add_paragraph(), heading, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for line in lines:
            _text(doc.add_paragraph(), line, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    doc.add_paragraph()
    footer = doc.add_table(rows=1, cols=2)
    _widths(footer, [Mm(80), Mm(85)])
    left, right = footer.rows[0].cells
    _text(
        left.paragraphs[0],
        "Nơi nhận:",
        bold=True,
        italic=True,
        size=12,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    for recipient in document.recipients:
        _text(left.add_paragraph(), recipient, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _text(right.paragraphs[0], document.signer_title, bold=True, size=13)
    if document.signer_role:
        _text(right.add_paragraph(), document.signer_role, bold=True, size=13)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
