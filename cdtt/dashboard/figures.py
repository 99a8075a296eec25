"""The dashboard's figures for a unit's subtree and a range of months, read from the facts.

Who did it is read through the team: the figures of a unit are those of the teams at or
under it (as scoping and report figures do). Where it happened is read through the village:
coverage compares the households of a village with the help given there by any team.

The rules, for a range first..last (each rule counts seats, see `seats`):

- A seat counts from the day its member joined and until the day they left: a member who
  joined on the 16th of a 30-day month is in force for half of it (15/30).
- Participation: the share of seats held during the range with at least one activity in it.
- Performing: activities in the range at or above DASHBOARD_PERFORMING_THRESHOLD per month
  in force, so a member who joined mid-month needs the threshold pro rata (4 a month, joined
  on the 16th of a 30-day month: 2).
- The reference day is the last day of `last`, or today while `last` is still running.
  Inactive: a seat in force on the reference day without activity in `last`; "days since"
  counts from the last activity in that team, or from the member's start date if none.
- Dropout: a seat in force on the reference day, active in the month before `last`, and not
  in `last`.
"""

from collections import Counter, defaultdict
from datetime import date
from functools import cache, cached_property

from django.conf import settings
from django.db import connection
from django.db.models import Count, Model, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cdtt.activities.catalog import catalog
from cdtt.activities.measures import NAMES
from cdtt.activities.models import ActivityType, Counts
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.orgunits.subtree import subtree_q
from cdtt.periods import Period
from cdtt.reports.completeness import rollup
from cdtt.teams.models import Affiliation, Team
from cdtt.teams.rules import AGE_BANDS

from .lines import (
    ChildLine,
    Coverage,
    Listing,
    Participation,
    SeatLine,
    TrendPoint,
    TypeLine,
)
from .models import CommuneMonthFact, MemberMonthFact, MonthlyFact, ProvinceMonthFact
from .seats import SeatQuery, SeatSums, seats

# The lists of seats: which (SQL over the seat's row) and in what order.
LISTS = {
    "inactive": (SeatQuery.INACTIVE, SeatQuery.LONGEST_SILENCE),
    "dropouts": (SeatQuery.DROPOUTS, SeatQuery.BY_TEAM),
    "performing": (SeatQuery.PERFORMING, SeatQuery.BY_NAME),
    "all": (SeatQuery.EVERY, SeatQuery.BY_NAME),
}
PAGE_LISTS = ("inactive", "dropouts", "performing")  # what a page shows, read together

TREND_MONTHS = 12
NONE = (0,) * len(NAMES)  # the sums of a type without activities


def threshold() -> int:
    return settings.DASHBOARD_PERFORMING_THRESHOLD


def _sums_by_type(
    model: type[Model], column: str | None, value: int | None, first: Period, last: Period
) -> dict[int, tuple[int, ...]]:
    """The measures' sums of each type over first..last in the rows of `model` where `column` is
    `value` (every row without a column). The dashboards' most frequent read, so the
    statement is written out: for a commune, building it through the ORM took longer than
    the database took to answer it."""
    with connection.cursor() as cursor:
        cursor.execute(
            _sums_statement(connection.vendor, model._meta.db_table, column),
            [*([value] if column else []), str(first), str(last)],
        )
        return {row[0]: tuple(v or 0 for v in row[1:]) for row in cursor.fetchall()}


@cache
def _sums_statement(vendor: str, table: str, column: str | None) -> str:
    """The statement of `_sums_by_type`, written once per table (`vendor` keys the quoting)."""
    quote = connection.ops.quote_name
    sums = ", ".join(f"SUM({quote(name)})" for name in NAMES)
    where = f"{quote(column)} = %s AND " if column else ""
    return (
        f"SELECT type_id, {sums} FROM {quote(table)} "  # noqa: S608  # nosec B608 - names from our models
        f"WHERE {where}period >= %s AND period <= %s GROUP BY type_id"
    )


