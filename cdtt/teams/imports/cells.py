"""One row of a member list in stored form, with messages a clerk can act on.

The rules are the pages' rules (`teams.rules`); this module only reads what lists hold
around them: "(Zalo)" after a number, two numbers in one cell, the old 11-digit numbers,
"Nam"/"Nữ" columns marked with "x" or holding the birth year, roles written long-hand.
"""

import functools
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cdtt.text import line
from cdtt.vietnamese import fold, renumbered_phone

from .. import rules
from ..models import Gender
from .columns import (
    COLUMN_AFFILIATION,
    COLUMN_BIRTH_YEAR,
    COLUMN_ETHNICITY,
    COLUMN_FEMALE,
    COLUMN_GENDER,
    COLUMN_MALE,
    COLUMN_NAME,
    COLUMN_PHONE,
    COLUMN_ROLE,
)  # fmt: skip


@dataclass
class Cells:
    """A row's person fields and role, the cells refused (column, value, message) and the
    warnings (column, value, message) the preview shows."""

    person: dict = field(default_factory=dict)
    role: str = ""
    refused: list[tuple[str, object, str]] = field(default_factory=list)
    warnings: list[tuple[str, object, str]] = field(default_factory=list)


_STRONG_SEPARATORS = re.compile(r"[,;/\n\\|]|\s[-–]\s|\s(?:và|hoặc|hoac|va)\s", re.IGNORECASE)
_NOTE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_PHONE = re.compile(r"[^\d+\s.\-]")


def parse_phone_cell(value: object) -> tuple[str | None, str]:
    """(phone, warning) from a cell; ValueError saying what is wrong and what to do."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = line(value)  # a control character is named as such, invisible ones dropped
    if not text:
        return None, ""
    parts = [_NOT_PHONE.sub(" ", _NOTE.sub(" ", p)) for p in _STRONG_SEPARATORS.split(text)]
    numbers = ["".join(re.findall(r"[\d+]", p)) for p in parts]
    numbers = [n for n in numbers if len(n.lstrip("+")) >= 6]
    if len(numbers) == 1 and len(numbers[0]) >= 18:
        numbers = ["first", "second"]  # two numbers typed with only a space between them
    if len(numbers) > 1:
        raise ValueError(
            _(
                "two phone numbers in one cell: keep one in “Số điện thoại” and write the "
                "other in the notes column"
            )
        )
    if not numbers:
        raise ValueError(_("not a phone number; leave the cell empty if there is none"))
    number = numbers[0]
    try:
        return rules.parse_phone(number), ""
    except ValueError:
        pass
    new = renumbered_phone(number)
    if new is not None:
        return new, _("old 11-digit number: stored as %(new)s, the number it became in 2018") % {
            "new": new
        }
    digits = number.lstrip("+")
    if digits.startswith("02") and len(digits) == 11:
        raise ValueError(_("a landline number: only a mobile number is kept; leave the cell empty"))
    if len(digits) not in (9, 10, 11, 12):
        raise ValueError(
            _("%(n)s digits: a mobile number has 10 digits and starts with 0") % {"n": len(digits)}
        )
    raise ValueError(_("no Vietnamese mobile network has this number's first digits; check it"))


_YEAR = re.compile(r"^\s*(?:\d{1,2}[/.\-]\d{1,2}[/.\-])?(\d{4})\s*$")
_MARKS = {"x", "v", "1", "co", "✓", "✔", "+", "*"}


def _gender_mark(value: object) -> tuple[bool, int | None]:
    """(marked, birth year) for a cell of a "Nam" or "Nữ" column."""
    if value in (None, ""):
        return False, None
    if hasattr(value, "year"):
        return True, value.year
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and value > 1000:
        return True, value
    text = str(value).strip()
    match = _YEAR.match(text)
    if match:
        return True, int(match.group(1))
    if fold(text) in _MARKS or text == "1":
        return True, None
    raise ValueError(_("mark the column with “x” or write the birth year"))


_ROLE_LONG = [
    (re.compile(r"\bpho to truong\b|\bpho to\b"), "to pho"),
    (re.compile(r"\buy vien\b|\bto vien\b"), "thanh vien"),
]
_ROLE_TAIL = re.compile(r"\s+(to\s+)?(cnscd|cong nghe so( cong dong)?)$")


def parse_role_cell(value: object) -> str:
    """The role, from what lists write: "Phó tổ trưởng", "Tổ trưởng Tổ CNSCĐ", "TV"…"""
    return _role_of(str(value or ""))


@functools.lru_cache(maxsize=256)
def _role_of(value: str) -> str:
    """A list writes the same few roles on every row: each is read once (a refusal is not
    kept, and is raised again each time)."""
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(value)).split())
    text = _ROLE_TAIL.sub("", text)
    for pattern, role in _ROLE_LONG:
        if pattern.search(text):
            text = role
    return rules.parse_role(text)


def read_cells(row) -> Cells:
    """Parse a data row (a `cdtt.spreadsheets.Row`) into a person, their role and messages."""
    cells = Cells()

    def parse(key, column, parser):
        value = row.get(column)
        try:
            cells.person[key] = parser(value)
        except ValueError as error:
            cells.refused.append((column, value, str(error)))

    parse("full_name", COLUMN_NAME, rules.parse_name)
    parse("birth_year", COLUMN_BIRTH_YEAR, rules.parse_birth_year)
    parse("gender", COLUMN_GENDER, rules.parse_gender)
    parse("ethnicity", COLUMN_ETHNICITY, rules.parse_ethnicity)
    parse("affiliation_note", COLUMN_AFFILIATION, rules.parse_note)
    value = row.get(COLUMN_PHONE)
    try:
        cells.person["phone"], warning = parse_phone_cell(value)
        if warning:
            cells.warnings.append((COLUMN_PHONE, value, warning))
    except ValueError as error:
        cells.refused.append((COLUMN_PHONE, value, str(error)))
    try:
        cells.role = parse_role_cell(row.get(COLUMN_ROLE))
    except ValueError as error:
        cells.refused.append((COLUMN_ROLE, row.get(COLUMN_ROLE), str(error)))
    _gender_columns(row, cells)
    if not cells.refused:
        cells.person["affiliation"] = rules.affiliation_from_text(cells.person["affiliation_note"])
    return cells


def _gender_columns(row, cells: Cells) -> None:
    """ "Nam" and "Nữ" columns: an "x", or the birth year written in the person's column."""
    marks = {}
    for column, gender in ((COLUMN_MALE, Gender.MALE), (COLUMN_FEMALE, Gender.FEMALE)):
        try:
            marks[gender] = _gender_mark(row.get(column))
        except ValueError as error:
            cells.refused.append((column, row.get(column), str(error)))
    marked = [gender for gender, (is_marked, _year) in marks.items() if is_marked]
    if len(marked) > 1:
        cells.refused.append(
            (COLUMN_MALE, row.get(COLUMN_MALE), _("both “Nam” and “Nữ” are filled in"))
        )
        return
    if not marked:
        return
    gender = marked[0]
    year = marks[gender][1]
    if not cells.person.get("gender"):
        cells.person["gender"] = gender
    if year is not None and not cells.person.get("birth_year"):
        try:
            cells.person["birth_year"] = rules.parse_birth_year(year)
        except ValueError as error:
            column = COLUMN_MALE if gender == Gender.MALE else COLUMN_FEMALE
            cells.refused.append((column, year, str(error)))
