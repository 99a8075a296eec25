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
from cdtt.periods import Period
from cdtt.teams.models import Team

from .models import MemberMonthFact, MonthlyFact

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
        return areas, cursor.rowcount


def periods_with_activities() -> list[Period]:
    """Every month that has activities or facts (what a full rebuild must visit)."""
    days = Activity.objects.dates("date", "month")
    stored = set(MonthlyFact.objects.values_list("period", flat=True).distinct())
    stored |= set(MemberMonthFact.objects.values_list("period", flat=True).distinct())
    return sorted({Period.of(d) for d in days} | {Period.parse(p) for p in stored})
