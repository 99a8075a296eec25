"""The member's month and the team's month: opening them writes nothing; the member's words
start the report."""

import pytest
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.factories import make_team
from cdtt.reports.models import MonthEvent, MonthlyReport, Status, TeamMonth, Transition
from cdtt.teams.models import Membership

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


def test_a_member_of_two_teams_writes_to_the_team_they_chose(client, users, crew, last_month, tree):
    commune_team = make_team(tree["commune"])
    Membership.objects.create(team=commune_team, member=crew["mai"], start=crew["start"])
    client.force_login(users[Role.MEMBER])
    url = f"/reports/my/{last_month}/"
    assert client.get(url).content.decode().count('name="team"') == 2
    client.post(url, {"team": commune_team.pk, "difficulties": "Thiếu máy tính", "proposals": ""})
    report = MonthlyReport.objects.get()
    assert (report.team, report.difficulties) == (commune_team, "Thiếu máy tính")


def test_an_approved_month_shows_no_form_and_a_post_starts_nothing(client, users, crew, last_month):
    approver = users[Role.COMMUNE]
    TeamMonth.objects.create(team=crew["team"], period=str(last_month),
                             approved_at=timezone.now(), approved_by=approver)  # fmt: skip
    client.force_login(users[Role.MEMBER])
    url = f"/reports/my/{last_month}/"
    page = client.get(url).content.decode()
    assert "đã được phê duyệt và khóa" in page and 'name="difficulties"' not in page
    answer = client.post(url, {"team": crew["team"].pk, "difficulties": "x", "submit": "1"},
                         follow=True)  # fmt: skip
    assert "đã được phê duyệt và khóa" in answer.content.decode()
    assert not MonthlyReport.objects.exists()


def test_steps_taken_by_the_system_show_in_the_history(client, users, crew, last_month):
    """Demo data, migrations and tasks act without a user: their steps read "hệ thống"
    (they failed the pages when the history looked up the missing user's name)."""
    report = MonthlyReport.objects.create(
        team=crew["team"], member=crew["mai"], period=str(last_month), status=Status.APPROVED
    )
    Transition.objects.create(report=report, from_status=Status.DRAFT,
                              to_status=Status.SUBMITTED, actor=None)  # fmt: skip
    month = TeamMonth.objects.create(team=crew["team"], period=str(last_month),
                                     approved_at=timezone.now())  # fmt: skip
    MonthEvent.objects.create(team_month=month, kind=MonthEvent.Kind.APPROVED, actor=None)
    client.force_login(users[Role.MEMBER])
    page = client.get(f"/reports/my/{last_month}/")
    assert page.status_code == 200 and "hệ thống · Đã gửi" in page.content.decode()
    client.force_login(users[Role.LEADER])
    page = client.get(f"/reports/team/{crew['team'].pk}/{last_month}/")
    assert page.status_code == 200 and "hệ thống" in page.content.decode()
