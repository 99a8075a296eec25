"""Vietnamese text rules used everywhere: accent folding, alphabetical order, names, phones.

One function per rule, so that search, sorting and imports agree with each other.
"""

import re
import unicodedata

from django.utils.translation import gettext as _

_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_MODIFIERS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}  # breve, circumflex, horn
# The Vietnamese alphabet, with the Latin letters it lacks put where a reader expects them.
_ALPHABET = [
    "a", "a\u0306", "a\u0302", "b", "c", "d", "đ", "e", "e\u0302", "f", "g", "h", "i", "j", "k",
    "l", "m", "n", "o", "o\u0302", "o\u031b", "p", "q", "r", "s", "t", "u", "u\u031b", "v", "w",
    "x", "y", "z",
]  # fmt: skip
# Two-digit codes: 00 ends the primary key, 01 is a space, 02-11 digits, 12+ letters.
_LETTER_CODE = {letter: f"{12 + i:02d}" for i, letter in enumerate(_ALPHABET)}
_DIGIT_CODE = {str(d): f"{2 + d:02d}" for d in range(10)}


def fold(text: str) -> str:
    """Lower-case, accent-free form for search: "Xã Mường Mùn" -> "xa muong mun", đ -> d."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def sort_key(text: str) -> str:
    """A key whose plain string order is Vietnamese alphabetical order (a < ă < â < b ... đ ...).

    Letters compare first and tones only break ties (ngang, huyền, hỏi, ngã, sắc, nặng), as in
    a dictionary. The key uses digits only, so every database collation orders it the same.
    """
    primary: list[tuple[str, str]] = []  # (code, letter)
    tones: list[str] = []
    for char in unicodedata.normalize("NFD", text.lower()):
        if char in _TONES:
            if tones:
                tones[-1] = str(_TONES[char])
        elif char in _MODIFIERS and primary and primary[-1][1]:
            letter = primary[-1][1] + char
            if letter in _LETTER_CODE:
                primary[-1] = (_LETTER_CODE[letter], letter)
        elif char in _LETTER_CODE:
            primary.append((_LETTER_CODE[char], char))
            tones.append("0")
        elif char in _DIGIT_CODE:
            primary.append((_DIGIT_CODE[char], ""))
            tones.append("0")
        elif char.isspace() and primary and primary[-1][0] != "01":
            primary.append(("01", ""))
    while primary and primary[-1][0] == "01":
        primary.pop()
    return "".join(code for code, _letter in primary) + "00" + "".join(tones)


def clean_name(text: str) -> str:
    """A person's or place's name as stored: NFC, spaces trimmed and single, case as typed."""
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


# Mobile prefixes in use since the 2018 renumbering (Viettel, MobiFone, VinaPhone,
# Vietnamobile, Gmobile, Itelecom, Reddi, Wintel): the two digits after the leading 0.
MOBILE_PREFIXES = frozenset(
    {32, 33, 34, 35, 36, 37, 38, 39, 52, 55, 56, 58, 59, 70, 76, 77, 78, 79,
     81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 96, 97, 98, 99}
)  # fmt: skip
_PHONE_SEPARATORS = re.compile(r"[\s.\-()/]")


def normalize_phone(raw: object) -> str:
    """Return a Vietnamese mobile number as 10 digits starting with 0, or raise ValueError.

    Takes what people type and what Excel keeps: "0912 345 678", "0912.345.678",
    "+84 912345678", "84912345678", "0084…", or 912345678 that lost its leading zero.
    """
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if text.endswith(".0") and text[:-2].isdigit():  # a number Excel stored as a float
        text = text[:-2]
    text = _PHONE_SEPARATORS.sub("", text)
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("0084"):
        text = "0" + text[4:]
    elif text.startswith("84") and len(text) == 11:
        text = "0" + text[2:]
    elif len(text) == 9 and not text.startswith("0"):
        text = "0" + text
    if not text.isdigit():
        raise ValueError(_("“%(value)s” is not a phone number.") % {"value": raw})
    if len(text) != 10 or not text.startswith("0"):
        raise ValueError(
            _("“%(value)s” is not a Vietnamese mobile number (10 digits starting with 0).")
            % {"value": raw}
        )
    if int(text[1:3]) not in MOBILE_PREFIXES:
        raise ValueError(
            _("“%(value)s” does not start with a Vietnamese mobile network prefix.")
            % {"value": raw}
        )
    return text


# The 11-digit mobile numbers renumbered to 10 digits in 2018 (Viettel, MobiFone,
# VinaPhone, Vietnamobile, Gmobile): old prefix -> new prefix.
RENUMBERED_PREFIXES = {
    "0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036", "0167": "037",
    "0168": "038", "0169": "039", "0120": "070", "0121": "079", "0122": "077", "0126": "076",
    "0128": "078", "0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
    "0186": "056", "0188": "058", "0199": "059",
}  # fmt: skip


def renumbered_phone(raw: object) -> str | None:
    """The 10-digit number an old 11-digit mobile number (0168 xxx xxxx) became, or None."""
    text = _PHONE_SEPARATORS.sub("", str(raw).strip())
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) == 12:
        text = "0" + text[2:]
    elif len(text) == 10 and text.startswith("1"):
        text = "0" + text  # the leading zero lost in a number cell
    if len(text) != 11 or not text.isdigit() or text[:4] not in RENUMBERED_PREFIXES:
        return None
    return RENUMBERED_PREFIXES[text[:4]] + text[4:]


def looks_like_phone(text: str) -> bool:
    """True when text is made only of what a phone number is typed with."""
    stripped = _PHONE_SEPARATORS.sub("", text.strip()).lstrip("+")
    return len(stripped) >= 9 and stripped.isdigit()


def format_number(value: float | int, decimals: int = 0) -> str:
    """Numbers the Vietnamese way: 1.234.567 and 85,5 (dot for thousands, comma for decimals)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def date_line(place: str, day) -> str:
    """The place-and-date line of an official document: "Mường Mùn, ngày 05 tháng 12 năm 2026"."""
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
