"""Telling apart people with the same name (a village has two "Lò Văn Thanh").

Wherever people are listed or chosen, a name shared by two people in the same list gets what
tells them apart: their role, their birth year, or the last digits of their phone where the
viewer may see it, the fewest of these that do.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from django.utils.translation import gettext as _

from cdtt.vietnamese import fold

PHONE_DIGITS = 3


@dataclass(frozen=True)
class Person:
    """What a list knows of a person: `key` is the list's own (an id, a seat…)."""

    key: object
    name: str
    role: str = ""
    birth_year: int | None = None
    phone: str = ""


def _features(person: Person, phones: bool) -> list[str]:
    return [
        str(person.role or ""),
        _("born %(year)s") % {"year": person.birth_year} if person.birth_year else "",
        f"…{person.phone[-PHONE_DIGITS:]}" if phones and person.phone else "",
    ]


def _distinct(group: Sequence[Person], chosen: tuple[int, ...], phones: bool) -> bool:
    seen = set()
    for person in group:
        features = _features(person, phones)
        label = tuple(features[i] for i in chosen)
        if not all(label) or label in seen:
            return False
        seen.add(label)
    return True


def told_apart(people: Iterable[Person], phones: bool = False) -> dict[object, str]:
    """Each person's label by key: the name alone when nobody else in the list bears it,
    else the name with what tells them apart ("Lò Văn Thanh (born 1968)"). `phones`: the
    viewer may see these people's phone numbers."""
    people = list(people)
    groups: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        groups[fold(person.name).strip()].append(person)
    labels = {}
    for group in groups.values():
        if len(group) == 1:
            labels[group[0].key] = group[0].name
            continue
        choices = [c for n in (1, 2, 3) for c in combinations(range(3), n)]
        chosen = next((c for c in choices if _distinct(group, c, phones)), (0, 1, 2))
        for person in group:
            features = _features(person, phones)
            extra = ", ".join(features[i] for i in chosen if features[i])
            labels[person.key] = f"{person.name} ({extra})" if extra else person.name
    return labels


def member_person(member, key=None, role: str = "") -> Person:
    """A Person from a teams.Member."""
    return Person(
        key if key is not None else member.pk,
        member.full_name,
        role,
        member.birth_year,
        member.phone or "",
    )
