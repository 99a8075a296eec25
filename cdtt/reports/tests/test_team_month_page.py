"""The team's month as the leader and the commune use it: one card per member, what changed
since a report was sent, the figures confirmed; several teams confirmed or approved at once,
with a summary first and the work done as a job."""

import re
import uuid

import pytest
from django.urls import reverse

from cdtt.accounts.models import Role
from cdtt.activities.actions import delete_activity, record_activity
from cdtt.activities.models import Activity
from cdtt.factories import make_member, make_team
from cdtt.jobs.models import Job
from cdtt.reports.actions import confirm_report, get_or_start_report, submit_report
from cdtt.reports.models import MonthlyReport, Status, TeamMonth

pytestmark = pytest.mark.django_db


def entry(crew, tree, period, member="mai", day=10, count=3):
    return {
        "id": str(uuid.uuid4()), "member": crew[member].pk, "team": crew["team"].pk,
        "village": tree["village"].pk, "date": period.first_day.replace(day=day).isoformat(),
        "type": "vneid_level2", "people_helped": count,
    }  # fmt: skip


def card(html: str, member) -> str:
    return html.split(f'id="m{member.pk}"')[1].split("</article>")[0]


def test_a_sent_report_that_changes_is_flagged_for_member_and_leader(
    client, tree, users, crew, last_month
):
    record_activity(users[Role.MEMBER], entry(crew, tree, last_month, day=10, count=3))
    record_activity(users[Role.MEMBER], entry(crew, tree, last_month, day=11, count=2))
    report = get_or_start_report(crew["team"], crew["mai"], last_month)
    submit_report(users[Role.MEMBER], report)
    report.refresh_from_db()
    assert report.figures_sent == {"activities": 2, "count": 5, "days_active": 2}
    url = reverse("reports:team", args=[crew["team"].pk, str(last_month)])
    client.force_login(users[Role.LEADER])
    assert "Đã thay đổi sau khi gửi" not in client.get(url).content.decode()

    # After sending, Mai adds one entry and deletes another: 2 entries, 5 counted → 2, 4.
    record_activity(users[Role.MEMBER], entry(crew, tree, last_month, day=12, count=2))
    delete_activity(users[Role.MEMBER], Activity.objects.get(date__day=10))
    mai = card(client.get(url).content.decode(), crew["mai"])
    assert "Đã thay đổi sau khi gửi" in mai
    assert "số mục 2 → 2" in mai and "tổng số đếm 5 → 4" in mai
    client.force_login(users[Role.MEMBER])
    own = client.get(reverse("reports:my", args=[str(last_month)])).content.decode()
    assert "Đã thay đổi sau khi gửi" in own and "tổng số đếm 5 → 4" in own

    # Confirming records the figures confirmed; the card shows them.
    client.force_login(users[Role.LEADER])
    client.post(url, {"action": "confirm", "report": report.pk})
    report.refresh_from_db()
    assert report.status == Status.CONFIRMED
    assert report.figures_confirmed == {"activities": 2, "count": 4, "days_active": 2}
    mai = card(client.get(url).content.decode(), crew["mai"])
    assert "Số liệu đã xác nhận: 2 mục, tổng số đếm 4, 2 ngày hoạt động." in mai


def test_one_card_per_member_with_confirm_and_return(client, tree, users, crew, last_month):
    report = get_or_start_report(crew["team"], crew["mai"], last_month)
    report.difficulties = "Mất sóng 3G cả tuần"
    report.save()
    submit_report(users[Role.MEMBER], report)
    url = reverse("reports:team", args=[crew["team"].pk, str(last_month)])
    client.force_login(users[Role.LEADER])
    html = client.get(url).content.decode()
    assert html.count('class="card member-card"') == 3  # leader, Mai, Páo
    mai = card(html, crew["mai"])
    assert "Mất sóng 3G cả tuần" in mai and 'value="confirm"' in mai and 'value="return"' in mai
    pao = card(html, crew["pao"])
    assert re.search(r'class="state(?: state-missing)?">(Chưa gửi|Chưa nộp \(quá hạn\))', pao), pao
    assert "Nhắc" in pao and 'value="confirm"' not in pao
    answer = client.post(url, {"action": "return", "report": report.pk, "comment": "Thêm ảnh"})
    assert answer["Location"] == f"{url}#m{crew['mai'].pk}"
    report.refresh_from_db()
    assert report.status == Status.RETURNED


