"""Each selector against its floor: the same answer from one hand-written SQL statement over
the same tables on the same database, timed in the same run, alternating, median of N.

Every pair is also checked to give the same answer, so a fast wrong selector cannot pass.
"""

import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from functools import partial

from django.db import connection, transaction
from django.utils import timezone

from cdtt.activities import measures
from cdtt.dashboard import facts
from cdtt.dashboard.figures import Figures, threshold
from cdtt.dashboard.models import (
    CommuneMonthFact,
    MemberMonthFact,
    MonthlyFact,
    ProvinceMonthFact,
)
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.periods import Period
from cdtt.reports.completeness import COUNTED, EXPECTED_MIN_DAYS, rollup
from cdtt.reports.exports.document import build
from cdtt.reports.exports.docx import write_docx
from cdtt.reports.exports.xlsx import write_xlsx
from cdtt.teams.rules import age_band

from .data import Dataset, table, vacuum
from .table import Row

# Sub-millisecond pairs: samples of 50 ms, enough of them that one descheduled sample on a
# small machine does not move the median. The raw aggregate is timed on its own after the
# pair, so that its pass over the activities does not sit between a selector and its floor.
PAIR_REPEAT = 15
MEASURES = list(measures.NAMES)  # the fact columns, as declared


def timed(
    *functions: Callable, repeat: int = 5, sample_ms: float = 50.0
) -> list[tuple[float, object]]:
    """Median milliseconds of one call of each function (run alternately after one warm-up
    each), with each function's last answer. A sample times as many calls back to back as
    fill about `sample_ms` (one for anything slower), so that a selector of half a
    millisecond is not measured by the timer's and the scheduler's noise."""
    answers, loops = [], []
    for function in functions:
        start = time.perf_counter()
        answers.append(function())
        took = (time.perf_counter() - start) * 1000
        loops.append(max(1, min(1000, int(sample_ms / max(took, 0.001)))))
    times: list[list[float]] = [[] for _ in functions]
    for _round in range(repeat):
        for i, function in enumerate(functions):
            start = time.perf_counter()
            for _loop in range(loops[i]):
                answers[i] = function()
            times[i].append((time.perf_counter() - start) * 1000 / loops[i])
    return [(statistics.median(t), a) for t, a in zip(times, answers, strict=True)]


