"""The report period: one calendar month, written "2026-11" in code and "11/2026" to users.

Provinces that use the administrative period of Decree 09/2019 (15th of the previous month
to the 14th) are not served yet; when they are, it is this type that learns it.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    """Its days are computed once per object (cached_property writes past `frozen`)."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 2000 <= self.year <= 2100:
            raise ValueError(f"not a report period: {self.year}-{self.month:02d}")

    @classmethod
    def parse(cls, text: str) -> "Period":
        """ "2026-11" -> Period(2026, 11); ValueError for anything else."""
        match = _PATTERN.match(str(text).strip())
        if not match:
            raise ValueError(f"“{text}” is not a period (YYYY-MM)")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: date) -> "Period":
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        """As users read it: "11/2026"."""
        return f"{self.month:02d}/{self.year}"

    @cached_property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @cached_property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @cached_property
    def days(self) -> int:
        return self.last_day.day

    def next(self) -> "Period":
        return Period(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> "Period":
        return Period(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def range(self, last: "Period") -> list["Period"]:
        """This period through `last`, inclusive."""
        periods, current = [], self
        while current <= last:
            periods.append(current)
            current = current.next()
        return periods
