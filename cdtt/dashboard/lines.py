"""The rows the dashboard shows: an activity type's line, a group's participation, a
seat's line, a month of the trend, a unit's coverage and its place in the ranking."""

from dataclasses import dataclass, field, make_dataclass
from datetime import date
from fractions import Fraction

from cdtt.activities.measures import NAMES
from cdtt.activities.models import ActivityType
from cdtt.orgunits.models import OrgUnit
from cdtt.periods import Period

from .seats import Seat


def _values(line) -> dict[str, int]:
    return {name: getattr(line, name) for name in NAMES}


TypeLine = make_dataclass(
    "TypeLine",
    [("type", ActivityType), *((name, int, 0) for name in NAMES)],
    namespace={
        "__doc__": "One activity type's figures: a field per measure of "
        "`cdtt.activities.measures`, in its order (the figures fill them by position); "
        "`count` is what the type counts (type.counts). `values`: the measures by name.",
        "values": property(_values),
        "__module__": __name__,
    },
)


@dataclass
class Participation:
    """Seats held during the range and how many worked: overall, or for one group."""

    key: str
    label: str
    seats: int = 0
    active: int = 0
    performing: int = 0
    activities: int = 0

    @property
    def share(self) -> float | None:
        return self.active / self.seats if self.seats else None

    @property
    def performing_share(self) -> float | None:
        return self.performing / self.seats if self.seats else None


@dataclass
class SeatLine:
    """One seat's figures over the range, and where it stands on the reference day."""

    seat: Seat
    activities: int = 0
    count: int = 0
    days_active: int = 0
    expected: Fraction = Fraction(0)
    last_date: date | None = None
    days_since: int | None = None
    in_force: bool = False
    this_month: int = 0
    month_before: int = 0

    @property
    def performing(self) -> bool:
        return self.activities > 0 and self.activities >= self.expected

    @property
    def never_active(self) -> bool:
        return self.last_date is None


@dataclass
class Listing:
    """A list of seats as far as it was read, and how many it holds in all."""

    lines: list[SeatLine]
    total: int


@dataclass
class TrendPoint:
    period: Period
    activities: int = 0
    people: int = 0
    seats: int = 0
    active: int = 0

    @property
    def share(self) -> float | None:
        return self.active / self.seats if self.seats else None


@dataclass
class Coverage:
    """Households of the villages with a baseline, and the help given there."""

    unit: OrgUnit | None
    households: int = 0
    reached: int = 0
    without_smartphone: int = 0
    met_without_smartphone: int = 0
    villages: int = 0

    @property
    def share(self) -> float | None:
        return min(1.0, self.reached / self.households) if self.households else None


@dataclass
class ChildLine:
    """One unit one level down: the ranking's row."""

    unit: OrgUnit
    participation: Participation
    count: int = 0
    people: int = 0
    completeness: float | None = None
    extra: dict = field(default_factory=dict)