def sql(statement: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


def country() -> OrgUnit:
    """The whole country as a unit: every path starts with the empty path."""
    return OrgUnit(name="Cả nước", path="", level=Level.PROVINCE)


# Activities by type: the dashboard's main figure.


def _by_type_selector(unit: OrgUnit, first: Period, last: Period) -> dict:
    lines = Figures(unit, first, last).by_type()
    return {line.type.pk: [getattr(line, m) for m in MEASURES] for line in lines if line.activities}


def _by_type_floor(unit: OrgUnit, first: Period, last: Period) -> dict:
    """The rows of the largest whole units: the unit's own province or commune rows, or every
    province's for the country."""
    sums = ", ".join(f"SUM(f.{m})" for m in MEASURES)
    if unit.level == Level.COMMUNE:
        facts, where, params = "dashboard.CommuneMonthFact", "f.commune_id = %s AND", [unit.pk]
    elif unit.path:
        facts, where, params = "dashboard.ProvinceMonthFact", "f.province_id = %s AND", [unit.pk]
    else:
        facts, where, params = "dashboard.ProvinceMonthFact", "", []
    rows = sql(
        f"SELECT f.type_id, {sums} FROM {table(facts)} f "  # noqa: S608
        f"WHERE {where} f.period >= %s AND f.period <= %s GROUP BY f.type_id",
        [*params, str(first), str(last)],
    )
    return {r[0]: [int(v) for v in r[1:]] for r in rows}


def _by_type_raw(unit: OrgUnit, first: Period, last: Period) -> dict:
    columns = list(measures.FIELDS)
    sums = ", ".join(f"SUM(a.{c})" for c in columns)
    rows = sql(
        f"SELECT a.type_id, COUNT(*), {sums} FROM {table('activities.Activity')} a "  # noqa: S608
        f"JOIN {table('teams.Team')} t ON t.id = a.team_id "
        f"JOIN {table('orgunits.OrgUnit')} u ON u.id = t.unit_id "
        "WHERE u.path LIKE %s AND a.date >= %s AND a.date <= %s GROUP BY a.type_id",
        [unit.path + "%", first.first_day, last.last_day],
    )
    return {r[0]: [int(v) for v in r[1:]] for r in rows}


def days_in_month() -> str:
    """SQL: the days of a membership m within a month; parameters: last, last, first."""
    if connection.vendor == "postgresql":
        return 'LEAST(COALESCE(m."end", %s), %s) - GREATEST(m.start, %s) + 1'
    return 'julianday(MIN(COALESCE(m."end", %s), %s)) - julianday(MAX(m.start, %s)) + 1'


# Participation: seats held in the month, those with at least one activity, and those that
# performed (at least the threshold, pro rata of the days on the team); with the breakdowns
# by unit one level down (the ranking), affiliation and age band that the page shows beside
# it, computed together.


def _counts(p) -> tuple[int, int, int]:
    return p.seats, p.active, p.performing


def _participation_selector(unit: OrgUnit, month: Period) -> tuple:
    figures = Figures(unit, month, month)
    return (
        _counts(figures.participation()),
        {p.key: _counts(p) for p in figures.by_affiliation()},
        {p.key: _counts(p) for p in figures.by_age_band()},
        {key: _counts(p) for key, p in figures.by_child().items()},
    )


def _child_of(unit: OrgUnit) -> str:
    """SQL: the id of the unit one level down of `unit` holding u (from u.path)."""
    tail = f"substr(u.path, {len(unit.path) + 1})"
    if connection.vendor == "postgresql":
        return f"CAST(NULLIF(split_part({tail}, '/', 1), '') AS INTEGER)"
    return f"CAST(NULLIF(substr({tail}, 1, instr({tail}, '/') - 1), '') AS INTEGER)"


def _participation_floor(unit: OrgUnit, month: Period) -> tuple:
    """The rules for one month in one statement grouped by unit one level down, affiliation
    and birth year (folded here into the total and the three breakdowns); a seat's
    memberships never overlap, so their days add up: days on the team, activities from the
    member facts."""
    first, last = month.first_day, month.last_day
    days = days_in_month()
    rows = sql(
        "SELECT child, mb.affiliation, mb.birth_year, COUNT(*), SUM(CASE WHEN a > 0 THEN 1 "  # noqa: S608
        "ELSE 0 END), SUM(CASE WHEN a > 0 AND a * %s >= %s * days THEN 1 ELSE 0 END) FROM "
        f"(SELECT m.member_id, MAX({_child_of(unit)}) AS child, SUM({days}) AS days, "
        "COALESCE(MAX(f.activities), 0) AS a "
        f"FROM {table('teams.Membership')} m JOIN {table('teams.Team')} t ON t.id = m.team_id "
        f"JOIN {table('orgunits.OrgUnit')} u ON u.id = t.unit_id "
        f"LEFT JOIN {table('dashboard.MemberMonthFact')} f ON f.member_id = m.member_id "
        "AND f.team_id = m.team_id AND f.period = %s "
        'WHERE u.path LIKE %s AND m.start <= %s AND (m."end" IS NULL OR m."end" >= %s) '
        f"GROUP BY m.member_id, m.team_id) seats JOIN {table('teams.Member')} mb "
        "ON mb.id = seats.member_id GROUP BY child, mb.affiliation, mb.birth_year",
        [month.days, threshold(), last, last, first, str(month), unit.path + "%", last, first],
    )
    total = [0, 0, 0]
    groups: list[dict] = [defaultdict(lambda: [0, 0, 0]) for _ in range(3)]
    for child, affiliation, born, *counts in rows:
        keys = (affiliation or "", age_band(born, last.year), child)
        for sums in (total, *(g[k] for g, k in zip(groups, keys, strict=True))):
            for i, n in enumerate(counts):
                sums[i] += int(n or 0)
    return (tuple(total), *({k: tuple(v) for k, v in g.items()} for g in groups))


# Completeness of a unit for a month, by unit one level down.


def _completeness_selector(unit: OrgUnit, period: Period, now: datetime) -> dict:
    """The counts the dashboards and the API show (the lists of who is missing are the
    report pages', one team at a time)."""
    result = rollup(unit, period, now, rows=False)
    out = {child.pk: (s.expected, s.reported) for child, s in result["children"] if s.expected}
    out["total"] = (result["total"].expected, result["total"].reported)
    return out


def _completeness_floor(unit: OrgUnit, period: Period, now: datetime) -> dict:
    first, last = period.first_day, period.last_day
    days = days_in_month()
    child = "CASE WHEN u.level = 'commune' THEN u.id ELSE u.parent_id END"
    statuses = ", ".join(f"'{s}'" for s in COUNTED)
    rows = sql(
        f"SELECT {child}, COUNT(*), COUNT(r.id) FROM {table('teams.Membership')} m "  # noqa: S608
        f"JOIN {table('teams.Team')} t ON t.id = m.team_id "
        f"JOIN {table('orgunits.OrgUnit')} u ON u.id = t.unit_id "
        f"LEFT JOIN {table('reports.MonthlyReport')} r ON r.team_id = m.team_id "
        f"AND r.member_id = m.member_id AND r.period = %s AND r.status IN ({statuses}) "
        f"WHERE u.path LIKE %s AND {days} >= %s GROUP BY {child}",
        [str(period), unit.path + "%", last, last, first, EXPECTED_MIN_DAYS],
    )
    out = {r[0]: (r[1], r[2]) for r in rows}
    out["total"] = (sum(r[1] for r in rows), sum(r[2] for r in rows))
    return out


# Month close: a month's facts rebuilt from its activities.


def _rebuild_floor(period: Period) -> tuple[int, int]:
    area, member = table("dashboard.MonthlyFact"), table("dashboard.MemberMonthFact")
    commune, province = table("dashboard.CommuneMonthFact"), table("dashboard.ProvinceMonthFact")
    activity = table("activities.Activity")
    text, first, last = str(period), period.first_day, period.last_day
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {area} WHERE period = %s", [text])  # noqa: S608
        cursor.execute(f"DELETE FROM {member} WHERE period = %s", [text])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {area} (team_id, village_id, type_id, period, activities, count, "  # noqa: S608
            "women, ethnic_minority, elderly, households_without_smartphone) "
            "SELECT team_id, village_id, type_id, %s, COUNT(*), SUM(people_helped), SUM(women), "
            "SUM(ethnic_minority), SUM(elderly), SUM(households_without_smartphone) "
            f"FROM {activity} WHERE date >= %s AND date <= %s "
            "GROUP BY team_id, village_id, type_id",
            [text, first, last],
        )
        areas = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {member} (member_id, team_id, period, activities, count, "  # noqa: S608
            "days_active, last_date) SELECT member_id, team_id, %s, COUNT(*), "
            "SUM(people_helped), COUNT(DISTINCT date), MAX(date) "
            f"FROM {activity} WHERE date >= %s AND date <= %s GROUP BY member_id, team_id",
            [text, first, last],
        )
        members = cursor.rowcount
        cursor.execute(f"DELETE FROM {commune} WHERE period = %s", [text])  # noqa: S608
        key = "CASE WHEN u.level = 'commune' THEN u.id ELSE u.parent_id END"
        sums = ", ".join(f"SUM(f.{m})" for m in MEASURES)
        cursor.execute(
            f"INSERT INTO {commune} (commune_id, period, type_id, {', '.join(MEASURES)}) "  # noqa: S608
            f"SELECT {key}, f.period, f.type_id, {sums} FROM {area} f "
            f"JOIN {table('teams.Team')} t ON t.id = f.team_id "
            f"JOIN {table('orgunits.OrgUnit')} u ON u.id = t.unit_id "
            f"WHERE f.period = %s GROUP BY {key}, f.period, f.type_id",
            [text],
        )
        cursor.execute(f"DELETE FROM {province} WHERE period = %s", [text])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {province} (province_id, period, type_id, {', '.join(MEASURES)}) "  # noqa: S608
            f"SELECT u.parent_id, f.period, f.type_id, {sums} FROM {commune} f "
            f"JOIN {table('orgunits.OrgUnit')} u ON u.id = f.commune_id "
            f"WHERE f.period = %s GROUP BY u.parent_id, f.period, f.type_id",
            [text],
        )
        return areas, members


