"""Where a list sits in a sheet as communes lay it out: the header, and what is not a row.

Commune lists open with the issuing body and a title, have a header of one or two rows
(“Thông tin thành viên” over its columns, “Giới tính” over “Nam” and “Nữ”), a numbering row
“(1) (2) …”, section rows naming a village (“I. BẢN NÀ SÀI”), totals, and a footer with the
date and signatures. This module finds the header by the columns' names and their synonyms
(folded for case, accents, spacing, line breaks and punctuation) and sorts every row below
it into data, or skipped with the reason.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cdtt.vietnamese import fold

HEADER_SEARCH_ROWS = 40


@dataclass(frozen=True)
class Column:
    """A column a list may have: its name in our template and the other names people use."""

    name: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    kind: str = ""  # "name", "number" or "place": cells a section title may fill

    @property
    def keys(self) -> set[str]:
        return {header_key(text) for text in (self.name, *self.synonyms)}


def header_key(text: object) -> str:
    """A header as compared: "Thôn / bản", "THÔN,\\nBẢN" and "thôn-bản" are all "thon ban"."""
    folded = fold(str(text or ""))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def _without_brackets(text: str) -> str:
    """ "Số ĐT (di động)" -> "so dt": what a header adds in brackets does not name it."""
    return header_key(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text))


@dataclass
class Header:
    """The header found: its last row and which column of the sheet holds which Column."""

    row: int
    columns: dict[int, Column]
    labels: dict[int, str]  # every header cell's text, for the closest-name hint

    def missing(self, wanted: list[Column]) -> list[Column]:
        found = set(self.columns.values())
        return [c for c in wanted if c.required and c not in found]


def _lookup(columns: list[Column]) -> dict[str, Column]:
    table: dict[str, Column] = {}
    for column in columns:
        for key in column.keys:
            table.setdefault(key, column)
    return table


def _text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def _match_row(rows: list[list], number: int, lookup: dict[str, Column]) -> Header:
    """Columns named by row `number` alone, or by the row above it over it (two-row header)."""
    row = rows[number - 1]
    above = rows[number - 2] if number > 1 else []
    columns: dict[int, Column] = {}
    labels: dict[int, str] = {}
    for index in range(max(len(row), len(above))):
        child = _text(row[index]) if index < len(row) else ""
        parent = _text(above[index]) if index < len(above) else ""
        if child:
            labels[index] = child
        candidates = [child, f"{parent} {child}", parent] if child else [parent]
        for text in candidates:
            key = header_key(text)
            column = lookup.get(key) or lookup.get(_without_brackets(text))
            if key and column is not None and column not in columns.values():
                columns[index] = column
                break
    return Header(number, columns, labels)


def find_header(rows: list[list], wanted: list[Column]) -> tuple[Header | None, Header | None]:
    """(the header, None) or (None, the closest row to a header, for the message)."""
    lookup = _lookup(wanted)
    required = [c for c in wanted if c.required]
    best = None
    for number in range(1, min(len(rows), HEADER_SEARCH_ROWS) + 1):
        header = _match_row(rows, number, lookup)
        if not header.missing(wanted):
            # A second header row below may split a column (“Giới tính” into “Nam”, “Nữ”).
            if number < len(rows):
                below = _match_row(rows, number + 1, lookup)
                if not below.missing(wanted) and len(below.columns) > len(header.columns):
                    return below, None
            return header, None
        found_required = sum(1 for c in required if c in header.columns.values())
        if best is None or (found_required, len(header.columns)) > best[0]:
            best = ((found_required, len(header.columns)), header)
    return None, (best[1] if best else None)


def closest_label(header: Header, column: Column) -> str:
    """The header text of the sheet most like the column's names ("" when none is close)."""
    unused = {
        header_key(text): text for index, text in header.labels.items()
        if index not in header.columns
    }  # fmt: skip
    best, best_ratio = "", 0.55
    for key in column.keys:
        for candidate, text in unused.items():
            ratio = difflib.SequenceMatcher(None, key, candidate).ratio()
            if ratio > best_ratio:
                best, best_ratio = text, ratio
    return best


# Rows that are not members -------------------------------------------------------------

NUMBERING = "numbering"
SECTION = "section"
TOTAL = "total"
FOOTER = "footer"
REPEATED_HEADER = "header"