class Figures:
    """Every figure of the dashboard for `unit`'s subtree and first..last, each read once.

    Queries do not depend on the number of units or members: each figure is one GROUP BY
    over facts, or one statement over the seats (`seats.SeatQuery`), grouped to the units one
    level down in Python; lists of members are read a page at a time.
    """

    def __init__(
        self,
        unit: OrgUnit,
        first: Period,
        last: Period,
        today: date | None = None,
        team: Team | None = None,
    ):
        """`team`: only that team's work and seats (a team page), else the whole subtree."""
        if first > last:
            first, last = last, first
        self.unit, self.first, self.last, self.team = unit, first, last, team
        self._today = today
        self._read_pages: dict[int, dict[str, Listing]] = {}

    # What the figures are read for, worked out when a figure needs it: the most frequent
    # figure (activities by type) needs none of it, and it costs a tenth of that figure.

    @cached_property
    def today(self) -> date:
        return self._today or timezone.localdate()

    @cached_property
    def periods(self) -> list[Period]:
        return self.first.range(self.last)

    @cached_property
    def reference_day(self) -> date:
        return min(self.last.last_day, self.today)

    @cached_property
    def trend_periods(self) -> list[Period]:
        """The TREND_MONTHS months up to `last`."""
        first = self.last
        for _step in range(TREND_MONTHS - 1):
            first = first.previous()
        return first.range(self.last)

    # Reads, each one query.

    def _whose(self) -> Q:
        if self.team is not None:
            return Q(team=self.team)
        return subtree_q(MonthlyFact, self.unit.path)  # MemberMonthFact's path is the same

    def _area_facts(self):
        return MonthlyFact.objects.filter(
            self._whose(), period__gte=str(self.first), period__lte=str(self.last)
        ).order_by()

    @cached_property
    def _scope(self) -> tuple[type[Model], str | None, int | None]:
        """The fact table whose rows are the largest whole units the subtree is made of, and
        the column and value that pick the subtree's rows: the province rows for a province
        (all of them for the country), the commune rows for a commune; else the team rows
        of one team (a team page, or a village's own team). The tables have the same
        measures, `type` and `period`."""
        if self.team is not None:
            return MonthlyFact, "team_id", self.team.pk
        if self.unit.level == Level.VILLAGE:  # none yet: team_id = NULL, no row
            team = Team.objects.filter(unit=self.unit).values_list("pk", flat=True).first()
            return MonthlyFact, "team_id", team
        if self.unit.level == Level.COMMUNE:
            return CommuneMonthFact, "commune_id", self.unit.pk
        if self.unit.path:
            return ProvinceMonthFact, "province_id", self.unit.pk
        return ProvinceMonthFact, None, None  # the whole country

    def _summed_facts(self, **filters):
        model, column, value = self._scope
        whose = {column: value} if column else {}
        return model.objects.filter(**whose, **filters).order_by()

    def _commune_facts(self, **filters):
        """The commune rows of a province's subtree (or the country's)."""
        found = CommuneMonthFact.objects.all()
        if self.unit.path:
            found = found.filter(commune_id__in=self._commune_ids)
        return found.filter(**filters).order_by()

    @cached_property
    def _commune_ids(self) -> list[int]:
        """The subtree's communes, past ones included (their facts stay), as a list: with
        the ids in hand the database reads their rows by index instead of scanning the
        month's rows of the whole country to join them by path."""
        return list(
            OrgUnit.objects.in_subtree(self.unit)
            .filter(level=Level.COMMUNE)
            .order_by()
            .values_list("pk", flat=True)
        )

    def _member_facts(self):
        return MemberMonthFact.objects.filter(self._whose()).order_by()

    def _seat_query(self, periods: list[Period] | None = None) -> SeatQuery:
        return SeatQuery(self.unit, periods or self.periods, self.reference_day, self.team)

    @cached_property
    def _seat_sums(self) -> list[SeatSums]:
        """The range's seats summed by unit one level down, affiliation and age band (one
        statement): participation and its breakdowns add these up."""
        return self._seat_query().sums(threshold(), self.last.year)

    @cached_property
    def types(self) -> list[ActivityType]:
        return catalog()

    def listing(self, kind: str, limit: int | None = None) -> Listing:
        """The seats of a list ("inactive", "dropouts", "performing" or "all"), in its order:
        the first `limit` of them (all: None), with how many there are. A page's lists are
        read together, in one statement."""
        if limit is not None and kind in PAGE_LISTS:
            return self._pages(limit)[kind]
        return self._listings({kind: LISTS[kind]}, limit)[kind]

    def listing_page(self, kind: str, limit: int, offset: int) -> Listing:
        """`limit` seats of one list after its first `offset` (the API's pages of a list),
        with how many there are."""
        return self._listings({kind: LISTS[kind]}, limit, offset)[kind]

    def _pages(self, limit: int) -> dict[str, Listing]:
        if limit not in self._read_pages:
            lists = {kind: LISTS[kind] for kind in PAGE_LISTS}
            self._read_pages[limit] = self._listings(lists, limit)
        return self._read_pages[limit]

    def _listings(self, lists: dict, limit: int | None, offset: int = 0) -> dict[str, Listing]:
        found = self._seat_query().rows(lists, threshold(), limit, offset)
        keys = [work.key for works, _total in found.values() for work in works]
        seats_of = seats(
            self.unit,
            min(self.first.first_day, self.reference_day),
            self.last.last_day,
            self.team,
            keys=None if limit is None else keys,
        )
        performing_per_month = threshold()
        listings = {}
        for kind, (works, total) in found.items():
            lines = []
            for work in works:
                line = SeatLine(
                    seats_of[work.key],
                    activities=work.activities,
                    count=work.count,
                    days_active=work.days_active,
                    expected=work.expected(performing_per_month),
                    last_date=work.last_date,
                    in_force=work.since is not None,
                    this_month=work.this_month,
                    month_before=work.month_before,
                )
                since = line.last_date or work.since
                if line.in_force and since is not None:
                    line.days_since = (self.reference_day - since).days
                lines.append(line)
            listings[kind] = Listing(lines, total)
        return listings

    @cached_property
    def seat_lines(self) -> list[SeatLine]:
        """Every seat of the range with its figures, in team then member name order."""
        return self.listing("all").lines

    # The figures.

    def by_type(self) -> list[TypeLine]:
        """Per activity type in catalog order (inactive types only when they have activities)."""
        return self._type_lines

    @cached_property
    def _type_lines(self) -> list[TypeLine]:
        model, column, value = self._scope
        rows = _sums_by_type(model, column, value, self.first, self.last)
        return [TypeLine(t, *rows.get(t.pk, NONE)) for t in self.types if t.active or t.pk in rows]

    def totals(self) -> dict:
        """Every measure summed over the types, and the people helped (the count of the
        types that count people)."""
        lines = self.by_type()
        totals = {k: sum(line.values[k] for line in lines) for k in NAMES}
        totals["people"] = sum(
            line.values["count"] for line in lines if line.type.counts == Counts.PEOPLE
        )
        return totals

    def participation(self) -> Participation:
        return self._participation("all", _("All members"), self._seat_sums)

    def _participation(self, key, label, sums: list[SeatSums]) -> Participation:
        return Participation(
            key,
            str(label),
            seats=sum(s.seats for s in sums),
            active=sum(s.active for s in sums),
            performing=sum(s.performing for s in sums),
            activities=sum(s.activities for s in sums),
        )

    def by_affiliation(self) -> list[Participation]:
        groups = defaultdict(list)
        for sums in self._seat_sums:
            groups[sums.affiliation].append(sums)
        labels = dict(Affiliation.choices)
        order = [*Affiliation.values, ""]
        return [
            self._participation(key, labels.get(key, _("Not recorded")), groups[key])
            for key in order
            if groups[key]
        ]

    def by_child(self) -> dict[int | None, Participation]:
        """Participation in each unit one level down with seats (None: the unit's own team),
        by unit id; the ranking names them."""
        return {
            key: self._participation(str(key), str(key), sums)
            for key, sums in self._sums_by_child.items()
        }

    @cached_property
    def _sums_by_child(self) -> dict[int | None, list[SeatSums]]:
        groups = defaultdict(list)
        for sums in self._seat_sums:
            groups[sums.child].append(sums)
        return groups

    def by_age_band(self) -> list[Participation]:
        """Age reached in the year of `last` (members give their birth year only)."""
        groups = defaultdict(list)
        for sums in self._seat_sums:
            groups[sums.age_band].append(sums)
        return [
            self._participation(key, label, groups[key])
            for key, label, _low, _high in AGE_BANDS
            if groups[key]
        ]

    def trend(self) -> list[TrendPoint]:
        """Twelve months up to `last`: activities, people helped, seats and active seats."""
        texts = [str(p) for p in self.trend_periods]
        area = {
            r["period"]: r
            for r in self._summed_facts(period__in=texts)
            .values("period")
            .annotate(
                activities=Sum("activities"),
                people=Sum("count", filter=Q(type__counts=Counts.PEOPLE)),
            )
        }
        active = dict(
            self._member_facts()
            .filter(period__in=texts)
            .values("period")
            .annotate(n=Count("id"))
            .values_list("period", "n")
        )
        held = dict(
            zip(self.trend_periods, self._seat_query(self.trend_periods).held(), strict=True)
        )
        points = []
        for period in self.trend_periods:
            row = area.get(str(period), {})
            points.append(
                TrendPoint(
                    period,
                    activities=row.get("activities") or 0,
                    people=row.get("people") or 0,
                    seats=held[period],
                    active=active.get(str(period), 0),
                )
            )
        return points

    @cached_property
    def children(self) -> list[OrgUnit]:
        return list(self.unit.children.current().vietnamese_order())

    def coverage(self) -> tuple[Coverage, list[Coverage]]:
        """Households reached (visits of the types that count households) against the
        villages' baselines, for the subtree and for each unit one level down."""
        baselines = list(
            OrgUnit.objects.in_subtree(self.unit)
            .filter(households__isnull=False)
            .order_by()
            .values_list("pk", "path", "households", "households_without_smartphone")
        )
        help_given = MonthlyFact.objects.filter(
            period__gte=str(self.first), period__lte=str(self.last)
        )
        if self.unit.path:  # the villages by id: read by index, not the country's month
            help_given = help_given.filter(village_id__in=[pk for pk, *_rest in baselines])
        help_given = {
            r["village_id"]: r
            for r in help_given.order_by()
            .values("village_id")
            .annotate(
                reached=Sum("count", filter=Q(type__counts=Counts.HOUSEHOLDS)),
                met=Sum("households_without_smartphone"),
            )
        }
        total = Coverage(self.unit)
        by_child = {child.pk: Coverage(child) for child in self.children}
        for pk, path, households, without in baselines:
            row = help_given.get(pk, {})
            for cover in (total, by_child.get(self.unit.child_toward(path))):
                if cover is None:
                    continue
                cover.villages += 1
                cover.households += households
                cover.without_smartphone += without or 0
                cover.reached += row.get("reached") or 0
                cover.met_without_smartphone += row.get("met") or 0
        return total, [c for c in by_child.values() if c.villages]

    def completeness(self) -> dict:
        """Report completeness of `last` (cdtt.reports.completeness), with its children."""
        return rollup(self.unit, self.last, now=None, rows=False)

    @cached_property
    def _area_by_child(self) -> dict[int | None, Counter]:
        """The count and the people helped of each unit one level down (None: the unit's
        own team), by the teams' units."""
        area = defaultdict(Counter)
        # Below a province the children are communes: their own rows are enough.
        by_commune = self.team is None and self.unit.level == Level.PROVINCE
        if by_commune:  # a province's children are its communes
            in_range = {"period__gte": str(self.first), "period__lte": str(self.last)}
            facts, child_of = self._commune_facts(**in_range), "commune_id"
        else:
            facts, child_of = self._area_facts(), "team__unit__path"
        for r in facts.values(child_of, "type__counts").annotate(count=Sum("count")):
            child = r[child_of] if by_commune else self.unit.child_toward(r[child_of])
            area[child]["count"] += r["count"] or 0
            if r["type__counts"] == Counts.PEOPLE:
                area[child]["people"] += r["count"] or 0
        return area

    def people_by_child_total(self) -> int:
        """The people helped by the teams of the subtree (what the ranking's rows sum to)."""
        return sum(area["people"] for area in self._area_by_child.values())

    def ranking_rest(self, completeness: dict | None = None) -> dict[str, ChildLine]:
        """What the ranking's rows leave out, so that they add up to the whole: the unit's
        own team ("own") and units no longer current ("elsewhere"), when they hold seats or
        activities. Their `unit` is the unit itself."""
        current = {child.pk for child in self.children}
        groups = {"own": [None], "elsewhere": []}
        keys = set(self._sums_by_child) | set(self._area_by_child)
        groups["elsewhere"] = [k for k in keys if k is not None and k not in current]
        rates = {}
        if completeness is not None:
            for name in groups:
                part = completeness.get(name)
                rates[name] = part.rate if part is not None and part.expected else None
        rest = {}
        for name, members in groups.items():
            sums = [s for key in members for s in self._sums_by_child.get(key, [])]
            count = sum(self._area_by_child[key]["count"] for key in members)
            people = sum(self._area_by_child[key]["people"] for key in members)
            line = ChildLine(
                self.unit,
                self._participation(name, name, sums),
                count=count,
                people=people,
                completeness=rates.get(name),
            )
            if line.participation.seats or count:
                rest[name] = line
        return rest

    def ranking(self, completeness: dict | None = None) -> list[ChildLine]:
        """The units one level down, best participation first."""
        if not self.children:
            return []
        area = self._area_by_child
        by_child = self._sums_by_child
        rates = {}
        if completeness is not None:
            rates = {c.pk: s.rate if s.expected else None for c, s in completeness["children"]}
        lines = [
            ChildLine(
                child,
                self._participation(str(child.pk), child.name, by_child.get(child.pk, [])),
                count=area[child.pk]["count"],
                people=area[child.pk]["people"],
                completeness=rates.get(child.pk),
            )
            for child in self.children
        ]
        return sorted(
            lines,
            key=lambda c: (
                -(c.participation.share if c.participation.share is not None else -1),
                -c.participation.activities,
                c.unit.name_sort,
            ),
        )
