"""Keeping the facts in step with the activity log, and rebuilding them.

`activity_changed` (one activity) and `activities_changed` (a list: the API's batches, sent
by the activity writers' `activities_changed` signal) run inside the writer's transaction.
They recompute, from the activities themselves, every fact row the changes touch, once
each, by one grouped query per fact table: the (team, village, month, type) rows before and
after and the (member, team, month) rows; then the commune and province rows above them,
from the rows below. Recomputing (not adding deltas) keeps each row equal to its aggregate
by construction. The teams' rows are locked first, then their communes', then their
provinces' (FOR NO KEY UPDATE, which does not conflict with the key-share locks of inserts;
in id order at each level), so two writes never race on a fact row nor deadlock.

`rebuild` replaces a month's facts in one transaction (delete + insert from one GROUP BY),
holding the same team locks, so running it twice, or while members record, leaves the facts
equal to the activities.
"""

import operator
from collections.abc import Iterable, Mapping
from datetime import date
from functools import reduce

from django.db import connection, transaction
from django.db.models import Case, Count, F, Max, Q, When
from django.db.models.functions import TruncMonth
from django.dispatch import receiver

from cdtt.activities import measures, signals
from cdtt.activities.models import Activity, ActivityType
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.orgunits.subtree import subtree_q
from cdtt.periods import Period
from cdtt.teams.models import Team

from .models import CommuneMonthFact, MemberMonthFact, MonthlyFact, ProvinceMonthFact

AREA_MEASURES = measures.NAMES  # the area facts' columns: every measure
MEMBER_MEASURES = ("activities", "count", "days_active", "last_date")


def _area_annotations() -> dict:
    return measures.aggregates()


def _member_annotations() -> dict:
    return {
        "activities": measures.BY_NAME["activities"].aggregate(),
        "count": measures.BY_NAME["count"].aggregate(),
        "days_active": Count("date", distinct=True),
        "last_date": Max("date"),
    }


def _keys(wire: Mapping, type_ids: Mapping[str, int]) -> tuple[tuple, tuple]:
    period = Period.of(date.fromisoformat(wire["date"]))
    area = (wire["team"], wire["village"], str(period), type_ids[wire["type"]])
    return area, (wire["member"], wire["team"], str(period))


def activity_changed(before: Mapping | None, after: Mapping | None) -> None:
    """An activity was created (before=None), changed, or deleted (after=None); both in the
    wire format of DESIGN.md. Brings the facts it touches back to their aggregates."""
    activities_changed([(before, after)])


def activities_changed(changes: Iterable[tuple[Mapping | None, Mapping | None]]) -> None:
    """Many activities changed at once (a batch of the API): each fact row they touch is
    recomputed once, by one grouped query per fact table, under the teams' locks."""
    wires = [w for pair in changes for w in pair if w is not None]
    if not wires:
        return
    codes = {w["type"] for w in wires}
    type_ids = dict(ActivityType.objects.filter(code__in=codes).values_list("code", "pk"))
    keys = [_keys(w, type_ids) for w in wires]
    areas = {area for area, _member in keys}
    members = {member for _area, member in keys}
    team_ids = sorted({area[0] for area in areas})
    # Inside the writer's transaction: a failure here rolls the whole write back anyway.
    with transaction.atomic(savepoint=False):
        list(Team.objects.select_for_update(no_key=True).filter(pk__in=team_ids).order_by("pk"))
        _refresh(MonthlyFact, areas, ("team_id", "village_id", "period", "type_id"))
        provinces = refresh_communes(sorted(areas))
        _refresh(MemberMonthFact, members, ("member_id", "team_id", "period"))
        # Last, so that a province's row is locked for the least time before the commit.
        refresh_provinces(provinces)


# Connected when the dashboard app imports this module (DashboardConfig.ready).
@receiver(signals.activities_changed, dispatch_uid="dashboard.keep_facts_of_lists")
def _keep_facts_of_lists(sender, changes, **kwargs) -> None:
    activities_changed(changes)


