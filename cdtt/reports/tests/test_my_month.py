"""The member's month and the team's month: opening them writes nothing; the member's words
start the report."""

import pytest

from cdtt.accounts.models import Role
from cdtt.reports.models import MonthlyReport, Status, TeamMonth

pytestmark = pytest.mark.django_db


def test_opening_a_month_writes_nothing(client, users, crew, last_month):
    client.force_login(users[Role.MEMBER])
    page = client.get(f"/reports/my/{last_month}/")
    assert page.status_code == 200
    assert "Bản nháp" in page.content.decode()  # the report as it starts: a draft
    client.force_login(users[Role.LEADER])
    assert client.get(f"/reports/team/{crew['team'].pk}/{last_month}/").status_code == 200
    assert not MonthlyReport.objects.exists()
    assert not TeamMonth.objects.exists()


def test_the_members_words_start_the_report_and_sending_it_submits(client, users, crew, last_month):
    client.force_login(users[Role.MEMBER])
    url = f"/reports/my/{last_month}/"
    words = {"team": crew["team"].pk, "difficulties": "Sóng yếu ở bản", "proposals": ""}
    assert client.post(url, words).status_code == 302
    report = MonthlyReport.objects.get(member=crew["mai"], period=str(last_month))
    assert (report.status, report.difficulties) == (Status.DRAFT, "Sóng yếu ở bản")
    client.post(url, {**words, "proposals": "Thêm điện thoại", "submit": "1"})
    report.refresh_from_db()
    assert (report.status, report.proposals) == (Status.SUBMITTED, "Thêm điện thoại")
    assert MonthlyReport.objects.count() == 1


def test_another_team_is_not_found(client, users, crew, last_month, tree):
    client.force_login(users[Role.MEMBER])
    answer = client.post(f"/reports/my/{last_month}/", {"team": 10**6, "difficulties": "x"})
    assert answer.status_code == 404
    assert not MonthlyReport.objects.exists()
