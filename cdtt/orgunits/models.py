"""The administrative tree: province (tỉnh) → commune (xã, phường, đặc khu) → village (thôn, bản…).

Each unit keeps a materialized `path` of ancestor ids ("12/345/6789/") so that a subtree is
one prefix query, and an accent-folded name and a Vietnamese sort key for search and order.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cdtt.vietnamese import clean_name, fold, sort_key

from .subtree import SubtreeQuerySet


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")
    VILLAGE = "village", _("Village")


class Kind(models.TextChoices):
    """The unit's own word: what the name is preceded by in speech."""

    TINH = "tinh", _("province (tỉnh)")
    THANH_PHO = "thanh_pho", _("centrally-run city (thành phố)")
    XA = "xa", _("commune (xã)")
    PHUONG = "phuong", _("ward (phường)")
    DAC_KHU = "dac_khu", _("special zone (đặc khu)")
    THON = "thon", _("village (thôn)")
    BAN = "ban", _("hamlet (bản)")
    TO_DAN_PHO = "to_dan_pho", _("residential group (tổ dân phố)")
    KHOI = "khoi", _("block (khối)")
    AP = "ap", _("hamlet (ấp)")


VILLAGE_KINDS = (Kind.THON, Kind.BAN, Kind.TO_DAN_PHO, Kind.KHOI, Kind.AP)
# What people write in a "Loại" column, folded, mapped to the kind.
VILLAGE_KIND_WORDS = {
    "thon": Kind.THON,
    "ban": Kind.BAN,
    "to dan pho": Kind.TO_DAN_PHO,
    "tdp": Kind.TO_DAN_PHO,
    "khoi": Kind.KHOI,
    "ap": Kind.AP,
}


def normalize_code(code: object, level: str = Level.COMMUNE) -> str:
    """An official unit code as stored: communes 5 digits ("3268" -> "03268"), provinces 2."""
    if isinstance(code, float) and code.is_integer():
        code = int(code)
    text = str(code).strip()
    if text.isdigit():
        width = {Level.PROVINCE: 2, Level.COMMUNE: 5}.get(level)
        if width:
            return text.zfill(width)
    return text


class OrgUnitQuerySet(SubtreeQuerySet):
    def current(self) -> "OrgUnitQuerySet":
        """Units not yet dissolved or merged away."""
        return self.filter(valid_until__isnull=True)

    def search(self, query: str) -> "OrgUnitQuerySet":
        """Accent- and case-insensitive name search; a number also matches the official code."""
        query = query.strip()
        if not query:
            return self
        condition = Q(name_folded__contains=fold(query))
        if query.isdigit():
            condition |= Q(code=query) | Q(code=normalize_code(query))
        return self.filter(condition)

    def vietnamese_order(self) -> "OrgUnitQuerySet":
        return self.order_by("name_sort", "name")


class OrgUnit(models.Model):
    """A province, commune or village; villages carry optional baseline figures."""

    SCOPE_PATH = "path"
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    path = models.CharField(max_length=64, db_index=True, editable=False, default="")
    name_folded = models.CharField(max_length=120, db_index=True, editable=False, default="")
    name_sort = models.CharField(max_length=400, db_index=True, editable=False, default="")
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    households_without_smartphone = models.PositiveIntegerField(
        _("households without a smartphone"), null=True, blank=True
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("merged into"),
    )

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["name_sort", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(households_without_smartphone__isnull=True)
                | Q(households__isnull=True)
                | Q(households_without_smartphone__lte=models.F("households")),
                name="orgunit_smartphone_households_within_households",
            ),
            models.UniqueConstraint(
                fields=["parent", "name_folded"],
                condition=Q(level="village"),
                name="orgunit_village_name_unique_in_commune",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = clean_name(self.name)
        self.name_folded = fold(self.name)
        self.name_sort = sort_key(self.name)
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else ''}{self.pk}/"
        if path != self.path:
            self.path = path
            type(self).objects.filter(pk=self.pk).update(path=path)

    def clean(self) -> None:
        if (
            self.households is not None
            and self.households_without_smartphone is not None
            and self.households_without_smartphone > self.households
        ):
            raise ValidationError(
                {
                    "households_without_smartphone": _(
                        "Cannot be more than the number of households."
                    )
                }
            )

    @property
    def commune(self) -> "OrgUnit | None":
        if self.level == Level.COMMUNE:
            return self
        if self.level == Level.VILLAGE:
            return self.parent
        return None

    @property
    def province(self) -> "OrgUnit":
        unit = self
        while unit.parent_id is not None:
            unit = unit.parent
        return unit

    def contains(self, other: "OrgUnit") -> bool:
        return other.path.startswith(self.path)

    @property
    def ancestor_ids(self) -> list[int]:
        """The ids above this unit, from the province down (read off the path)."""
        return [int(part) for part in self.path.strip("/").split("/")[:-1]]

    def child_toward(self, path: str) -> int | None:
        """The id of this unit's child on the way down to `path` (a path in this subtree),
        or None when `path` is this unit's own: how figures are grouped one level down."""
        head = path[len(self.path) :].split("/", 1)[0]
        return int(head) if head else None
