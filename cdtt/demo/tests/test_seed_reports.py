"""The demo's reports: five months approved and locked, the last one open, with gaps."""

from datetime import date

import pytest

from cdtt.accounts.models import Role
from cdtt.activities.models import MonthLock
from cdtt.demo.reports import seed_reports
from cdtt.factories import make_member, make_team, make_user
from cdtt.reports.models import MonthlyReport, Status, TeamMonth

pytestmark = pytest.mark.django_db


def test_five_months_approved_the_last_open_and_idempotent(tree):
    make_user(Role.COMMUNE, tree["commune"], "xa")
    for key in ["village", "sibling_village"]:
        team = make_team(tree[key])
        for i in range(12):
            make_member(f"Thành viên {key} {i}", team)
    today = date(2026, 11, 29)
    created = seed_reports(7, [tree["commune"]], today=today)
    assert created > 0 and seed_reports(7, [tree["commune"]], today=today) == 0
    periods = sorted(set(MonthlyReport.objects.values_list("period", flat=True)))
    assert periods == ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
    approved = set(
        TeamMonth.objects.filter(approved_at__isnull=False).values_list("period", flat=True)
    )
    assert approved == {"2026-05", "2026-06", "2026-07", "2026-08", "2026-09"}
    assert MonthLock.objects.filter(period="2026-09").count() == 2
    assert not MonthLock.objects.filter(period="2026-10").exists()
    last = MonthlyReport.objects.filter(period="2026-10")
    assert set(last.values_list("status", flat=True)) <= {Status.SUBMITTED, Status.CONFIRMED}
    per_month = MonthlyReport.objects.filter(period="2026-09").count()
    assert 0 < per_month < 24  # gaps: not everyone reports
