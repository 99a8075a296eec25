"""Writing villages: created one by one by commune officers, or imported from Excel.

An import is all or nothing: any bad row and nothing is created, every bad row is reported.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from cdtt import text
from cdtt.audit.log import record
from cdtt.spreadsheets import Column, RowError, parse_count, read_table
from cdtt.vietnamese import fold

from .models import VILLAGE_KIND_WORDS, VILLAGE_KINDS, Level, OrgUnit, normalize_code
from .signals import village_created

NAME_LENGTH = 120  # as OrgUnit.name
COLUMN_COMMUNE = "Mã xã"
COLUMN_NAME = "Tên thôn/bản"
COLUMN_KIND = "Loại"
COLUMN_POPULATION = "Dân số"
COLUMN_HOUSEHOLDS = "Số hộ"
COLUMN_NO_SMARTPHONE = "Số hộ chưa có điện thoại thông minh"
COLUMNS = [
    Column(COLUMN_COMMUNE, ("Mã đơn vị", "Mã xã/phường", "Mã ĐVHC"), required=True),
    Column(COLUMN_NAME, ("Tên thôn", "Tên bản", "Thôn/bản", "Tên thôn, bản",
                         "Thôn, bản, tổ dân phố", "Tên thôn, tổ dân phố"), required=True,
           kind="name"),
    Column(COLUMN_KIND, ("Loại thôn", "Phân loại"), required=True),
    Column(COLUMN_POPULATION, ("Số dân", "Số nhân khẩu", "Nhân khẩu")),
    Column(COLUMN_HOUSEHOLDS, ("Tổng số hộ", "Số hộ gia đình")),
    Column(COLUMN_NO_SMARTPHONE, ("Hộ chưa có điện thoại thông minh", "Số hộ chưa có ĐTTM",
                                  "Hộ chưa có smartphone")),
]  # fmt: skip


class VillageError(ValueError):
    """A village that cannot be created, with a message for the user."""


def check_baselines(population, households, households_without_smartphone) -> list[tuple[str, str]]:
    """(field, message) for figures that cannot be true together."""
    problems = []
    if population is not None and households is not None and households > population:
        problems.append(("households", _("more households than people")))
    if (
        households is not None
        and households_without_smartphone is not None
        and households_without_smartphone > households
    ):
        problems.append(
            (
                "households_without_smartphone",
                _("more households without a smartphone than households"),
            )
        )
    return problems


def village_name_taken(commune: OrgUnit, name: str) -> bool:
    return commune.children.filter(name_folded=fold(name)).exists()


def _next_code(commune: OrgUnit, taken: set[str]) -> str:
    """Villages have no official code: the commune code and a sequence number ("03268-007")."""
    number = commune.children.count() + 1
    while (code := f"{commune.code}-{number:03d}") in taken or OrgUnit.objects.filter(
        code=code
    ).exists():
        number += 1
    taken.add(code)
    return code


@transaction.atomic
def create_village(
    actor,
    commune: OrgUnit,
    name: str,
    kind: str,
    *,
    population: int | None = None,
    households: int | None = None,
    households_without_smartphone: int | None = None,
) -> OrgUnit:
    """Create one village in a commune; raises VillageError when it cannot be."""
    try:
        name = text.line(name, NAME_LENGTH)
    except text.TextError as error:
        raise VillageError(text.sentence(error)) from error
    if commune.level != Level.COMMUNE:
        raise VillageError(_("A village must belong to a commune."))
    if not name:
        raise VillageError(_("The village needs a name."))
    if kind not in VILLAGE_KINDS:
        raise VillageError(_("Unknown kind of village."))
    if village_name_taken(commune, name):
        raise VillageError(
            _("%(commune)s already has a village named “%(name)s”.")
            % {"commune": commune.name, "name": name}
        )
    problems = check_baselines(population, households, households_without_smartphone)
    if problems:
        raise VillageError("; ".join(message for _field, message in problems))
    village = OrgUnit.objects.create(
        code=_next_code(commune, set()),
        name=name,
        level=Level.VILLAGE,
        kind=kind,
        parent=commune,
        population=population,
        households=households,
        households_without_smartphone=households_without_smartphone,
    )
    village_created.send(sender=OrgUnit, village=village)
    record(
        actor,
        "create",
        village,
        orgunit_path=village.path,
        after={"name": village.name, "kind": village.kind, "commune": commune.code},
    )
    return village


@dataclass
class PlannedVillage:
    row: int
    commune: OrgUnit
    name: str
    kind: str
    population: int | None
    households: int | None
    households_without_smartphone: int | None


@dataclass
class VillageImport:
    """What an import would do (or did): the villages, or every bad row."""

    planned: list[PlannedVillage] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def import_villages(
    content: bytes,
    actor=None,
    *,
    within: OrgUnit | None = None,
    dry_run: bool = False,
    filename: str = "",
) -> VillageImport:
    """Check every row of a village file; create them all only when every row is good.

    `within` limits the communes to a subtree (the importing officer's); a commune outside
    it is reported as unknown, exactly like one that does not exist.
    """
    sheet = read_table(content, COLUMNS, filename=filename)
    result = VillageImport(errors=list(sheet.errors))
    communes = OrgUnit.objects.filter(level=Level.COMMUNE)
    if within is not None:
        communes = communes.in_subtree(within)
    seen: dict[tuple[int, str], int] = {}
    for row in sheet.rows:
        number = row.number
        errors_before = len(result.errors)

        def fail(message, column="", value=None, number=number, where=row.sheet):
            result.errors.append(RowError(number, message, column, value, where))

        raw_code = row.get(COLUMN_COMMUNE)
        commune = None
        if raw_code in (None, ""):
            fail(_("the commune code is missing"), COLUMN_COMMUNE)
        else:
            commune = communes.filter(code=normalize_code(raw_code)).first()
            if commune is None:
                fail(_("no such commune"), COLUMN_COMMUNE, raw_code)
        try:
            name = text.line(row.get(COLUMN_NAME))
        except text.TextError as error:
            name = ""
            fail(str(error), COLUMN_NAME, row.get(COLUMN_NAME))
        else:
            if not name:
                fail(_("the village has no name"), COLUMN_NAME)
            elif len(name) > NAME_LENGTH:
                fail(_("the name is too long (at most 120 characters)"), COLUMN_NAME, name[:30])
        kind_text = row.get(COLUMN_KIND)
        kind = VILLAGE_KIND_WORDS.get(fold(str(kind_text or "")))
        if kind is None:
            fail(_("unknown kind; use thôn, bản, tổ dân phố, khối or ấp"), COLUMN_KIND, kind_text)
        figures = {}
        for column, key in [
            (COLUMN_POPULATION, "population"),
            (COLUMN_HOUSEHOLDS, "households"),
            (COLUMN_NO_SMARTPHONE, "households_without_smartphone"),
        ]:
            try:
                figures[key] = parse_count(row.get(column))
            except ValueError as error:
                figures[key] = None
                fail(str(error), column, row.get(column))
        for key, message in check_baselines(**figures):
            column = COLUMN_HOUSEHOLDS if key == "households" else COLUMN_NO_SMARTPHONE
            fail(message, column, figures[key])
        if commune is not None and name:
            key = (commune.pk, fold(name))
            if key in seen:
                fail(
                    _("the same village is already on row %(row)s") % {"row": seen[key]},
                    COLUMN_NAME,
                    name,
                )
            elif village_name_taken(commune, name):
                fail(
                    _("%(commune)s already has this village") % {"commune": commune.name},
                    COLUMN_NAME,
                    name,
                )
            seen.setdefault(key, number)
        if len(result.errors) == errors_before:
            result.planned.append(PlannedVillage(number, commune, name, kind, **figures))
    if not sheet.rows and not result.errors:
        result.errors.append(RowError(0, _("The file has no village rows.")))
    if result.ok and not dry_run:
        _create_planned(result, actor)
    return result


@transaction.atomic
def _create_planned(result: VillageImport, actor) -> None:
    taken: set[str] = set()
    for plan in result.planned:
        village = OrgUnit.objects.create(
            code=_next_code(plan.commune, taken),
            name=plan.name,
            level=Level.VILLAGE,
            kind=plan.kind,
            parent=plan.commune,
            population=plan.population,
            households=plan.households,
            households_without_smartphone=plan.households_without_smartphone,
        )
        village_created.send(sender=OrgUnit, village=village)
        record(
            actor,
            "import",
            village,
            orgunit_path=village.path,
            after={"name": village.name, "kind": village.kind, "row": plan.row},
        )
        result.created += 1