@pytest.fixture
def two_teams(tree, users, crew, last_month):
    """The home village's team with every report confirmed, the sibling village's too, and a
    third team where one report still waits for its leader."""
    teams = [crew["team"]]
    for member in (crew["leader"], crew["mai"], crew["pao"]):
        MonthlyReport.objects.create(team=crew["team"], member=member, period=str(last_month),
                                     status=Status.CONFIRMED)  # fmt: skip
    for key, status in (("sibling_village", Status.CONFIRMED), ("commune", Status.SUBMITTED)):
        team = make_team(tree[key])
        member = make_member(f"Thành viên {key}", team)
        MonthlyReport.objects.create(team=team, member=member, period=str(last_month),
                                     status=status)  # fmt: skip
        teams.append(team)
    record_activity(users[Role.MEMBER], entry(crew, tree, last_month))
    return teams


def test_the_commune_approves_two_teams_at_once(
    client, users, two_teams, last_month, django_capture_on_commit_callbacks
):
    client.force_login(users[Role.COMMUNE])
    batch = reverse("reports:batch", args=[str(last_month)])
    ids = [t.pk for t in two_teams]
    summary = client.get(batch, {"action": "approve", "team": ids}).content.decode()
    assert "Việc này khóa tháng của 2 tổ" in summary and "1 hoạt động" in summary
    assert "không đưa vào: còn 1 báo cáo chờ tổ trưởng xác nhận" in summary
    assert not TeamMonth.objects.filter(approved_at__isnull=False).exists()  # nothing yet
    posted = re.findall(r'name="team" value="(\d+)"', summary)
    assert sorted(map(int, posted)) == sorted(ids[:2])
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(batch, {"action": "approve", "team": posted})
    job = Job.objects.get()
    assert answer["Location"] == reverse("jobs:job", args=[job.pk])
    assert job.state == "done" and job.result == {"done": 2, "refused": 0}
    approved = set(
        TeamMonth.objects.filter(approved_at__isnull=False).values_list("team", flat=True)
    )
    assert approved == set(ids[:2])
    page = client.get(answer["Location"]).content.decode()
    assert "Bản Huổi Lóng: đã phê duyệt và khóa tháng." in page
    assert 'href="/home/todo/"' in page


def test_the_commune_confirms_the_reports_of_several_teams(
    client, users, two_teams, last_month, django_capture_on_commit_callbacks
):
    client.force_login(users[Role.COMMUNE])
    waiting = two_teams[2]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:batch", args=[str(last_month)]),
                    {"action": "confirm", "team": [waiting.pk]})  # fmt: skip
    assert set(MonthlyReport.objects.filter(team=waiting).values_list("status", flat=True)) == {
        Status.CONFIRMED
    }
    assert "đã xác nhận 1 báo cáo" in Job.objects.get().summary[0]


def test_teams_outside_the_subtree_are_left_out(client, tree, users, last_month):
    from cdtt.reports.batch import chosen_teams

    outside = make_team(tree["cousin_village"])
    assert chosen_teams(users[Role.COMMUNE], [outside.pk, "x", "²"]) == []
    client.force_login(users[Role.LEADER])
    answer = client.get(reverse("reports:batch", args=[str(last_month)]), {"action": "approve"})
    assert answer.status_code == 403


def test_confirm_then_the_leader_still_confirms_one_at_a_time(users, crew, last_month):
    report = get_or_start_report(crew["team"], crew["mai"], last_month)
    submit_report(users[Role.MEMBER], report)
    confirm_report(users[Role.LEADER], report)
    assert MonthlyReport.objects.get(pk=report.pk).figures_confirmed == {
        "activities": 0, "count": 0, "days_active": 0,
    }  # fmt: skip
