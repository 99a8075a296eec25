"""Completeness: who was expected, who reported on time, late, or not at all."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.factories import make_member, make_team
from cdtt.periods import Period
from cdtt.reports.completeness import Timeliness, deadline_for, expected_members, rollup
from cdtt.reports.models import MonthlyReport, ReportSettings, Status
from cdtt.teams.models import Membership

pytestmark = pytest.mark.django_db
NOVEMBER = Period(2026, 11)


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def submitted(team, member, when: datetime, status=Status.SUBMITTED):
    return MonthlyReport.objects.create(
        team=team, member=member, period=str(NOVEMBER), status=status, submitted_at=when
    )


def statuses(unit, now):
    return {r.membership.member.full_name: r.status for r in expected_members(unit, NOVEMBER, now)}


def test_joins_and_departures_inside_the_month(tree):
    team = make_team(tree["village"])
    make_member("Vào ngày 28", team, start=date(2026, 11, 28))
    make_member("Rời ngày 3", team, start=date(2025, 1, 1), end=date(2026, 11, 3))
    make_member("Vào ngày 10", team, start=date(2026, 11, 10))  # 21 days: expected
    make_member("Rời ngày 20", team, start=date(2025, 1, 1), end=date(2026, 11, 20))
    make_member("Rời tháng trước", team, start=date(2025, 1, 1), end=date(2026, 10, 31))
    make_member("Vào tháng sau", team, start=date(2026, 12, 1))
    assert statuses(tree["village"], at(date(2026, 12, 1))) == {
        "Vào ngày 10": Timeliness.PENDING, "Rời ngày 20": Timeliness.PENDING,
    }  # fmt: skip


def test_on_time_late_and_missing_against_the_province_deadline(tree):
    ReportSettings.objects.create(province=tree["province"], deadline_day=7)
    team = make_team(tree["village"])
    on_time = make_member("Đúng hạn", team)
    late = make_member("Muộn", team)
    make_member("Không nộp", team)
    returned = make_member("Bị trả lại", team)
    deadline = deadline_for(tree["province"], NOVEMBER)
    assert deadline.date() == date(2026, 12, 7)
    submitted(team, on_time, at(date(2026, 12, 7), 23))
    submitted(team, late, deadline + timedelta(minutes=1), Status.CONFIRMED)
    submitted(team, returned, at(date(2026, 12, 2)), Status.RETURNED)
    assert statuses(tree["village"], at(date(2026, 12, 8))) == {
        "Đúng hạn": Timeliness.ON_TIME, "Muộn": Timeliness.LATE,
        "Không nộp": Timeliness.MISSING, "Bị trả lại": Timeliness.MISSING,
    }  # fmt: skip
    assert statuses(tree["village"], at(date(2026, 12, 3)))["Không nộp"] == Timeliness.PENDING


def test_a_team_with_no_members_and_the_rollup_never_above_100(tree):
    empty = make_team(tree["sibling_village"])
    team = make_team(tree["village"])
    expected = make_member("Có mặt", team)
    newcomer = make_member("Mới vào ngày 28", team, start=date(2026, 11, 28))
    submitted(team, expected, at(date(2026, 12, 1)))
    submitted(team, newcomer, at(date(2026, 12, 1)))  # reports anyway: shown, not counted
    result = rollup(tree["commune"], NOVEMBER, at(date(2026, 12, 10)))
    assert result["total"].as_dict() == {
        "expected": 1,
        "on_time": 1,
        "late": 0,
        "pending": 0,
        "missing": 0,
        "rate": 1.0,
    }
    children = {unit.name: summary.as_dict() for unit, summary in result["children"]}
    assert children["Bản Nà Sáy"]["expected"] == 0 and children["Bản Nà Sáy"]["rate"] == 0
    assert empty.unit.name == "Bản Nà Sáy"
    province = rollup(tree["province"], NOVEMBER, at(date(2026, 12, 10)))
    assert province["total"].rate == 1.0
    assert dict((u.name, s.expected) for u, s in province["children"])["Xã Mường Mùn Thử"] == 1


def test_the_completeness_api_is_scoped(client, tree, users):
    team = make_team(tree["village"])
    make_member("Lò Thị Ơn", team)
    client.force_login(users[Role.COMMUNE])
    answer = client.get(
        "/api/v1/completeness/", {"orgunit": tree["commune"].pk, "period": "2026-11"}
    )
    assert answer.status_code == 200
    assert answer.json()["total"]["expected"] == 1
    sibling = client.get(
        "/api/v1/completeness/", {"orgunit": tree["sibling_commune"].pk, "period": "2026-11"}
    )
    assert sibling.status_code == 404
    assert (
        client.get(
            "/api/v1/completeness/", {"orgunit": tree["commune"].pk, "period": "11/2026"}
        ).status_code
        == 400
    )


def test_counting_without_rows_gives_the_same_figures(tree):
    """Dashboards count from plain values (rows=False); the pages that list members build
    the rows. Both must agree on every rule: joins, departures, late, returned, extra."""
    ReportSettings.objects.create(province=tree["province"], deadline_day=7)
    team = make_team(tree["village"])
    other = make_team(tree["sibling_village"])
    make_team(tree["commune"])
    make_member("Vào ngày 28", team, start=date(2026, 11, 28))
    make_member("Rời ngày 3", team, start=date(2025, 1, 1), end=date(2026, 11, 3))
    make_member("Vào ngày 10", other, start=date(2026, 11, 10))
    on_time, late = make_member("Đúng hạn", team), make_member("Muộn", other)
    returned, extra = (
        make_member("Bị trả lại", team),
        make_member("Mới", team, start=date(2026, 11, 29)),
    )
    make_member("Không nộp", other)
    # Left and came back within the month: one expected pair.
    twice = make_member("Hai lần", other, start=date(2026, 10, 1), end=date(2026, 11, 10))
    Membership.objects.create(team=other, member=twice, start=date(2026, 11, 12))
    deadline = deadline_for(tree["province"], NOVEMBER)
    submitted(team, on_time, at(date(2026, 12, 7), 23))
    submitted(other, late, deadline + timedelta(minutes=1), Status.APPROVED)
    submitted(team, returned, at(date(2026, 12, 2)), Status.RETURNED)
    submitted(team, extra, at(date(2026, 12, 1)))
    for unit in (tree["province"], tree["commune"], tree["village"]):
        for now in (at(date(2026, 12, 3)), at(date(2026, 12, 9))):
            full, counted = rollup(unit, NOVEMBER, now), rollup(unit, NOVEMBER, now, rows=False)
            assert full["total"].as_dict() == counted["total"].as_dict()
            assert [(u.pk, s.as_dict()) for u, s in full["children"]] == [
                (u.pk, s.as_dict()) for u, s in counted["children"]
            ]
    province = rollup(tree["province"], NOVEMBER, at(date(2026, 12, 9)), rows=False)["total"]
    assert province.as_dict()["expected"] == 6 and province.reported == 2