def _refresh(model, keys: set[tuple], names: tuple[str, ...]) -> None:
    """Recompute the fact rows of `keys` (values of `names`, "period" among them) from the
    activities in one grouped query, then write them: upserted, or deleted when no activity
    is left under the key."""
    area = model is MonthlyFact
    annotations = _area_annotations() if area else _member_annotations()
    columns = AREA_MEASURES if area else MEMBER_MEASURES
    at = names.index("period")
    months = {}
    for key in keys:
        months.setdefault((key[names.index("team_id")], key[at]), set()).add(key)
    within = Q()
    for team_id, period in sorted(months):
        month = Period.parse(period)
        within |= Q(team_id=team_id, date__gte=month.first_day, date__lte=month.last_day)
    narrow = {
        f"{name}__in": {key[i] for key in keys}
        for i, name in enumerate(names)
        if name not in ("period", "team_id")
    }
    grouped = [name for name in names if name != "period"]
    rows = (
        Activity.objects.filter(within, **narrow)
        .annotate(month=TruncMonth("date"))
        .values(*grouped, "month")
        .annotate(**annotations)
        .order_by()
    )
    found = {}
    for row in rows:
        values = {name: row[name] for name in grouped}
        values["period"] = str(Period.of(row["month"]))
        key = tuple(values[name] for name in names)
        if key in keys:
            found[key] = {**values, **{name: row[name] or 0 for name in columns}}
    _write(model, names, keys, found, columns)


def _write(model, names: tuple[str, ...], keys: set[tuple], found: dict, measures) -> None:
    """Store the recomputed rows of `keys`: `found` maps a key to its row's values (upserted
    in one statement); a key not found has no activity left, so its row is deleted."""
    if found:
        model.objects.bulk_create(
            [model(**values) for values in found.values()],
            update_conflicts=True,
            unique_fields=[name.removesuffix("_id") for name in names],
            update_fields=list(measures),
        )
    gone = [key for key in keys if key not in found]
    if gone:
        model.objects.filter(
            reduce(operator.or_, (Q(**dict(zip(names, key, strict=True))) for key in gone))
        ).delete()


def _commune_of(team_ids: Iterable[int]) -> dict[int, int]:
    """The commune of each team: its own unit, or its village's commune."""
    return {
        pk: unit_id if level == Level.COMMUNE else parent_id
        for pk, unit_id, level, parent_id in Team.objects.filter(pk__in=set(team_ids)).values_list(
            "pk", "unit_id", "unit__level", "unit__parent_id"
        )
    }


def refresh_communes(area_keys: Iterable[tuple]) -> set[tuple]:
    """Bring the commune rows of some (team, village, period, type) keys back to the sums of
    their MonthlyFact rows (one grouped query for all of them); call inside the transaction
    that changed those rows, after it locked the teams. The communes are locked next (teams
    first, then communes, then provinces, each in id order, in every writer), so two teams
    of one commune never race on a commune row. Returns the (province, period, type) keys
    above them, for `refresh_provinces`."""
    keys = list(area_keys)
    communes = _commune_of(team for team, _village, _period, _type in keys)
    wanted = {(communes[team], period, type_id) for team, _village, period, type_id in keys}
    if not wanted:
        return set()
    paths = dict(
        OrgUnit.objects.select_for_update(no_key=True)
        .filter(pk__in={c for c, _p, _t in wanted})
        .order_by("pk")
        .values_list("pk", "path")
    )
    rows = (
        MonthlyFact.objects.filter(
            reduce(operator.or_, (subtree_q(MonthlyFact, path) for path in paths.values())),
            period__in={p for _c, p, _t in wanted},
            type_id__in={t for _c, _p, t in wanted},
        )
        .annotate(
            commune_id=Case(
                When(team__unit__level=Level.COMMUNE, then=F("team__unit_id")),
                default=F("team__unit__parent_id"),
            )
        )
        .values("commune_id", "period", "type_id")
        .annotate(**measures.summed())
        .order_by()
    )
    _store_sums(CommuneMonthFact, ("commune_id", "period", "type_id"), wanted, rows)
    # A commune's path starts with its province's id.
    return {(int(paths[c].split("/", 1)[0]), period, t) for c, period, t in wanted}


def refresh_provinces(province_keys: Iterable[tuple]) -> None:
    """Bring the province rows of some (province, period, type) keys back to the sums of
    their communes' rows (one grouped query); call after `refresh_communes`, in the same
    transaction. The provinces are locked last, in id order, as in every writer."""
    wanted = set(province_keys)
    if not wanted:
        return
    provinces = {p for p, _m, _t in wanted}
    list(
        OrgUnit.objects.select_for_update(no_key=True)
        .filter(pk__in=provinces)
        .order_by("pk")
        .values_list("pk")
    )
    rows = (
        CommuneMonthFact.objects.filter(
            commune__parent_id__in=provinces,
            period__in={m for _p, m, _t in wanted},
            type_id__in={t for _p, _m, t in wanted},
        )
        .values("period", "type_id", province_id=F("commune__parent_id"))
        .annotate(**measures.summed())
        .order_by()
    )
    _store_sums(ProvinceMonthFact, ("province_id", "period", "type_id"), wanted, rows)


