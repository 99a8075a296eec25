"""Input rules for a person on a team, shared by the forms, the API and the Excel import.

Each parser takes what people type (or what Excel keeps) and returns the stored form, or
raises ValueError with the message the user reads. Phones go through the one normaliser,
`cdtt.vietnamese.normalize_phone`; free text through the text rules of `cdtt.text` (no
control characters, invisible ones stripped, a length that fits the field).
"""

import functools
import re
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cdtt import text
from cdtt.vietnamese import fold, looks_like_phone, normalize_phone

from .ethnicities import normalize_ethnicity
from .models import Affiliation, Gender, Skill, TeamRole

NAME_LENGTH = 120
ETHNICITY_LENGTH = 40
NOTE_LENGTH = 120
EARLIEST_BIRTH_YEAR = 1930
YOUNGEST_AGE = 15  # members are adults or Youth Union members of working age
ELDERLY_AGE = 60  # người cao tuổi: the age the story's complaint is about

# Members' ages in bands, for the figures of participation and attendance.
AGE_BANDS = [
    ("under_30", gettext_lazy("Under 30"), 0, 29),
    ("30_44", gettext_lazy("30–44"), 30, 44),
    ("45_59", gettext_lazy("45–59"), 45, 59),
    ("60_plus", gettext_lazy("60 and over"), 60, 200),
    ("unknown", gettext_lazy("Age not recorded"), None, None),
]
UNKNOWN_AGE = "unknown"


def age_band(birth_year: int | None, year: int) -> str:
    if birth_year is None:
        return UNKNOWN_AGE
    age = year - birth_year
    bands = (
        key
        for key, _label, low, high in AGE_BANDS
        if low is not None and high is not None and low <= age <= high
    )
    return next(bands, UNKNOWN_AGE)


# The stored codes, read once (`Choices.values` builds a new list, with labels, each call).
AFFILIATIONS = frozenset(Affiliation.values)
SKILLS = tuple(Skill.values)


def latest_birth_year() -> int:
    return timezone.localdate().year - YOUNGEST_AGE


def parse_name(value: object) -> str:
    name = text.line(value)
    if not name:
        raise ValueError(_("the name is missing"))
    if len(name) > NAME_LENGTH:
        raise ValueError(_("the name is too long (at most %(n)s characters)") % {"n": NAME_LENGTH})
    if looks_like_phone(name) or any(c.isdigit() for c in name):
        raise ValueError(_("a name has no digits: are the columns swapped?"))
    return name


def parse_phone(value: object) -> str | None:
    """The normalised mobile number, or None when the cell is empty. Text goes through the
    text rules first: a control character is named as such, invisible ones are dropped."""
    if isinstance(value, str):
        value = text.line(value)
    if value is None or (isinstance(value, str) and not value):
        return None
    return normalize_phone(value)


_DATE_WITH_YEAR = re.compile(r"^\d{1,2}[/.\-]\d{1,2}[/.\-](\d{4})$")


