"""Load the 34 provinces and 3,321 communes of 2025 from the package `vietnam-provinces`.

Units are matched by official code, so a newer package renames and adds in place and every
reference to an existing unit stays valid. Running it twice changes nothing.
"""

from dataclasses import dataclass

from django.db import transaction
from vietnam_provinces import Province, VietNamDivisionType, Ward

from cdtt.vietnamese import clean_name

from .models import Kind, Level, OrgUnit, normalize_code

_KINDS = {
    VietNamDivisionType.TINH: Kind.TINH,
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: Kind.THANH_PHO,
    VietNamDivisionType.XA: Kind.XA,
    VietNamDivisionType.PHUONG: Kind.PHUONG,
    VietNamDivisionType.DAC_KHU: Kind.DAC_KHU,
}


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _upsert(
    known: dict, code: str, name: str, level: str, kind: str, parent, result: LoadResult
) -> OrgUnit:
    name = clean_name(name)
    unit = known.get(code)
    if unit is None:
        unit = OrgUnit(code=code, level=level)
        result.created += 1
    elif (unit.name, unit.kind, unit.parent_id) == (name, kind, getattr(parent, "pk", None)):
        result.unchanged += 1
        return unit
    else:
        result.updated += 1
    unit.name, unit.kind, unit.parent = name, kind, parent
    unit.save()
    return unit


@transaction.atomic
def load_units() -> LoadResult:
    """Create or update every province and commune; returns what changed.

    The units are locked first, communes then provinces in id order, as the writers of the
    dashboard's facts lock them (`cdtt.dashboard.facts`): renaming a province and its
    communes while members record makes them wait, not deadlock."""
    result = LoadResult()
    for level in (Level.COMMUNE, Level.PROVINCE):
        list(
            OrgUnit.objects.select_for_update(no_key=True)
            .filter(level=level)
            .order_by("pk")
            .values_list("pk")
        )
    known = {u.code: u for u in OrgUnit.objects.exclude(level=Level.VILLAGE)}
    for province in Province.iter_all():
        parent = _upsert(
            known,
            normalize_code(int(province.code), Level.PROVINCE),
            province.name,
            Level.PROVINCE,
            _KINDS[province.division_type],
            None,
            result,
        )
        for ward in Ward.iter_by_province(province.code):
            _upsert(
                known,
                normalize_code(int(ward.code), Level.COMMUNE),
                ward.name,
                Level.COMMUNE,
                _KINDS[ward.division_type],
                parent,
                result,
            )
    return result
