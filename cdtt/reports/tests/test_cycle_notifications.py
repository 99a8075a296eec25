"""Each event of the monthly cycle tells the next people, by a real SMTP server (aiosmtpd):
one message to each of the right people, none to anyone else, nothing twice when the
queue's task runs again, and nothing before the action commits."""

import uuid

import pytest

from cdtt.accounts.models import Role, User
from cdtt.activities.actions import record_activity
from cdtt.factories import make_member, make_team, make_user
from cdtt.notify.models import Notification
from cdtt.reports.actions import (
    approve_month,
    confirm_report,
    get_or_start_report,
    remind,
    request_unlock,
    return_report,
    submit_report,
    unlock_team_month,
)
from cdtt.reports.models import MonthlyReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree, users, crew):
    """Everyone with an e-mail address, those who must hear and those who must not."""
    addresses = {"leader": "pieng@example.vn", "member": "mai@example.vn",
                 "commune": "xa@example.vn", "province": "tinh@example.vn"}  # fmt: skip
    for username, address in addresses.items():
        User.objects.filter(username=username).update(email=address)
    # Others who must never hear of this team: another team's leader, another commune's
    # officer, a member of the same village without a role in this team.
    other_team = make_team(tree["sibling_village"])
    make_member("Lò Văn Khánh", other_team, "leader",
                user=make_user(Role.LEADER, tree["sibling_village"], "khanh",
                               email="khanh@example.vn"))  # fmt: skip
    make_user(Role.COMMUNE, tree["sibling_commune"], "xa-ben", email="xaben@example.vn")
    make_user(Role.MEMBER, tree["village"], "ngoai", email="ngoai@example.vn")
    for user in User.objects.all():
        user.refresh_from_db()
    return {u.username: u for u in User.objects.all()}


def sent(smtp_server) -> list[tuple[str, str]]:
    found = sorted((m["To"], " ".join(m["Subject"].split())) for m in smtp_server)
    smtp_server.clear()
    return found


def run_twice(capture, action, *args):
    """Do the action; once committed, run its queued task twice (a rerun, a retry)."""
    with capture() as queued:
        result = action(*args)
    for callback in queued:
        callback()
        callback()
    return result


def test_every_event_tells_the_right_people_once(
    tree, crew, people, last_month, smtp_server, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    month = last_month.label
    team = crew["team"]
    record_activity(people["member"], {
        "id": str(uuid.uuid4()), "member": crew["mai"].pk, "team": team.pk,
        "village": tree["village"].pk, "date": last_month.first_day.isoformat(),
        "type": "vneid_level2", "people_helped": 2,
    })  # fmt: skip
    mai = get_or_start_report(team, crew["mai"], last_month)

    run_twice(capture, submit_report, people["member"], mai)
    assert sent(smtp_server) == [
        ("pieng@example.vn", f"Lường Thị Mai đã gửi báo cáo tháng {month}")
    ]

    run_twice(capture, return_report, people["leader"], mai, "Bổ sung số hộ ngày 15")
    messages = list(smtp_server)
    assert sent(smtp_server) == [("mai@example.vn", f"Báo cáo tháng {month} của bạn bị trả lại")]
    assert "Bổ sung số hộ ngày 15" in messages[0].get_content()
    assert f"/reports/my/{last_month}/" in messages[0].get_content()

    run_twice(capture, submit_report, people["member"], mai)  # sent again: told again
    assert sent(smtp_server) == [
        ("pieng@example.vn", f"Lường Thị Mai đã gửi báo cáo tháng {month}")
    ]

    # The commune hears only when every expected member's report is confirmed.
    run_twice(capture, confirm_report, people["leader"], mai)
    assert sent(smtp_server) == []
    for member in (crew["leader"], crew["pao"]):
        report = get_or_start_report(team, member, last_month)
        submit_report(people["leader"], report)  # the leader sends his and Páo's
        run_twice(capture, confirm_report, people["leader"], report)
    assert sent(smtp_server) == [
        ("xa@example.vn", f"{team}: mọi báo cáo tháng {month} đã được xác nhận")
    ]

    run_twice(capture, approve_month, people["commune"], team, last_month)
    approved = f"{team}: tháng {month} đã được phê duyệt và khóa"
    assert sent(smtp_server) == [
        ("mai@example.vn", approved), ("pao@example.vn", approved), ("pieng@example.vn", approved),
    ]  # fmt: skip

    run_twice(capture, request_unlock, people["leader"], team, last_month, "Sót hoạt động")
    assert sent(smtp_server) == [("tinh@example.vn", f"{team} đề nghị mở khóa tháng {month}")]

    run_twice(capture, unlock_team_month, people["province"], team, last_month, "Bổ sung ngày 20")
    unlocked = f"{team}: tháng {month} đã được mở khóa"
    messages = list(smtp_server)
    assert sent(smtp_server) == [
        ("mai@example.vn", unlocked), ("pao@example.vn", unlocked),
        ("pieng@example.vn", unlocked), ("xa@example.vn", unlocked),
    ]  # fmt: skip
    assert all("Bổ sung ngày 20" in m.get_content() for m in messages)
    # In the app too, each with the page where the work is: Mai has hers.
    links = list(Notification.objects.filter(user=people["member"]).values_list("title", "url"))
    assert (f"Báo cáo tháng {month} của bạn bị trả lại", f"/reports/my/{last_month}/") in links
    assert not Notification.objects.filter(user__username__in=["khanh", "xa-ben", "ngoai"])


def test_a_refused_action_tells_nobody(
    crew, people, last_month, smtp_server, django_capture_on_commit_callbacks
):
    from cdtt.reports.actions import ReportError

    report = get_or_start_report(crew["team"], crew["mai"], last_month)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ReportError):
            return_report(people["leader"], report, "Sai")  # a draft cannot be returned
        with pytest.raises(ReportError):
            approve_month(people["leader"], crew["team"], last_month)  # leaders do not approve
    assert smtp_server == [] and not Notification.objects.exists()


def test_the_leaders_reminder_reaches_the_member_once_a_day(
    crew, people, last_month, smtp_server, django_capture_on_commit_callbacks
):
    for _tap in range(3):
        run_twice(
            django_capture_on_commit_callbacks, remind, people["leader"], crew["team"],
            crew["mai"], last_month,
        )  # fmt: skip
    assert sent(smtp_server) == [("mai@example.vn", f"Nhắc gửi báo cáo tháng {last_month.label}")]
    MonthlyReport.objects.create(
        team=crew["team"], member=crew["pao"], period=str(last_month), status="submitted"
    )
    from cdtt.reports.actions import ReportError

    with pytest.raises(ReportError, match="đã gửi báo cáo"):
        remind(people["leader"], crew["team"], crew["pao"], last_month)
    with pytest.raises(ReportError):
        remind(people["member"], crew["team"], crew["pao"], last_month)  # members do not remind