def parse_birth_year(value: object) -> int | None:
    """A year between 1930 and 15 years ago; a full birth date gives its year."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime | date):
        year = value.year
    elif isinstance(value, bool):
        raise ValueError(_("not a year"))
    elif isinstance(value, int):
        year = value
    elif isinstance(value, float) and value.is_integer():
        year = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        year = int(value.strip())
    elif isinstance(value, str) and (match := _DATE_WITH_YEAR.match(value.strip())):
        year = int(match.group(1))
    else:
        raise ValueError(_("not a year"))
    if not EARLIEST_BIRTH_YEAR <= year <= latest_birth_year():
        raise ValueError(
            _("impossible birth year (between %(first)s and %(last)s)")
            % {"first": EARLIEST_BIRTH_YEAR, "last": latest_birth_year()}
        )
    return year


_GENDER_WORDS = {
    "nam": Gender.MALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "nu": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
}


def parse_gender(value: object) -> str:
    """Nam / nữ in any case or accents (also the stored codes); empty stays empty."""
    text = fold(str(value or ""))
    if not text:
        return ""
    if text in _GENDER_WORDS:
        return _GENDER_WORDS[text]
    raise ValueError(_("unknown gender; write Nam or Nữ"))


_ROLE_WORDS = {
    "to truong": TeamRole.LEADER,
    "truong": TeamRole.LEADER,
    "tt": TeamRole.LEADER,
    "leader": TeamRole.LEADER,
    "to pho": TeamRole.DEPUTY,
    "pho": TeamRole.DEPUTY,
    "tp": TeamRole.DEPUTY,
    "deputy": TeamRole.DEPUTY,
    "thanh vien": TeamRole.MEMBER,
    "to vien": TeamRole.MEMBER,
    "tv": TeamRole.MEMBER,
    "member": TeamRole.MEMBER,
}


def parse_role(value: object) -> str:
    """Tổ trưởng / tổ phó / thành viên (and their usual abbreviations); empty = member."""
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(value or ""))).split())
    if not text:
        return TeamRole.MEMBER
    if text in _ROLE_WORDS:
        return _ROLE_WORDS[text]
    raise ValueError(_("unknown role; write Tổ trưởng, Tổ phó or Thành viên"))


# Folded keywords of the "Đoàn thể/đơn vị công tác" column, whole words only. Where a cell
# names two (“Đoàn TN, trưởng bản”), the one written first wins.
AFFILIATION_KEYWORDS = [
    (Affiliation.YOUTH_UNION, ["doan thanh nien", "doan tn", "dtn", "tncs", "chi doan",
                               "doan vien", "thanh nien", "doan xa"]),
    (Affiliation.WOMEN_UNION, ["phu nu", "hoi pn", "lhpn", "hlhpn", "hpn", "chi hoi pn"]),
    (Affiliation.VETERANS, ["cuu chien binh", "ccb", "hoi ccb"]),
    (Affiliation.FARMERS, ["nong dan", "hnd", "hoi nd"]),
    (Affiliation.POLICE, ["cong an", "ca xa", "ca vien", "cong an vien"]),
    (Affiliation.JUSTICE, ["tu phap", "ho tich", "tp ht", "tu phap ho tich"]),
    (Affiliation.VILLAGE_HEAD, ["truong thon", "truong ban", "truong khoi", "truong ap",
                                "to truong to dan pho", "to truong tdp", "thon truong",
                                "ban truong", "pho thon", "pho ban"]),
    (Affiliation.FRONT, ["mat tran", "mttq", "ban cong tac mat tran"]),
    (Affiliation.TEACHER, ["giao vien", "gv", "truong hoc", "truong tieu hoc", "truong thcs",
                           "truong mam non", "truong mn", "truong th", "truong ptdtbt",
                           "truong ptdt", "truong pt", "hieu truong"]),
    (Affiliation.HEALTH, ["y te", "tram y te", "ytth", "y te thon ban", "y ta", "bac si",
                          "nhan vien y te"]),
]  # fmt: skip


def affiliation_from_text(text: object) -> str:
    """The Affiliation a written "đoàn thể / đơn vị" means; OTHER when none is recognised."""
    return _affiliation_of(str(text or ""))


@functools.lru_cache(maxsize=1024)
def _affiliation_of(text: str) -> str:
    """A list writes the same few units on every row: each is read once."""
    words = " " + " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(text or ""))).split()) + " "
    if not words.strip():
        return ""
    best = None
    for order, (affiliation, keywords) in enumerate(AFFILIATION_KEYWORDS):
        for keyword in keywords:
            position = words.find(f" {keyword} ")
            if position >= 0 and (best is None or (position, order) < best[:2]):
                best = (position, order, affiliation)
    return best[2] if best else Affiliation.OTHER


def parse_ethnicity(value: object) -> str:
    """One of the 54 ethnic groups, under its official name (`ethnicities`)."""
    found = text.line(value)
    if len(found) > ETHNICITY_LENGTH:
        raise ValueError(_("too long (at most %(n)s characters)") % {"n": ETHNICITY_LENGTH})
    return normalize_ethnicity(found)


def parse_affiliation(value: object) -> str:
    text = str(value or "")
    if text and text not in AFFILIATIONS:
        raise ValueError(_("unknown affiliation"))
    return text


def parse_note(value: object) -> str:
    found = text.line(value)
    if len(found) > NOTE_LENGTH:
        raise ValueError(_("too long (at most %(n)s characters)") % {"n": NOTE_LENGTH})
    return found


def parse_skills(values: object) -> list[str]:
    """Codes of the skills checklist, each once, in checklist order."""
    if values in (None, ""):
        return []
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        raise ValueError(_("a list of skills is expected"))
    chosen = set()
    for value in values:
        if value not in SKILLS:
            raise ValueError(_("unknown skill “%(value)s”") % {"value": value})
        chosen.add(value)
    return [code for code in SKILLS if code in chosen]


def age_in(year: int, birth_year: int | None) -> int | None:
    """Age reached during `year`: lists only carry the birth year."""
    return None if birth_year is None else year - birth_year
