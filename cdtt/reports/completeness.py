"""Who was expected to report for a month, and who did: on time, late, or missing.

The rule for members who join or leave during the month: a member is expected to report to
a team when their membership covers at least EXPECTED_MIN_DAYS days of the month (half a
month). Someone who joined on the 28th or left on the 3rd is not expected; if they report
anyway, their report is kept and shown, but completeness counts only expected members, so
it can never pass 100%.

A report counts from its (latest) submission; one returned by the leader counts again only
when it is submitted again. Before the deadline, a member who has not reported is
"pending"; after it, "missing".
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import connection
from django.utils import timezone

from cdtt.orgunits.models import OrgUnit
from cdtt.periods import Period
from cdtt.teams.models import Membership, Team

from .models import MonthlyReport, ReportSettings, Status

EXPECTED_MIN_DAYS = 15
DEFAULT_DEADLINE_DAY = 5
COUNTED = (Status.SUBMITTED, Status.CONFIRMED, Status.APPROVED)


class Timeliness:
    ON_TIME = "on_time"
    LATE = "late"
    PENDING = "pending"
    MISSING = "missing"


def _deadline_day(province: OrgUnit) -> int:
    """The province's deadline day, read once per province object (a page asks for it in
    several places)."""
    day = getattr(province, "_cdtt_deadline_day", None)
    if day is None:
        settings = ReportSettings.objects.filter(province=province).first()
        day = province._cdtt_deadline_day = (  # type: ignore[attr-defined]
            settings.deadline_day if settings else DEFAULT_DEADLINE_DAY
        )
    return day


def deadline_for(province: OrgUnit | None, period: Period) -> datetime:
    """End of the deadline day in the month after the period (the province's day, or the 5th)."""
    day = _deadline_day(province) if province else DEFAULT_DEADLINE_DAY
    following = period.next()
    last = min(day, following.days)
    return timezone.make_aware(
        datetime.combine(date(following.year, following.month, last), time.max)
    )


def overlap_days(start: date, end: date | None, period: Period) -> int:
    first = max(start, period.first_day)
    last = min(end or period.last_day, period.last_day)
    return max(0, (last - first).days + 1)


@dataclass
class Expected:
    membership: Membership
    status: str
    report: MonthlyReport | None = None


@dataclass
class Summary:
    expected: int = 0
    counts: Counter = field(default_factory=Counter)

    @property
    def reported(self) -> int:
        return self.counts[Timeliness.ON_TIME] + self.counts[Timeliness.LATE]

    @property
    def rate(self) -> float:
        """Share of expected members who reported, 0..1."""
        return self.reported / self.expected if self.expected else 0.0

    def as_dict(self) -> dict:
        return {
            "expected": self.expected,
            "on_time": self.counts[Timeliness.ON_TIME],
            "late": self.counts[Timeliness.LATE],
            "pending": self.counts[Timeliness.PENDING],
            "missing": self.counts[Timeliness.MISSING],
            "rate": round(self.rate, 4),
        }


def _timeliness(submitted_at: datetime | None, reported: bool, deadline: datetime, now) -> str:
    if reported and submitted_at and submitted_at <= deadline:
        return Timeliness.ON_TIME
    if reported:
        return Timeliness.LATE
    return Timeliness.PENDING if now <= deadline else Timeliness.MISSING


def _expected(memberships, period: Period):
    """The memberships expected to report (one per team and member, the first one seen)."""
    seen = set()
    for membership in memberships:
        start, end, key = membership[0], membership[1], membership[2]
        if key in seen or overlap_days(start, end, period) < EXPECTED_MIN_DAYS:
            continue
        seen.add(key)
        yield membership


def expected_members(
    unit: OrgUnit, period: Period, now: datetime | None = None, team: Team | None = None
) -> list[Expected]:
    """Every expected (team, member) of the subtree (or of one team) with its timeliness, in
    two queries."""
    now = now or timezone.now()
    deadline = deadline_for(unit.province, period)

    def whose(queryset):
        return queryset.filter(team=team) if team is not None else queryset.in_subtree(unit)

    memberships = (
        (m.start, m.end, (m.team_id, m.member_id), m)
        for m in whose(Membership.objects.overlapping(period.first_day, period.last_day))
        .select_related("member__user", "team__unit")
        .order_by("team__unit__name_sort", "member__name_sort")
    )
    reports = {
        (r.team_id, r.member_id): r
        for r in whose(MonthlyReport.objects.filter(period=str(period), status__in=COUNTED))
    }
    rows = []
    for _start, _end, key, membership in _expected(memberships, period):
        report = reports.get(key)
        submitted = report.submitted_at if report is not None else None
        status = _timeliness(submitted, report is not None, deadline, now)
        rows.append(Expected(membership, status, report))
    return rows


def summarize(rows: list[Expected]) -> Summary:
    summary = Summary(expected=len(rows))
    summary.counts.update(row.status for row in rows)
    return summary


def rollup(unit: OrgUnit, period: Period, now: datetime | None = None, rows: bool = True) -> dict:
    """Completeness of the unit and of each unit one level down (by path).

    "own" sums the members of the unit's own team (a commune's team is no village's) and
    "elsewhere" those of units no longer current (merged villages), so that the children's
    rows, "own" and "elsewhere" add up to the total.

    rows=False counts without building the rows (who, which report): what dashboards and
    the API need, from plain values, so a province's ten thousand members cost no objects."""
    children = list(unit.children.current().vietnamese_order())
    result = {"unit": unit, "period": period, "deadline": deadline_for(unit.province, period)}
    if rows:
        expected = expected_members(unit, period, now)
        by_child = {child.pk: [] for child in children}
        own, elsewhere = [], []
        for row in expected:
            child_id = unit.child_toward(row.membership.team.unit.path)
            if child_id is None:
                own.append(row)
            else:
                by_child.get(child_id, elsewhere).append(row)
        result.update(
            total=summarize(expected),
            children=[(child, summarize(by_child[child.pk])) for child in children],
            own=summarize(own),
            elsewhere=summarize(elsewhere),
            rows=expected,
        )
        return result
    total, own, elsewhere = Summary(), Summary(), Summary()
    by_child = {child.pk: Summary() for child in children}
    counted = _count(unit, period, result["deadline"], now or timezone.now())
    for (child_id, status), n in counted.items():
        part = own if child_id is None else by_child.get(child_id, elsewhere)
        for summary in (total, part):
            summary.expected += n
            summary.counts[status] += n
    result.update(
        total=total,
        children=[(child, by_child[child.pk]) for child in children],
        own=own,
        elsewhere=elsewhere,
    )
    return result


def _count(unit: OrgUnit, period: Period, deadline: datetime, now: datetime) -> Counter:
    """(child id or None, timeliness) → expected (team, member) pairs of the subtree, in one
    SQL statement: the rules of `expected_members` (a membership of at least
    EXPECTED_MIN_DAYS days in the month, each pair once, the counted report's submission
    against the deadline) without reading a row per member."""
    ops, vendor = connection.ops, connection.vendor
    first, last = period.first_day, period.last_day
    start = len(unit.path) + 1  # the child's id is the path's next segment
    if vendor == "postgresql":
        days = 'LEAST(COALESCE(m."end", %s), %s) - GREATEST(m.start, %s) + 1'
        child = "split_part(substr(u.path, %s), '/', 1)"
        child_params = [start]
    else:
        days = 'julianday(MIN(COALESCE(m."end", %s), %s)) - julianday(MAX(m.start, %s)) + 1'
        child = "substr(substr(u.path, %s), 1, instr(substr(u.path, %s), '/') - 1)"
        child_params = [start, start]
    membership, team = Membership._meta.db_table, Team._meta.db_table
    report, orgunit = MonthlyReport._meta.db_table, OrgUnit._meta.db_table
    statuses = ", ".join(["%s"] * len(COUNTED))
    pending = Timeliness.PENDING if now <= deadline else Timeliness.MISSING
    statement = (
        f"SELECT child, CASE WHEN reported = 1 AND submitted <= %s THEN %s "  # noqa: S608  # nosec B608 - names from our models
        f"WHEN reported = 1 THEN %s ELSE %s END, COUNT(*) FROM (SELECT {child} AS child, "
        "MAX(CASE WHEN r.id IS NULL THEN 0 ELSE 1 END) AS reported, "
        f"MAX(r.submitted_at) AS submitted FROM {membership} m "
        f"JOIN {team} t ON t.id = m.team_id JOIN {orgunit} u ON u.id = t.unit_id "
        f"LEFT JOIN {report} r ON r.team_id = m.team_id AND r.member_id = m.member_id "
        f"AND r.period = %s AND r.status IN ({statuses}) "
        'WHERE u.path LIKE %s AND m.start <= %s AND (m."end" IS NULL OR m."end" >= %s) '
        f"AND {days} >= %s GROUP BY t.id, m.member_id, u.path) pairs GROUP BY 1, 2"
    )
    params = [
        ops.adapt_datetimefield_value(deadline), Timeliness.ON_TIME, Timeliness.LATE, pending,
        *child_params, str(period), *COUNTED, unit.path + "%", last, first, last, last, first,
        EXPECTED_MIN_DAYS,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return Counter({(int(c) if c else None, status): n for c, status, n in cursor.fetchall()})