def _facts_of(period: Period) -> tuple[int, ...]:
    text = str(period)
    area = MonthlyFact.objects.filter(period=text)
    communes = CommuneMonthFact.objects.filter(period=text)
    provinces = ProvinceMonthFact.objects.filter(period=text)
    return (
        area.count(),
        MemberMonthFact.objects.filter(period=text).count(),
        sum(area.values_list("activities", flat=True)),
        sum(communes.values_list("activities", flat=True)),
        provinces.count(),
        sum(provinces.values_list("activities", flat=True)),
    )


# Exports: the province's monthly report, against the SQL that yields its figures.


def _export_floor(unit: OrgUnit, period: Period) -> int:
    rows = sql(
        f"SELECT a.team_id, a.type_id, COUNT(*), SUM(a.people_helped) "  # noqa: S608
        f"FROM {table('activities.Activity')} a JOIN {table('teams.Team')} t ON t.id = a.team_id "
        f"JOIN {table('orgunits.OrgUnit')} u ON u.id = t.unit_id "
        "WHERE u.path LIKE %s AND a.date >= %s AND a.date <= %s GROUP BY a.team_id, a.type_id",
        [unit.path + "%", period.first_day, period.last_day],
    )
    return sum(r[2] for r in rows)


def _export_total(document) -> int:
    return document.tables[0].total[1]