def _store_sums(model, names: tuple[str, ...], wanted: set[tuple], rows) -> None:
    """Write the summed `rows` (dicts with `names` and AREA_MEASURES) of the keys `wanted`;
    a wanted key without a row has nothing left under it and is deleted."""
    found = {}
    for row in rows:
        key = tuple(row[name] for name in names)
        if key in wanted:
            found[key] = {**row, **{name: row[name] or 0 for name in AREA_MEASURES}}
    _write(model, names, wanted, found, AREA_MEASURES)


def rebuild(period: Period) -> tuple[int, int]:
    """Replace one month's facts with the aggregates of its activities; returns the numbers
    of (area, member) rows written. Idempotent.

    The aggregates go from the activities to the facts inside the database (INSERT … SELECT,
    one statement per table): a province's month never travels through Python."""
    text = str(period)
    activity = Activity._meta.db_table
    area, member = MonthlyFact._meta.db_table, MemberMonthFact._meta.db_table
    sums = ", ".join(m.sql() for m in measures.MEASURES)
    in_month = "WHERE date >= %s AND date <= %s"
    bounds = [period.first_day, period.last_day]
    with transaction.atomic(), connection.cursor() as cursor:
        list(Team.objects.select_for_update(no_key=True).order_by("pk").values_list("pk"))
        MonthlyFact.objects.filter(period=text).delete()
        MemberMonthFact.objects.filter(period=text).delete()
        cursor.execute(
            f"INSERT INTO {area} (team_id, village_id, type_id, period, "  # noqa: S608  # nosec B608 - names from our models
            f"{', '.join(AREA_MEASURES)}) SELECT team_id, village_id, type_id, %s, {sums} "
            f"FROM {activity} {in_month} GROUP BY team_id, village_id, type_id",
            [text, *bounds],
        )
        areas = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {member} (member_id, team_id, period, activities, count, days_active, "  # noqa: S608  # nosec B608 - names from our models
            "last_date) SELECT member_id, team_id, %s, COUNT(*), SUM(people_helped), "
            f"COUNT(DISTINCT date), MAX(date) FROM {activity} {in_month} "
            "GROUP BY member_id, team_id",
            [text, *bounds],
        )
        members = cursor.rowcount
        CommuneMonthFact.objects.filter(period=text).delete()
        fill_communes(cursor, text)
        ProvinceMonthFact.objects.filter(period=text).delete()
        fill_provinces(cursor, text)
        return areas, members


def fill_communes(cursor, period: str) -> None:
    """Write a month's commune rows from its MonthlyFact rows (INSERT … SELECT)."""
    commune = CommuneMonthFact._meta.db_table
    team, unit = Team._meta.db_table, OrgUnit._meta.db_table
    sums = ", ".join(f"SUM(f.{name})" for name in AREA_MEASURES)
    key = f"CASE WHEN u.level = '{Level.COMMUNE}' THEN u.id ELSE u.parent_id END"
    cursor.execute(
        f"INSERT INTO {commune} (commune_id, period, type_id, {', '.join(AREA_MEASURES)}) "  # noqa: S608  # nosec B608 - names from our models
        f"SELECT {key}, f.period, f.type_id, {sums} FROM {MonthlyFact._meta.db_table} f "
        f"JOIN {team} t ON t.id = f.team_id JOIN {unit} u ON u.id = t.unit_id "
        f"WHERE f.period = %s GROUP BY {key}, f.period, f.type_id",
        [period],
    )


def fill_provinces(cursor, period: str) -> None:
    """Write a month's province rows from its CommuneMonthFact rows (INSERT … SELECT)."""
    province = ProvinceMonthFact._meta.db_table
    sums = ", ".join(f"SUM(f.{name})" for name in AREA_MEASURES)
    cursor.execute(
        f"INSERT INTO {province} (province_id, period, type_id, {', '.join(AREA_MEASURES)}) "  # noqa: S608  # nosec B608 - names from our models
        f"SELECT c.parent_id, f.period, f.type_id, {sums} "
        f"FROM {CommuneMonthFact._meta.db_table} f "
        f"JOIN {OrgUnit._meta.db_table} c ON c.id = f.commune_id "
        "WHERE f.period = %s AND c.parent_id IS NOT NULL GROUP BY c.parent_id, f.period, f.type_id",
        [period],
    )


def periods_with_activities() -> list[Period]:
    """Every month that has activities or facts (what a full rebuild must visit)."""
    days = Activity.objects.dates("date", "month")
    stored = set(MonthlyFact.objects.values_list("period", flat=True).distinct())
    stored |= set(MemberMonthFact.objects.values_list("period", flat=True).distinct())
    stored |= set(CommuneMonthFact.objects.values_list("period", flat=True).distinct())
    stored |= set(ProvinceMonthFact.objects.values_list("period", flat=True).distinct())
    return sorted({Period.of(d) for d in days} | {Period.parse(p) for p in stored})
