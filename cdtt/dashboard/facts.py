"""Keeping the facts in step with the activity log, and rebuilding them.

`activity_changed` is called by the activity writers (cdtt.activities.recording) inside their
transaction. It recomputes, from the activities themselves, every fact row the change
touches: the (team, village, month, type) rows before and after, and the (member, team,
month) rows. Recomputing (not adding deltas) keeps each row equal to its aggregate by
construction; the team's row is locked first (FOR NO KEY UPDATE, which does not conflict with
the key-share locks of inserts), so two writes to one team never race on a fact row.

`rebuild` replaces a month's facts in one transaction (delete + insert from one GROUP BY),
holding the same team locks, so running it twice, or while members record, leaves the facts
equal to the activities.
"""

from collections.abc import Iterable, Mapping
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Max, Sum

from cdtt.activities.models import Activity, ActivityType
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.periods import Period
from cdtt.teams.models import Team

from .models import CommuneMonthFact, MemberMonthFact, MonthlyFact

AREA_SUMS = {
    "count": "people_helped",
    "women": "women",
    "ethnic_minority": "ethnic_minority",
    "elderly": "elderly",
    "households_without_smartphone": "households_without_smartphone",
}
AREA_MEASURES = ("activities", *AREA_SUMS)
MEMBER_MEASURES = ("activities", "count", "days_active", "last_date")


def _area_annotations() -> dict:
    return {"activities": Count("id"), **{name: Sum(f) for name, f in AREA_SUMS.items()}}


def _member_annotations() -> dict:
    return {
        "activities": Count("id"),
        "count": Sum("people_helped"),
        "days_active": Count("date", distinct=True),
        "last_date": Max("date"),
    }


def _keys(wire: Mapping | None, type_ids: Mapping[str, int]) -> tuple[tuple, tuple] | None:
    if wire is None:
        return None
    period = Period.of(date.fromisoformat(wire["date"]))
    area = (wire["team"], wire["village"], str(period), type_ids[wire["type"]])
    return area, (wire["member"], wire["team"], str(period))


def activity_changed(before: Mapping | None, after: Mapping | None) -> None:
    """An activity was created (before=None), changed, or deleted (after=None); both in the
    wire format of DESIGN.md. Brings the facts it touches back to their aggregates."""
    codes = {w["type"] for w in (before, after) if w is not None}
    type_ids = dict(ActivityType.objects.filter(code__in=codes).values_list("code", "pk"))
    keys = [k for k in (_keys(before, type_ids), _keys(after, type_ids)) if k is not None]
    team_ids = sorted({area[0] for area, _member in keys})
    with transaction.atomic():
        list(Team.objects.select_for_update(no_key=True).filter(pk__in=team_ids).order_by("pk"))
        for area in dict.fromkeys(area for area, _member in keys):
            _refresh_area(*area)
        refresh_communes(area for area, _member in keys)
        for member_key in dict.fromkeys(member for _area, member in keys):
            _refresh_member(*member_key)


def _refresh_area(team_id: int, village_id: int, period: str, type_id: int) -> None:
    month = Period.parse(period)
    row = (
        Activity.objects.filter(team_id=team_id, village_id=village_id, type_id=type_id)
        .in_period(month)
        .aggregate(**_area_annotations())
    )
    key = {"team_id": team_id, "village_id": village_id, "period": period, "type_id": type_id}
    _store(MonthlyFact, key, row, AREA_MEASURES)


def _refresh_member(member_id: int, team_id: int, period: str) -> None:
    month = Period.parse(period)
    row = (
        Activity.objects.filter(member_id=member_id, team_id=team_id)
        .in_period(month)
        .aggregate(**_member_annotations())
    )
    key = {"member_id": member_id, "team_id": team_id, "period": period}
    _store(MemberMonthFact, key, row, MEMBER_MEASURES)


def _commune_of(team_ids: Iterable[int]) -> dict[int, int]:
    """The commune of each team: its own unit, or its village's commune."""
    return {
        pk: unit_id if level == Level.COMMUNE else parent_id
        for pk, unit_id, level, parent_id in Team.objects.filter(pk__in=set(team_ids)).values_list(
            "pk", "unit_id", "unit__level", "unit__parent_id"
        )
    }