def measure(data: Dataset, log=print) -> list[Row]:
    rows: list[Row] = []
    province = OrgUnit.objects.get(pk=data.province_id)
    commune = OrgUnit.objects.get(pk=data.commune_id)
    month = data.periods[-2]  # the last complete month
    year = (data.periods[0], data.periods[-1])
    repeat = 5 if data.scale <= 4 else 3

    def same(figure: str, *answers) -> None:
        if any(a != answers[0] for a in answers[1:]):
            raise AssertionError(f"{figure}: the selector and its floor disagree: {answers}")

    # The least any figure read from the database costs: below 20 of these, no selector
    # that sends a statement can be 20 times faster than the raw aggregate.
    figure = "A statement's round trip (SELECT 1), the least a figure read from the database costs"
    log(f"  {figure}")
    ((trip, _one),) = timed(lambda: sql("SELECT 1", []), repeat=PAIR_REPEAT)
    rows.append(Row(figure, trip * 1000, "µs"))

    for unit, where in ((country(), "country"), (province, "province"), (commune, "commune")):
        for (first, last), span in (((month, month), "month"), (year, "12 months")):
            figure = f"Activities by type, {where}, {span}"
            log(f"  {figure}")
            (s, a), (f, b) = timed(
                partial(_by_type_selector, unit, first, last),
                partial(_by_type_floor, unit, first, last),
                repeat=PAIR_REPEAT,
            )
            ((r, c),) = timed(partial(_by_type_raw, unit, first, last), repeat=repeat)
            same(figure, a, b, c)
            rows.append(Row(figure, s, "ms", floor=f, raw=r, target="≤ 1.5× floor, ≥ 20× raw",
                            ok=s <= 1.5 * f and r >= 20 * s,
                            note=f"raw = {r / trip:,.0f} round trips"))  # fmt: skip
        figure = f"Participation and its breakdowns (unit, affiliation, age), {where}, month"
        log(f"  {figure}")
        (s, a), (f, b) = timed(
            partial(_participation_selector, unit, month),
            partial(_participation_floor, unit, month),
            repeat=repeat,
        )
        same(figure, a, b)
        rows.append(Row(figure, s, "ms", floor=f, target="≤ 1.5× floor", ok=s <= 1.5 * f))

    now = timezone.now()
    figure = f"Completeness of a province, {month.label}"
    log(f"  {figure}")
    (s, a), (f, b) = timed(
        lambda: _completeness_selector(province, month, now),
        lambda: _completeness_floor(province, month, now),
        repeat=repeat,
    )
    same(figure, a, b)
    rows.append(Row(figure, s, "ms", floor=f, target="", ok=None))

    figure = f"Month close: facts rebuilt for {month.label}, whole dataset"
    log(f"  {figure}")
    before = _facts_of(month)
    (s, _a), (f, _b) = timed(
        lambda: facts.rebuild(month), lambda: _rebuild_floor(month), repeat=min(repeat, 3)
    )
    facts.rebuild(month)
    same(figure, before, _facts_of(month))
    # Each rebuild above replaced the month's facts: vacuum them, as autovacuum would.
    vacuum("dashboard.MonthlyFact", "dashboard.MemberMonthFact", "dashboard.CommuneMonthFact",
           "dashboard.ProvinceMonthFact")  # fmt: skip
    rows.append(Row(figure, s, "ms", floor=f, target="≤ 2× floor", ok=s <= 2 * f))

    expected = _export_floor(province, month)
    for fmt, writer in (("xlsx", write_xlsx), ("docx", write_docx)):
        figure = f"Export of a province's monthly report (.{fmt})"
        log(f"  {figure}")
        sizes = []

        def export(writer=writer, sizes=sizes):
            document = build(province, month)
            sizes.append(len(writer(document)))
            return _export_total(document)

        (s, a), (f, b) = timed(
            export, lambda: _export_floor(province, month), repeat=min(repeat, 3)
        )
        same(figure, a, b, expected)
        rows.append(Row(figure, s, "ms", floor=f, note=f"{sizes[-1] / 1024:,.0f} KB file"))
    return rows
