"""Refusing hostile spreadsheets before they are parsed: bounded time, bounded memory.

An .xlsx is a zip of XML files. Under a 2 MB upload a file can hold a gigabyte of text
(one shared string) or ten million rows: parsing it would hold a worker for minutes and
gigabytes. Before any parser sees it, the archive is checked from its directory (entries,
declared sizes and compression ratio, which Python's zip reader never exceeds), then each
worksheet is streamed once, in chunks, counting its rows, its last row and column and its
merged cells. The limits live in settings (SPREADSHEET_*), sized for the largest real list.
"""

import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext as _

from cdtt.vietnamese import format_number

CHUNK = 1 << 20  # bytes of XML decompressed at a time
KEEP = 4096  # bytes kept between chunks so that a tag cut in two is seen whole
MIB = 1024 * 1024

# One tag of interest: a row, a cell or a merged range, with its attributes.
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|mergeCell)\b([^<>]{0,2000})>")
_REF = re.compile(rb'\br="([A-Z]{1,3})?(\d{1,7})"')
_MERGE = re.compile(rb'\bref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"')


class HostileFile(ValueError):
    """A file refused before parsing, with the message the person reads."""


@dataclass
class SheetShape:
    """What streaming a worksheet's XML found: how big it really is, and its merged cells."""

    rows: int = 0
    last_row: int = 0
    last_column: int = 0
    cells: int = 0
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2


def column_number(letters: bytes | str) -> int:
    """ "A" -> 1, "AB" -> 28."""
    number = 0
    for letter in letters if isinstance(letters, str) else letters.decode():
        number = number * 26 + ord(letter) - 64
    return number


def _mib(size: int) -> str:
    return format_number(size / MIB, 1 if size < 10 * MIB else 0)


def check_size(content: bytes) -> None:
    """Any spreadsheet: its size on disk."""
    if len(content) > settings.SPREADSHEET_MAX_BYTES:
        raise HostileFile(
            _("The file is %(size)s MB; at most %(limit)s MB is read.")
            % {"size": _mib(len(content)), "limit": _mib(settings.SPREADSHEET_MAX_BYTES)}
        )


def check_rows(rows: int, columns: int, sheet: str) -> None:
    """Any sheet of any format: its rows and columns against the limits."""
    if rows > settings.SPREADSHEET_MAX_ROWS:
        raise HostileFile(
            _(
                "Sheet “%(sheet)s” goes down to row %(rows)s or further; at most %(limit)s "
                "rows are read. Delete the empty rows below the list (or copy the list into a "
                "new file) and try again."
            )
            % {
                "sheet": sheet,
                "rows": format_number(rows),
                "limit": format_number(settings.SPREADSHEET_MAX_ROWS),
            }
        )
    if columns > settings.SPREADSHEET_MAX_COLUMNS:
        raise HostileFile(
            _(
                "Sheet “%(sheet)s” goes right to column %(columns)s; at most %(limit)s columns "
                "are read. Delete the empty columns to the right of the list and try again."
            )
            % {
                "sheet": sheet,
                "columns": format_number(columns),
                "limit": format_number(settings.SPREADSHEET_MAX_COLUMNS),
            }
        )