def refresh_communes(area_keys: Iterable[tuple]) -> None:
    """Bring the commune rows of some (team, village, period, type) keys back to the sums of
    their MonthlyFact rows; call inside the transaction that changed those rows, after it
    locked the teams. The communes are locked next (teams first, then communes, each in id
    order, in every writer), so two teams of one commune never race on a commune row."""
    keys = list(area_keys)
    communes = _commune_of(team for team, _village, _period, _type in keys)
    wanted = {(communes[team], period, type_id) for team, _village, period, type_id in keys}
    if not wanted:
        return
    list(
        OrgUnit.objects.select_for_update(no_key=True)
        .filter(pk__in={c for c, _p, _t in wanted})
        .order_by("pk")
        .values_list("pk")
    )
    for commune_id, period, type_id in sorted(wanted):
        row = (
            MonthlyFact.objects.filter(
                period=period, type_id=type_id, team__unit__path__startswith=_path(commune_id)
            )
            .order_by()
            .aggregate(**{name: Sum(name) for name in AREA_MEASURES})
        )
        key = {"commune_id": commune_id, "period": period, "type_id": type_id}
        _store(CommuneMonthFact, key, row, AREA_MEASURES)


def _path(unit_id: int) -> str:
    return OrgUnit.objects.values_list("path", flat=True).get(pk=unit_id)


def _store(model, key: dict, row: dict, measures: Iterable[str]) -> None:
    """Write the aggregate under its key; no activity left means no row."""
    if not row["activities"]:
        model.objects.filter(**key).delete()
        return
    values = {name: row[name] or 0 for name in measures}
    if not model.objects.filter(**key).update(**values):
        model.objects.create(**key, **values)


def rebuild(period: Period) -> tuple[int, int]:
    """Replace one month's facts with the aggregates of its activities; returns the numbers
    of (area, member) rows written. Idempotent.

    The aggregates go from the activities to the facts inside the database (INSERT … SELECT,
    one statement per table): a province's month never travels through Python."""
    text = str(period)
    activity = Activity._meta.db_table
    area, member = MonthlyFact._meta.db_table, MemberMonthFact._meta.db_table
    sums = ", ".join(f"SUM({column})" for column in AREA_SUMS.values())
    in_month = "WHERE date >= %s AND date <= %s"
    bounds = [period.first_day, period.last_day]
    with transaction.atomic(), connection.cursor() as cursor:
        list(Team.objects.select_for_update(no_key=True).order_by("pk").values_list("pk"))
        MonthlyFact.objects.filter(period=text).delete()
        MemberMonthFact.objects.filter(period=text).delete()
        cursor.execute(
            f"INSERT INTO {area} (team_id, village_id, type_id, period, activities, "  # noqa: S608
            f"{', '.join(AREA_SUMS)}) SELECT team_id, village_id, type_id, %s, COUNT(*), {sums} "
            f"FROM {activity} {in_month} GROUP BY team_id, village_id, type_id",
            [text, *bounds],
        )
        areas = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {member} (member_id, team_id, period, activities, count, days_active, "  # noqa: S608
            "last_date) SELECT member_id, team_id, %s, COUNT(*), SUM(people_helped), "
            f"COUNT(DISTINCT date), MAX(date) FROM {activity} {in_month} "
            "GROUP BY member_id, team_id",
            [text, *bounds],
        )
        members = cursor.rowcount
        CommuneMonthFact.objects.filter(period=text).delete()
        fill_communes(cursor, text)
        return areas, members


def fill_communes(cursor, period: str) -> None:
    """Write a month's commune rows from its MonthlyFact rows (INSERT … SELECT)."""
    commune = CommuneMonthFact._meta.db_table
    team, unit = Team._meta.db_table, OrgUnit._meta.db_table
    sums = ", ".join(f"SUM(f.{name})" for name in AREA_MEASURES)
    key = f"CASE WHEN u.level = '{Level.COMMUNE}' THEN u.id ELSE u.parent_id END"
    cursor.execute(
        f"INSERT INTO {commune} (commune_id, period, type_id, {', '.join(AREA_MEASURES)}) "  # noqa: S608
        f"SELECT {key}, f.period, f.type_id, {sums} FROM {MonthlyFact._meta.db_table} f "
        f"JOIN {team} t ON t.id = f.team_id JOIN {unit} u ON u.id = t.unit_id "
        f"WHERE f.period = %s GROUP BY {key}, f.period, f.type_id",
        [period],
    )


def periods_with_activities() -> list[Period]:
    """Every month that has activities or facts (what a full rebuild must visit)."""
    days = Activity.objects.dates("date", "month")
    stored = set(MonthlyFact.objects.values_list("period", flat=True).distinct())
    stored |= set(MemberMonthFact.objects.values_list("period", flat=True).distinct())
    stored |= set(CommuneMonthFact.objects.values_list("period", flat=True).distinct())
    return sorted({Period.of(d) for d in days} | {Period.parse(p) for p in stored})
