"""The measures of the activity log, declared once: what an activity records in numbers, and
how each number adds up in facts, figures, reports and the API.

Everything else reads this list: the activity's fields and their check (`models`, `rules`),
the API's fields, the fact tables' columns (`cdtt.dashboard.models`), the dashboard's lines,
tables and API, the report's figures and columns, and the entry page's fields (given to its
script as JSON). Adding a measure is adding one `Measure` here, then the migrations
(`makemigrations`) and the translations (`make messages`): docs/architecture.md, "Adding a
measure".
"""

import operator
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # the stubs' name for a lazy translation (a Promise of a str)
    from django_stubs_ext import StrPromise as Promise
else:
    from django.utils.functional import Promise

COUNT_FIELD = "people_helped"  # the activity's own count: what its type counts (wire name)
MAX_PER_ENTRY = 1000  # per entry: a loudspeaker session may reach a whole village, not more


@dataclass(frozen=True)
class Measure:
    """One number of the activity log.

    `name` is the figure's name (fact column, API field, table column); `field` the
    activity's field it sums (`name` unless said), or None for the number of activities (it
    counts them; a measure without `verbose_name` is not entered).
    `part_of_count`: a breakdown of the activity's own count, never more than it.
    """

    name: str
    label: Promise  # a column's title on the dashboard, in files and the report page
    document: str  # the column of the official report (Vietnamese, Decree 30/2020)
    verbose_name: Promise | None = None  # the activity field's name: given, it is entered
    entry_label: Promise | None = None  # its label on the entry page, if not verbose_name
    field: str | None = None  # the activity field, if not `name`
    part_of_count: bool = False
    help_text: str = ""  # in the API schema (English, as the API's documentation)

    def __post_init__(self):
        if self.verbose_name is not None and self.field is None:
            object.__setattr__(self, "field", self.name)

    @property
    def entered(self) -> bool:
        """Typed in for each activity (else counted from the activities)."""
        return self.field is not None

    @property
    def optional(self) -> bool:
        """Entered, defaulting to 0: every entered measure but the activity's own count."""
        return self.entered and self.field != COUNT_FIELD

    @property
    def headline(self) -> bool:
        """Shown on the narrowest screens too: the activities and their count."""
        return not self.optional

    def activity_field(self) -> models.PositiveIntegerField:
        """The activity's field for an entered measure."""
        if self.optional:
            return models.PositiveIntegerField(self.verbose_name, default=0)
        return models.PositiveIntegerField(self.verbose_name)

    def aggregate(self, prefix: str = "") -> Count | Sum:
        """The ORM aggregate of the measure over activities (`prefix`: their path)."""
        if self.field is None:
            return Count(f"{prefix}id")
        return Sum(f"{prefix}{self.field}")

    def sql(self, alias: str = "") -> str:
        """The same aggregate in SQL over the activity table (`alias`: its alias)."""
        if self.field is None:
            return "COUNT(*)"
        return f"SUM({alias + '.' if alias else ''}{self.field})"

    @property
    def input_label(self) -> Promise | None:
        """The label of its field on the entry and edit pages."""
        return self.verbose_name if self.entry_label is None else self.entry_label


MEASURES: tuple[Measure, ...] = (
    # name, label, report column, activity field's name (entered measures), entry label
    Measure("activities", _("Activities"), "Số lượt", help_text="activities recorded"),
    Measure("count", _("Count"), "Số lượng", _("count"), field=COUNT_FIELD, help_text=(
        "the number the type counts: people, applications, households, participants")),
    Measure("women", _("Women"), "Nữ", _("women"), _("of whom women"), part_of_count=True),
    Measure("ethnic_minority", _("Ethnic minority"), "Dân tộc thiểu số", _("ethnic minority"),
            part_of_count=True),
    Measure("elderly", _("Aged 60+"), "Từ 60 tuổi", _("aged 60 and over"), part_of_count=True),
    Measure("households_without_smartphone", _("Households without smartphone"),
            "Hộ chưa có ĐTTM", _("households without a smartphone")),
)  # fmt: skip
NAMES = tuple(m.name for m in MEASURES)  # the figures' names, in order
BY_NAME = {m.name: m for m in MEASURES}
ENTERED = tuple(m for m in MEASURES if m.entered)
# (every entered measure has its field: `is not None` only tells the type checker so)
FIELDS = tuple(m.field for m in ENTERED if m.field is not None)  # the activity's fields, in order
OPTIONAL = tuple(m for m in ENTERED if m.optional)
OPTIONAL_FIELDS = tuple(m.field for m in OPTIONAL if m.field is not None)  # 0 when left empty
BREAKDOWN = tuple(m.field for m in ENTERED if m.part_of_count and m.field is not None)
EMPTY = dict.fromkeys(NAMES, 0)  # the figures of nothing


def add_fields(model: type[models.Model], *, facts: bool = False) -> None:
    """Give a model one field per measure: the activity its entered ones (`facts=False`); a
    fact table (abstract base) one column per measure, by name, 0 until summed."""
    for measure in MEASURES if facts else ENTERED:
        if facts:
            model.add_to_class(measure.name, models.PositiveIntegerField(default=0))
        elif measure.field is not None:  # always, for an entered measure
            model.add_to_class(measure.field, measure.activity_field())


def within_count() -> models.CheckConstraint:
    """The activity's rule in the database: no breakdown is more than its count."""
    return models.CheckConstraint(
        condition=reduce(
            operator.and_, (Q(**{f"{name}__lte": F(COUNT_FIELD)}) for name in BREAKDOWN)
        ),
        name="activity_breakdown_within_count",
    )


def aggregates(prefix: str = "") -> dict:
    """Every measure's ORM aggregate, by name (`prefix`: the activities' path)."""
    return {m.name: m.aggregate(prefix) for m in MEASURES}


def summed() -> dict:
    """Each measure summed over rows that hold it by name (fact rows)."""
    return {m.name: Sum(m.name) for m in MEASURES}