_NUMBER_CELL = re.compile(r"^\(?\s*(\d{1,2}|[A-Za-z])\s*\)?$")
_SECTION_START = re.compile(r"^\s*(?:[IVXLC]{1,6}|[A-Za-z]|\d{1,2})\s*[.):/-]\s*(\S.*)$")
_TOTAL_WORDS = ("tong cong", "tong so", "tong", "cong")
_FOOTER_EXACT = {
    "nguoi lap bieu", "nguoi lap", "nguoi lap danh sach", "nguoi ky", "chu tich",
    "pho chu tich", "truong ban", "pho truong ban", "thu truong don vi", "giam doc",
    "bi thu", "xac nhan", "noi nhan", "ky ten", "ky ghi ro ho ten", "ky va ghi ro ho ten",
    "ky ten dong dau", "ky ghi ro ho ten dong dau", "to truong", "lanh dao duyet",
}  # fmt: skip
_FOOTER_START = ("tm ", "kt ", "tl ", "xac nhan ", "noi nhan", "ky ")
_DATE_LINE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")
_DIGITS = re.compile(r"\d")


def texts_of(values: list) -> list[str]:
    """The non-empty cells of a row as single-spaced text."""
    return [text for text in (_text(v) for v in values if v is not None) if text]


def is_numbering(texts: list[str]) -> bool:
    """ "(1) (2) (3) …" or "A B C …" under an official header (`texts`: the row's texts)."""
    if len(texts) < 3 or not all(_NUMBER_CELL.match(t) for t in texts):
        return False
    numbers = [int(_NUMBER_CELL.match(t).group(1)) for t in texts if
               _NUMBER_CELL.match(t).group(1).isdigit()]  # fmt: skip
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def is_total(texts: list[str]) -> bool:
    """A "Tổng cộng" row."""
    if not texts:
        return False
    first = header_key(texts[0])
    return any(first == word or first.startswith(word + " ") for word in _TOTAL_WORDS)


def is_footer(texts: list[str]) -> bool:
    """The date line or a signature title: the list has ended."""
    if not texts or len(set(texts)) > 4:
        return False
    if any(len(_DIGITS.findall(t)) >= 9 for t in texts):
        return False  # a phone number: someone's row
    for text in texts:
        key = header_key(text)
        if key in _FOOTER_EXACT or key.startswith(_FOOTER_START) or _DATE_LINE.search(key):
            return True
    return False


_PLACE_WORDS = ("thon", "ban", "to dan pho", "tdp", "khoi", "ap", "xom", "lang", "khu", "doi",
                "xa", "phuong", "dac khu", "to")  # fmt: skip


def section_title(
    values: list, texts: list[str], data_indexes: set[int], name_index: int | None
) -> str | None:
    """The title of a section row ("I. BẢN NÀ SÀI" -> "BẢN NÀ SÀI"), or None.

    A section row holds one text (often merged across the row), or a numbering mark and a
    title, and nothing in the columns a member's row fills (phone, year, role…).
    """
    distinct = list(dict.fromkeys(texts))
    merged_across = len(distinct) == 1 and len(texts) > 1
    if not merged_across and any(_text(values[i]) for i in data_indexes if i < len(values)):
        return None
    if len(distinct) == 1:
        text = distinct[0]
        match = _SECTION_START.match(text)
        if match:
            return match.group(1).strip()
        key = header_key(text)
        names_a_place = any(key.startswith(word + " ") for word in _PLACE_WORDS)
        alone_in_name = (
            len(texts) == 1 and name_index is not None and name_index < len(values)
            and _text(values[name_index]) == text
        )  # fmt: skip
        if alone_in_name and text != text.upper() and not names_a_place:
            return None  # a member with nothing but a name: checked as a member
        return text
    if len(distinct) == 2 and re.fullmatch(r"[IVXLC]{1,6}[.)]?|[A-Za-z][.)]?", distinct[0]):
        return distinct[1]
    return None


def reason(kind: str, detail: str = "") -> str:
    """Why a row was skipped, as the preview says it."""
    text = {
        NUMBERING: _("numbering of the columns"),
        SECTION: _("section title"),
        TOTAL: _("total"),
        FOOTER: _("below the list (date, signatures)"),
        REPEATED_HEADER: _("the header repeated"),
    }[kind]
    return f"{text}: “{detail}”" if detail else text