def check_xlsx(content: bytes) -> dict[str, SheetShape]:
    """Check an .xlsx archive; its worksheets' shapes by path ("xl/worksheets/sheet1.xml").

    Raises HostileFile with the reason; zipfile.BadZipFile when it is no zip at all.
    """
    check_size(content)
    archive = zipfile.ZipFile(BytesIO(content))
    entries = archive.infolist()
    if len(entries) > settings.SPREADSHEET_MAX_ENTRIES:
        raise HostileFile(
            _("The file holds %(n)s parts; a spreadsheet has far fewer.")
            % {"n": format_number(len(entries))}
        )
    total = sum(entry.file_size for entry in entries)
    if total > settings.SPREADSHEET_MAX_UNCOMPRESSED:
        raise HostileFile(
            _(
                "Unpacked, the file would take %(size)s MB; a list of members takes far less "
                "(at most %(limit)s MB is read). It was not opened."
            )
            % {"size": _mib(total), "limit": _mib(settings.SPREADSHEET_MAX_UNCOMPRESSED)}
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > MIB and ratio > settings.SPREADSHEET_MAX_RATIO:
            raise HostileFile(
                _(
                    "A part of the file is packed %(ratio)s times smaller than its content, "
                    "as no real list is. It was not opened."
                )
                % {"ratio": format_number(ratio)}
            )
    sheets = [e for e in entries if e.filename.startswith("xl/worksheets/") and
              e.filename.endswith(".xml")]  # fmt: skip
    if len(sheets) > settings.SPREADSHEET_MAX_SHEETS:
        raise HostileFile(
            _("The file has %(n)s sheets; at most %(limit)s are read.")
            % {"n": len(sheets), "limit": settings.SPREADSHEET_MAX_SHEETS}
        )
    titles = _titles(archive)
    shapes = {}
    for entry in sheets:
        title = titles.get(entry.filename, entry.filename.rsplit("/", 1)[-1])
        with archive.open(entry) as stream:
            shapes[entry.filename] = _scan(stream, title)
    return shapes


_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]{1,200})"[^>]*?\bid="([^"]{1,50})"')
_RELATION = re.compile(rb"<(?:\w+:)?Relationship\b([^>]{0,2000})>")
_ATTRIBUTE = re.compile(rb'\b(Id|Target)="([^"]{1,500})"')


def _titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet paths to the titles a person sees on the tabs (for the messages only)."""
    try:
        workbook = archive.read("xl/workbook.xml")
        relations = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for match in _RELATION.finditer(relations):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        if b"Id" in attributes and b"Target" in attributes:
            target = attributes[b"Target"].decode(errors="replace").lstrip("/")
            targets[attributes[b"Id"]] = target if target.startswith("xl/") else "xl/" + target
    titles = {}
    for name, relation in _SHEET.findall(workbook):
        if relation in targets:
            titles[targets[relation]] = name.decode(errors="replace").replace("&amp;", "&")
    return titles


def _scan(stream, name: str) -> SheetShape:
    """Stream one worksheet's XML once, refusing as soon as a limit is passed."""
    shape = SheetShape()
    max_rows, max_columns = settings.SPREADSHEET_MAX_ROWS, settings.SPREADSHEET_MAX_COLUMNS
    max_cells = max_rows * max_columns
    buffer = b""
    while True:
        chunk = stream.read(CHUNK)
        final = not chunk
        buffer += chunk
        limit = len(buffer) if final else max(len(buffer) - KEEP, 0)
        keep_from = limit
        for match in _TAG.finditer(buffer):
            if match.end() > limit:
                keep_from = match.start()
                break
            kind, attributes = match.group(1), match.group(2)
            if kind == b"c":
                shape.cells += 1
                ref = _REF.search(attributes)
                if ref and ref.group(1):
                    shape.last_column = max(shape.last_column, column_number(ref.group(1)))
            elif kind == b"row":
                shape.rows += 1
                ref = _REF.search(attributes)
                shape.last_row = max(shape.last_row, int(ref.group(2)) if ref else shape.rows)
            else:
                merge = _MERGE.search(attributes)
                if merge:
                    first_row, first_column = int(merge.group(2)), column_number(merge.group(1))
                    last_row = int(merge.group(4) or first_row)
                    last_column = column_number(merge.group(3) or merge.group(1))
                    shape.merges.append((first_row, first_column, last_row, last_column))
                    if len(shape.merges) > max_rows:
                        check_rows(len(shape.merges), 0, name)
        check_rows(max(shape.last_row, shape.rows), shape.last_column, name)
        if shape.cells > max_cells:
            check_rows(max_rows + 1, 0, name)
        if final:
            break
        buffer = buffer[keep_from:]
    # A merged range past the data would stretch the grid: bounded like the data.
    for _first_row, _first_column, last_row, last_column in shape.merges:
        check_rows(last_row, last_column, name)
    return shape
