"""Seats: a member's place in one team over a range of months, and what was done in it.

A person on a commune team and a village team holds two seats; figures count seats, as
report completeness counts (team, member) pairs. A member who left and came back holds one
seat with two spans; the spans of a seat never overlap (`add_membership` and, on PostgreSQL,
an exclusion constraint refuse it), so their days add up.

The rules of a seat over a range (the days it was held, month by month; whether it is in
force on the reference day; its work, from the member facts) are worked out by the database
for the whole subtree in one statement (`SeatQuery`): a country holds 370,000 seats, and
reading them into Python to apply the rules cost twenty seconds. Python reads what a page
shows: the sums by unit, affiliation and birth year, or one page of a list of seats.

Part months are compared exactly, in whole numbers: a day of a month of `n` days weighs
MONTH / n, so a seat's months in force are `held / MONTH` (MONTH is divisible by 28, 29, 30
and 31).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from django.db import connection

from cdtt.orgunits.models import OrgUnit
from cdtt.periods import Period
from cdtt.teams.models import Member, Membership, Team, TeamRole

from .models import MemberMonthFact

MONTH = 377_580  # the least common multiple of 28, 29, 30 and 31
EPOCH = date(2000, 1, 1)  # days are numbered from it in the statements
END = 'm."end"'  # a membership's end (a reserved word, quoted)
EVERY_TEAM = "1 = 1"


@dataclass(frozen=True, slots=True)
class SeatMember:
    """What figures read of a member, built from plain values."""

    pk: int
    full_name: str
    name_sort: str
    birth_year: int | None
    affiliation: str


@dataclass
class Seat:
    member: SeatMember
    team: Team
    spans: list[tuple[date, date | None]] = field(default_factory=list)
    role: str = ""  # the role of the latest membership (leader, deputy, member)

    @property
    def key(self) -> tuple[int, int]:
        return self.member.pk, self.team.id


@dataclass(frozen=True, slots=True)
class SeatWork:
    """One seat's row of a `SeatQuery`: its months in force over the range (`held / MONTH`),
    the start of its span in force on the reference day (None: not in force), and its work."""

    member_id: int
    team_id: int
    held: int
    since: date | None
    activities: int
    count: int
    days_active: int
    this_month: int
    month_before: int
    last_date: date | None = None

    @property
    def key(self) -> tuple[int, int]:
        return self.member_id, self.team_id

    def expected(self, threshold: int) -> Fraction:
        """Activities a performing member does: the threshold per month in force."""
        return Fraction(threshold * self.held, MONTH)


@dataclass(frozen=True, slots=True)
class SeatSums:
    """The seats of one (unit one level down, affiliation, age band) group."""

    child: int | None
    affiliation: str
    age_band: str  # a key of AGE_BANDS
    seats: int
    active: int
    performing: int
    activities: int


def _day(column: str) -> str:
    """A date column as its day number since EPOCH."""
    if connection.vendor == "postgresql":
        return f"({column} - DATE '2000-01-01')"
    return f"CAST(julianday({column}) - julianday('2000-01-01') AS INTEGER)"


def _number(day: date) -> int:
    return (day - EPOCH).days


def _date(number: int | None) -> date | None:
    return None if number is None else EPOCH + timedelta(days=number)


def _greatest_least() -> tuple[str, str]:
    """The two-argument GREATEST and LEAST (SQLite's are MAX and MIN)."""
    return ("GREATEST", "LEAST") if connection.vendor == "postgresql" else ("MAX", "MIN")


def _tables() -> dict:
    return {
        "membership": Membership._meta.db_table,
        "team": Team._meta.db_table,
        "unit": OrgUnit._meta.db_table,
        "member": Member._meta.db_table,
        "fact": MemberMonthFact._meta.db_table,
    }


class SeatQuery:
    """The seats of a subtree (or of one team) held during `periods` (consecutive months),
    as SQL: `sums` groups them, `rows` reads them a page at a time, `held` counts them month
    by month."""

    def __init__(
        self, unit: OrgUnit, periods: list[Period], reference_day: date, team: Team | None = None
    ):
        self.unit, self.periods, self.team = unit, periods, team
        self.reference_day = reference_day
        self.first, self.last = periods[0], periods[-1]
        self.months: list[Period] = list(periods)  # the months of p (see _months)
        self.params: dict = {}

    # The statement's parts.

    def _months(self, lists: bool) -> str:
        """The range's months as a table p (n, lo, hi, weight, period), days as numbers;
        for the lists, also the month before the range's last month when it lies outside
        the range (weight 0: its days are not held in the range, its facts say who
        stopped)."""
        months = list(self.periods)
        previous = self.last.previous()
        if lists and previous < self.first:
            months.append(previous)
        values = []
        for n, period in enumerate(months):
            self.params.update(
                {
                    f"lo{n}": _number(period.first_day),
                    f"hi{n}": _number(period.last_day),
                    f"w{n}": MONTH // period.days if n < len(self.periods) else 0,
                    f"p{n}": str(period),
                }
            )
            values.append(f"({n}, %(lo{n})s, %(hi{n})s, %(w{n})s, %(p{n})s)")
        self.months = months
        return f"p (n, lo, hi, weight, period) AS (VALUES {', '.join(values)})"

    def _scope(self) -> str:
        """Which teams (t, of unit u) the statement reads: one, a subtree, or every one."""
        if self.team is not None:
            self.params["team"] = self.team.pk
            return "t.id = %(team)s"
        if self.unit.path:
            self.params["path"] = self.unit.path + "%"
            return "u.path LIKE %(path)s"
        return EVERY_TEAM  # the whole country: no filter to apply row by row

    def _spans(self, sums: bool) -> str:
        """The memberships in force on a day of the months p or on the reference day, with
        their days as numbers (m.s, m.e) and, for the sums, the id of the unit one level
        down the team is in (m.child)."""
        child = "NULL"
        if sums:
            self.params["start"] = len(self.unit.path) + 1
            if connection.vendor == "postgresql":
                child = "split_part(substr(u.path, %(start)s), '/', 1)"
            else:
                tail = "substr(u.path, %(start)s)"
                child = f"substr({tail}, 1, instr({tail}, '/') - 1)"
            child = f"CAST(NULLIF({child}, '') AS INTEGER)"
        # Spans of the months p (the month before the range too, for the lists: its facts
        # may belong to a span that ended before the range) and of the reference day.
        self.params["from_day"] = min(min(self.months).first_day, self.reference_day)
        self.params["to_day"] = self.last.last_day
        return (
            f"m AS (SELECT m.member_id, m.team_id, {child} AS child, {_day('m.start')} AS s, "  # noqa: S608  # nosec B608 - our names
            f"{_day(END)} AS e FROM {{membership}} m "
            "JOIN {team} t ON t.id = m.team_id JOIN {unit} u ON u.id = t.unit_id "
            f'WHERE {self._scope()} AND m.start <= %(to_day)s AND (m."end" IS NULL OR '
            'm."end" >= %(from_day)s))'
        )

    def _work(self, lists: bool) -> str:
        """The seat's work from its member facts f, one joined per span and month: a month's
        fact is read once (MAX) however many spans of the seat touch that month."""
        in_range = range(len(self.periods))

        def summed(column: str) -> str:
            return " + ".join(
                f"COALESCE(MAX(CASE WHEN p.n = {n} THEN f.{column} END), 0)" for n in in_range
            )

        columns = {"activities": summed("activities")}
        if lists:
            last, before = len(self.periods) - 1, self.months.index(self.last.previous())
            columns.update(
                helped=summed('"count"'),
                days_active=summed("days_active"),
                this_month=f"COALESCE(MAX(CASE WHEN p.n = {last} THEN f.activities END), 0)",
                month_before=f"COALESCE(MAX(CASE WHEN p.n = {before} THEN f.activities END), 0)",
            )
        return ", ".join(f"{sql} AS {name}" for name, sql in columns.items())

    def _seat(self, lists: bool) -> str:
        """WITH … seat (member_id, team_id, child, held, since, activities, and for the lists
        helped, days_active, this_month, month_before): one row per seat held on a day of
        the range, in one grouping of its spans (each clipped to each month it touches,
        its days weighed; a seat's spans never overlap, so their days add up) joined to the
        seat's member facts of those months."""
        greatest, least = _greatest_least()
        months = self._months(lists)
        self.params.update(
            reference=_number(self.reference_day),
            facts_from=str(min(self.months)),
            last=str(self.last),
        )
        held = (
            f"SUM(COALESCE(p.weight * ({least}(COALESCE(m.e, p.hi), p.hi) - "
            f"{greatest}(m.s, p.lo) + 1), 0))"
        )
        return (
            f"WITH {months}, {self._spans(sums=not lists)}, "  # noqa: S608  # nosec B608 - our names
            f"seat AS (SELECT m.member_id, m.team_id, MAX(m.child) AS child, {held} AS held, "
            "MAX(CASE WHEN m.s <= %(reference)s AND (m.e IS NULL OR m.e >= %(reference)s) "
            f"THEN m.s END) AS since, {self._work(lists)} FROM m LEFT JOIN p ON m.s <= p.hi "
            "AND (m.e IS NULL OR m.e >= p.lo) LEFT JOIN {fact} f ON f.member_id = m.member_id "
            "AND f.team_id = m.team_id AND f.period = p.period AND f.period >= "
            "%(facts_from)s AND f.period <= %(last)s GROUP BY m.member_id, m.team_id "
            f"HAVING {held} > 0) "
        )

    def _run(self, statement: str) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(statement.format(**_tables()), self.params)
            return cursor.fetchall()

    # What is read.

    def sums(self, threshold: int, year: int) -> list[SeatSums]:
        """The seats grouped by unit one level down, affiliation and age band (the age
        reached in `year`)."""
        from cdtt.teams.rules import AGE_BANDS, UNKNOWN_AGE

        self.params = {"threshold": threshold, "month": MONTH, "year": year}
        bands = " ".join(
            f"WHEN %(year)s - mb.birth_year BETWEEN {int(low)} AND {int(high)} THEN '{key}'"
            for key, _label, low, high in AGE_BANDS
            if low is not None
        )
        statement = self._seat(lists=False) + (
            "SELECT s.child, mb.affiliation, CASE WHEN mb.birth_year IS NULL THEN "  # noqa: S608  # nosec B608 - our names
            f"'{UNKNOWN_AGE}' {bands} ELSE '{UNKNOWN_AGE}' END, COUNT(*), "
            "SUM(CASE WHEN s.activities > 0 THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN {self.PERFORMING} THEN 1 ELSE 0 END), SUM(s.activities) "
            "FROM seat s JOIN {member} mb ON mb.id = s.member_id GROUP BY 1, 2, 3"
        )
        return [
            SeatSums(child, affiliation or "", band, *numbers)
            for child, affiliation, band, *numbers in self._run(statement)
        ]

    # Which seats a list shows, and in what order (SQL over seat s, member mb, unit u, and
    # {last}, the day number of the seat's last activity).
    INACTIVE = "s.since IS NOT NULL AND s.this_month = 0"
    DROPOUTS = "s.since IS NOT NULL AND s.month_before > 0 AND s.this_month = 0"
    # In 64 bits: a seat's month of 5,688 activities (a team's import under its leader) times
    # MONTH passes 2**31.
    PERFORMING = (
        "s.activities > 0 AND CAST(s.activities AS BIGINT) * %(month)s >= %(threshold)s * s.held"
    )
    EVERY = "1 = 1"
    LONGEST_SILENCE = "COALESCE({last}, s.since), mb.name_sort, s.member_id, s.team_id"
    BY_TEAM = "u.name_sort, s.member_id, s.team_id"
    BY_NAME = "u.name_sort, mb.name_sort, s.member_id, s.team_id"

    def rows(
        self,
        lists: dict[str, tuple[str, str]],
        threshold: int,
        limit: int | None = None,
        offset: int = 0,
    ) -> dict[str, tuple[list[SeatWork], int]]:
        """For each list (name → the seats `where` holds, in `order`), `limit` of its seats
        (all: None) after the first `offset`, and how many there are in all; one statement
        for them all."""
        self.params = {"threshold": threshold, "month": MONTH}
        seat = self._seat(lists=True)
        last = (
            f"(SELECT MAX({_day('f.last_date')}) FROM {{fact}} f "  # noqa: S608  # nosec B608 - our names
            "WHERE f.member_id = s.member_id AND f.team_id = s.team_id AND f.period <= %(last)s)"
        )
        # Each list numbered in its order, then cut: the last activity (an index read per
        # seat) is read for the rows kept, unless the order needs it.
        names = list(lists)
        numbered = " UNION ALL ".join(
            f"SELECT {n} AS list, s.*, COUNT(*) OVER () AS total, ROW_NUMBER() OVER "  # noqa: S608  # nosec B608 - our names
            f"(ORDER BY {order.format(last=last)}) AS place FROM seat s "
            "JOIN {member} mb ON mb.id = s.member_id JOIN {team} t ON t.id = s.team_id "
            f"JOIN {{unit}} u ON u.id = t.unit_id WHERE {where}"
            for n, (where, order) in enumerate(lists[name] for name in names)
        )
        statement = (
            f"{seat}SELECT s.list, s.member_id, s.team_id, s.held, s.since, s.activities, "  # noqa: S608  # nosec B608 - our names
            f"s.helped, s.days_active, s.this_month, s.month_before, {last}, s.total "
            f"FROM ({numbered}) s "
        )
        if limit is not None:
            statement += f"WHERE s.place > {int(offset)} AND s.place <= {int(offset + limit)} "
        statement += "ORDER BY s.list, s.place"
        works: dict[str, list[SeatWork]] = {name: [] for name in names}
        totals = dict.fromkeys(names, 0)
        for row in self._run(statement):
            n, member_id, team_id, held, since, activities, helped, days, this, before = row[:10]
            last_day, totals[names[n]] = row[10], row[11]
            works[names[n]].append(
                SeatWork(member_id, team_id, held, _date(since), activities, helped, days, this,
                         before, _date(last_day))
            )  # fmt: skip
        return {name: (works[name], totals[name]) for name in names}

    def held(self) -> list[int]:
        """For each month of the range, how many seats were held on a day of it."""
        self.params = {}
        statement = (
            f"WITH {self._months(lists=False)}, {self._spans(sums=False)} "  # noqa: S608  # nosec B608 - our names
            "SELECT n, COUNT(*) FROM (SELECT DISTINCT m.member_id, m.team_id, p.n FROM m "
            "JOIN p ON m.s <= p.hi AND (m.e IS NULL OR m.e >= p.lo)) held GROUP BY n"
        )
        counts = dict(self._run(statement))
        return [counts.get(n, 0) for n in range(len(self.periods))]


def seats(
    unit: OrgUnit,
    first_day: date,
    last_day: date,
    team: Team | None = None,
    keys: Iterable[tuple[int, int]] | None = None,
) -> dict[tuple[int, int], Seat]:
    """The seats of the subtree's teams (or of one team) held on a day of first_day..last_day,
    by (member, team), in team then member name order; with `keys`, only those seats (a
    page of a list). Three queries.

    Memberships are read as plain values and each team and member built once: a province
    has ten thousand seats but a few thousand teams."""
    memberships = Membership.objects.overlapping(first_day, last_day)
    if team is not None:
        memberships = memberships.filter(team=team)
    else:
        memberships = memberships.in_subtree(unit)
    if keys is not None:
        keys = set(keys)
        memberships = memberships.filter(
            member_id__in={m for m, _t in keys}, team_id__in={t for _m, t in keys}
        )
    rows = [
        row
        for row in memberships.order_by(
            "team__unit__name_sort", "member__name_sort", "member_id", "start"
        ).values_list("member_id", "team_id", "start", "end", "role")
        if keys is None or row[:2] in keys
    ]
    # Subqueries, not lists of thousands of ids: the database finds them faster than the
    # driver can send a list.
    teams = {
        t.pk: t
        for t in Team.objects.filter(pk__in=memberships.values("team_id")).select_related(
            "unit__parent"
        )
    }
    members = {
        row[0]: SeatMember(*row[:4], row[4] or "")
        for row in Member.objects.filter(pk__in=memberships.values("member_id")).values_list(
            *SEAT_MEMBER
        )
    }
    roles = dict(TeamRole.choices)
    found: dict[tuple[int, int], Seat] = {}
    for member_id, team_id, start, end, role in rows:
        seat = found.get((member_id, team_id))
        if seat is None:
            seat = found[member_id, team_id] = Seat(members[member_id], teams[team_id])
        seat.spans.append((start, end))
        seat.role = roles.get(role, role)  # ordered by start: the latest wins
    return found


# What figures read of a member (SeatMember's fields).
SEAT_MEMBER = ("id", "full_name", "name_sort", "birth_year", "affiliation")
